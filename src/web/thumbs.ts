import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { STATE_DIR } from '../config/defaults.js';

// Gallery thumbnails: made once per figure file (keyed by path, size and mtime) with node-canvas,
// the library simorg's own users draw with, and cached under .simorg/thumbs. A project without
// node-canvas (a Python-only one) gets no thumbnails: the gallery then shows the full image, scaled
// by the browser. (sharp would be a second native image library to install for this one page.)
//
// Making one costs a PNG decode, a scaled draw and an encode (~10-40 ms on a busy machine); a first
// screen of a cold gallery asks for a few dozen at once. A figure file up to SEND_AS_IS bytes is
// cheaper to send than to shrink, so while its thumbnail is not made yet the figure itself is
// sent and the thumbnail is made afterwards, one at a time, when the server is idle: the first
// visit is not held up and later ones get the small file. Bigger figures are shrunk at once.

export const THUMB_WIDTH = 360;
export const SEND_AS_IS = 256 * 1024;

interface CanvasModule {
  createCanvas(
    w: number,
    h: number,
  ): {
    getContext(k: '2d'): { drawImage(i: unknown, x: number, y: number, w: number, h: number): void };
    toBuffer(m: 'image/png', o?: { compressionLevel?: number }): Buffer;
  };
  loadImage(src: string | Buffer): Promise<{ width: number; height: number }>;
}

let canvasModule: CanvasModule | null | undefined;
// Thumbnail files node-canvas could not make (a figure it cannot read): the figure is sent instead.
const unreadable = new Set<string>();

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
 * The thumbnail file to send for the figure at `abs`, or null to send the figure itself: when it
 * cannot be made (no node-canvas, a format it cannot read) or is still to be made (a small figure).
 */
export async function thumbnail(root: string, abs: string): Promise<string | null> {
  if (!THUMBABLE.test(abs)) return null;
  const st = statSync(abs);
  const key = createHash('sha1').update(`${abs}\0${st.size}\0${st.mtimeMs}\0${THUMB_WIDTH}`).digest('hex');
  const file = join(root, STATE_DIR, 'thumbs', `${key}.png`);
  if (existsSync(file)) return file;
  if (!loadCanvas(root) || unreadable.has(file)) return null;
  if (st.size > SEND_AS_IS) return make(root, abs, file);
  later(root, abs, file);
  return null;
}

async function make(root: string, abs: string, file: string): Promise<string | null> {
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
    mkdirSync(join(root, STATE_DIR, 'thumbs'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // A low zlib level: the encode is twice as fast and the file a few per cent bigger.
    writeFileSync(tmp, c.toBuffer('image/png', { compressionLevel: 3 }));
    renameSync(tmp, file);
    return file;
  } catch {
    unreadable.add(file); // not tried again for this file (its key changes when the file does)
    return null;
  }
}

// Thumbnails to make when idle, by cache file (a figure asked for twice is made once); bounded,
// as a gallery scrolled through quickly asks for thousands.
const waiting = new Map<string, { root: string; abs: string }>();
const MAX_WAITING = 5000;
let draining = false;

function later(root: string, abs: string, file: string): void {
  if (waiting.size >= MAX_WAITING) return;
  waiting.set(file, { root, abs });
  if (draining) return;
  draining = true;
  const next = (): void => {
    const first = waiting.entries().next();
    if (first.done) {
      draining = false;
      return;
    }
    const [to, job] = first.value;
    // After the requests already waiting: a page's first screen is answered before this work.
    setTimeout(() => {
      if (existsSync(to)) {
        waiting.delete(to);
        next();
        return;
      }
      void make(job.root, job.abs, to).finally(() => {
        waiting.delete(to);
        next();
      });
    }, 20);
  };
  next();
}
