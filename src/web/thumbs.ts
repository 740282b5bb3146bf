import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { STATE_DIR } from '../config/defaults.js';

// Gallery thumbnails: made once per figure file (keyed by path, size and mtime) with node-canvas,
// the library simorg's own users draw with, and cached under .simorg/thumbs. A project without
// node-canvas (a Python-only one) gets no thumbnails: the gallery then shows the full image, scaled
// by the browser. (sharp would be a second native image library to install for this one page.)

export const THUMB_WIDTH = 360;

interface CanvasModule {
  createCanvas(
    w: number,
    h: number,
  ): {
    getContext(k: '2d'): { drawImage(i: unknown, x: number, y: number, w: number, h: number): void };
    toBuffer(m: 'image/png'): Buffer;
  };
  loadImage(src: string | Buffer): Promise<{ width: number; height: number }>;
}

let canvasModule: CanvasModule | null | undefined;

// The project's own copy first (what its figures were drawn with), else simorg's optional peer.
function loadCanvas(root: string): CanvasModule | null {
  if (canvasModule !== undefined) return canvasModule;
  for (const from of [join(root, 'package.json'), import.meta.url]) {
    try {
      canvasModule = createRequire(from)('canvas') as CanvasModule;
      return canvasModule;
    } catch {
      // not installed there
    }
  }
  canvasModule = null;
  return null;
}

const THUMBABLE = /\.(png|jpe?g|svg)$/i;

/**
 * The thumbnail file of the figure at `abs` (made now if not cached), or null when it cannot be
 * made (no node-canvas, a format it cannot read): the caller then serves the figure itself.
 */
export async function thumbnail(root: string, abs: string): Promise<string | null> {
  if (!THUMBABLE.test(abs)) return null;
  const st = statSync(abs);
  const key = createHash('sha1').update(`${abs}\0${st.size}\0${st.mtimeMs}\0${THUMB_WIDTH}`).digest('hex');
  const dir = join(root, STATE_DIR, 'thumbs');
  const file = join(dir, `${key}.png`);
  if (existsSync(file)) return file;
  const canvas = loadCanvas(root);
  if (!canvas) return null;
  try {
    const img = await canvas.loadImage(abs);
    if (!img.width || !img.height) return null;
    const scale = Math.min(1, THUMB_WIDTH / img.width);
    const w = Math.max(1, Math.round(img.width * scale));
    const h = Math.max(1, Math.round(img.height * scale));
    const c = canvas.createCanvas(w, h);
    c.getContext('2d').drawImage(img, 0, 0, w, h);
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, c.toBuffer('image/png'));
    renameSync(tmp, file);
    return file;
  } catch {
    return null;
  }
}
