// Saving every figure in every wanted format: plan the files, encode (see save-formats.ts), write,
// then print one `Saving File <path>` line per file. saveAllAsync runs the encodes concurrently
// (normal end); saveAllSync blocks (the `exit` event and signal handlers allow nothing else).
import { mkdirSync, writeFileSync, promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { figureList, safeName } from './figures.js';
import type { Format } from './flags.js';
import { loadCanvasModule } from './canvas.js';
import { runProvenance, type Provenance, type RunProvenance } from './provenance.js';
import { FigureEncoder, EpsUnavailable, type Effect, type Task } from './save-formats.js';
import { figuresRoot, scriptInfo } from './script-path.js';
import { hookState, type FigureEntry } from './state.js';
import { runTool, runToolSync } from './tools.js';
import { warnOnce } from './warn.js';

export interface SavedFile {
  /** Creation order among figures, the NNN of figNNN. */
  index: number;
  name: string;
  format: Format;
  /** Absolute path of the file written. */
  path: string;
}

export interface SaveOptions {
  /** Folder holding the <fmt>/ folders; default `<scriptdir>/<outputDir>/figures/<script>`. */
  root?: string;
  formats?: Format[];
  /** Print `Saving File` lines (default true). */
  print?: boolean;
  /** Save only these figures (their numbering stays that of the whole list). */
  only?: ReadonlySet<FigureEntry>;
}

// Said in words, since the one line is all the user gets.
const REASONS: Record<string, string> = {
  EACCES: 'EACCES: permission denied',
  EPERM: 'EPERM: not permitted',
  ENOTDIR: 'ENOTDIR: a file is in the way',
  EEXIST: 'EEXIST: a file is in the way',
  EROFS: 'EROFS: read-only file system',
  ENOSPC: 'ENOSPC: disk full',
  EDQUOT: 'EDQUOT: disk quota exceeded',
};

/** The output folder could not be written: reported once, in one line, and saving stops. */
export class OutputDirError extends Error {
  constructor(readonly root: string, cause: NodeJS.ErrnoException) {
    const why = (cause.code && REASONS[cause.code]) ?? cause.code ?? cause.message;
    super(`simorg: cannot write figures to ${display(root)} (${why}); figures were not saved`);
  }
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function encodeContext(dir: string) {
  return {
    canvasModule: () => loadCanvasModule(dir),
    warn: (line: string) => warnOnce(line),
  };
}

function* saveFigure(
  run: RunProvenance, root: string, formats: Format[], entry: FigureEntry, entryIndex: number, out: SavedFile[],
): Task<void> {
  const name = safeName(entry.name, entryIndex);
  const base = `fig${String(entryIndex).padStart(3, '0')}_${name}`;
  const provenance = (format: Format): Provenance => ({ ...run, figure: { index: entryIndex, name, format } });
  const enc = new FigureEncoder(entry, base, encodeContext(scriptInfo().dir), provenance);
  for (const format of formats) {
    let data: Buffer;
    try {
      data = yield* enc.encode(format);
    } catch (err) {
      warnOnce(err instanceof EpsUnavailable ? err.message : `simorg: could not make ${format} of ${base}: ${(err as Error).message}`);
      continue;
    }
    const dir = join(root, format);
    const path = join(dir, `${base}.${format}`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new OutputDirError(root, err as NodeJS.ErrnoException);
    }
    yield { op: 'write', path, data };
    out.push({ index: entryIndex, name, format, path });
  }
}

function plan(opts: SaveOptions): { jobs: ((out: SavedFile[]) => Task<void>)[]; root: string } | undefined {
  const s = hookState();
  const list = figureList();
  const indices = list.map((e, i) => (opts.only && !opts.only.has(e) ? -1 : i)).filter((i) => i >= 0);
  if (!indices.length) return undefined;
  const root = opts.root ?? figuresRoot(s.flags.outputDir);
  const formats = opts.formats ?? s.flags.formats;
  const script = scriptInfo();
  const run = runProvenance(script.path ?? '(node -e)', script.dir);
  const jobs = indices.map((i) => (out: SavedFile[]) => saveFigure(run, root, formats, list[i]!, i, out));
  return { jobs, root };
}

function finish(files: SavedFile[], opts: SaveOptions, write: (s: string) => void): SavedFile[] {
  files.sort((a, b) => a.index - b.index);
  if (opts.print !== false) write(files.map((f) => `Saving File ${display(f.path)}\n`).join(''));
  return files;
}

function reportOutputError(err: unknown): void {
  if (!(err instanceof OutputDirError)) throw err;
  warnOnce(err.message);
}

/** Saves now, blocking: for exit paths, where nothing asynchronous will run any more. */
export function saveAllSync(opts: SaveOptions = {}): SavedFile[] {
  const p = plan(opts);
  if (!p) return [];
  const files: SavedFile[] = [];
  try {
    for (const job of p.jobs) {
      const task = job(files);
      let step = task.next();
      while (!step.done) {
        let result: unknown;
        let failure: unknown;
        try {
          result = doSync(step.value as Effect);
        } catch (err) {
          failure = err;
        }
        step = failure === undefined ? task.next(result) : task.throw(failure);
      }
    }
  } catch (err) {
    reportOutputError(err);
  }
  return finish(files, opts, (s) => process.stdout.write(s));
}

function doSync(e: Effect): unknown {
  switch (e.op) {
    case 'raster':
      return e.canvas.toBuffer(e.mime, e.config);
    case 'tool':
      return runToolSync(e.run);
    case 'write':
      return writeFile(e.path, () => writeFileSync(e.path, e.data));
  }
}

function writeFile<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new OutputDirError(dirname(path), err as NodeJS.ErrnoException);
  }
}

async function doAsync(e: Effect): Promise<unknown> {
  switch (e.op) {
    case 'raster':
      // The callback form encodes on libuv's threadpool, so figures encode in parallel.
      return new Promise<Buffer>((resolve, reject) =>
        e.canvas.toBuffer((err: Error | null, buf: Buffer) => (err ? reject(err) : resolve(buf)), e.mime, e.config),
      );
    case 'tool':
      return runTool(e.run);
    case 'write':
      return fsp.writeFile(e.path, e.data).catch((err: NodeJS.ErrnoException) => {
        throw new OutputDirError(dirname(e.path), err);
      });
  }
}

/** Saves now, encoding and writing all figures concurrently. */
export async function saveAllAsync(opts: SaveOptions = {}): Promise<SavedFile[]> {
  const p = plan(opts);
  if (!p) return [];
  const files: SavedFile[] = [];
  let stopped: OutputDirError | undefined;
  const drive = async (task: Task<void>) => {
    let step = task.next();
    while (!step.done) {
      if (stopped) return;
      let result: unknown;
      let failure: unknown;
      try {
        result = await doAsync(step.value as Effect);
      } catch (err) {
        failure = err;
      }
      step = failure === undefined ? task.next(result) : task.throw(failure);
    }
  };
  const results = await Promise.allSettled(p.jobs.map((job) => drive(job(files))));
  for (const r of results) {
    if (r.status === 'rejected') {
      if (r.reason instanceof OutputDirError) stopped ??= r.reason;
      else throw r.reason;
    }
  }
  if (stopped) reportOutputError(stopped);
  return finish(files, opts, (s) => process.stdout.write(s));
}
