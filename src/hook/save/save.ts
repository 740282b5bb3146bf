// Saving every figure in every wanted format: plan the files, encode (see save-formats.ts), write,
// then print one `Saving File <path>` line per file. saveAllAsync runs the encodes concurrently
// (normal end); saveAllSync blocks (the `exit` event and signal handlers allow nothing else).
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { scriptRun } from '../script-run.js';
import { entryOf, figureList, safeName, type FigureInfo } from '../figures.js';
import type { Format } from '../flags.js';
import { loadCanvasModule } from '../canvas/canvas.js';
import { runProvenance, type Provenance, type RunProvenance } from '../provenance/provenance.js';
import { EpsUnavailable } from '../errors.js';
import { FigureEncoder, type Effect, type Task } from './save-formats.js';
import { OwnFigure } from './save-own.js';
import { updateSavedList } from './save-list.js';
import { figureStamp, isUnchanged, markWritten } from './save-unchanged.js';
import { figuresRoot, scriptInfo } from '../script-path.js';
import { hookState, type FigureEntry } from '../state.js';
import { runTool, runToolSync } from './tools.js';
import { writeAtomic, writeAtomicSync } from './save-write.js';
import { warnOnce } from '../warn.js';
import type { FailedFile, SavedFile } from './saved-file.js';
import type { SaveOptions } from './save-options.js';

/**
 * show()'s own copies go to a temporary folder: their failures are not the run's. `final`: the
 * save at the script's end, when a PDF or SVG canvas' surface may be finished to take its file.
 */
type InternalOptions = SaveOptions & { scratch?: boolean; final?: boolean };

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

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return (e?.code && REASONS[e.code]) ?? e?.code ?? (e as Error)?.message ?? String(err);
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * mkdirSync({ recursive }) reports ENOENT when a missing parent cannot be made (a read-only file
 * system, a folder without write permission): ask the deepest folder that exists what the real
 * reason is.
 */
export function mkdirCause(dir: string, err: NodeJS.ErrnoException): NodeJS.ErrnoException {
  if (err.code !== 'ENOENT') return err;
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    accessSync(at, constants.W_OK);
  } catch (real) {
    return real as NodeJS.ErrnoException;
  }
  return err;
}

function encodeContext(dir: string, dpi: number) {
  return {
    dpi,
    canvasModule: () => loadCanvasModule(dir),
    warn: (line: string) => warnOnce(line),
  };
}

function* saveFigure(
  run: RunProvenance,
  root: string,
  formats: Format[],
  dpi: number,
  entry: FigureEntry,
  entryIndex: number,
  out: SavedFile[],
  failed: FailedFile[],
  opts: InternalOptions,
): Task<void> {
  const scratch = !!opts.scratch;
  // Taken before any encode: drawing during an asynchronous save makes the next save write again.
  const drawnAs = scratch ? undefined : figureStamp(entry);
  const stamp = drawnAs && `${drawnAs}@${dpi}dpi`;
  const name = safeName(entry.name, entryIndex);
  const base = `fig${String(entryIndex).padStart(3, '0')}_${name}`;
  const provenance = (format: Format): Provenance => ({
    ...run,
    figure: { index: entryIndex, name, format },
  });
  const ctx = encodeContext(scriptInfo().dir, dpi);
  const enc = new FigureEncoder(entry, base, ctx, provenance);
  // A PDF or SVG canvas is saved as what it is, a PDF canvas page by page (save-own.ts).
  const own = OwnFigure.of(entry, !!opts.final, base, ctx, provenance);
  for (const format of formats) {
    const dir = join(root, format);
    const files = own ? own.files(format) : [{ suffix: '', encode: () => enc.encode(format) }];
    for (const { suffix, encode } of files) {
      const file: SavedFile = {
        index: entryIndex,
        name,
        format,
        path: join(dir, `${base}${suffix}.${format}`),
      };
      if (isUnchanged(entry, stamp, file.path)) {
        out.push({ ...file, unchanged: true });
        continue;
      }
      let data: Buffer;
      try {
        data = yield* encode();
      } catch (err) {
        if (err instanceof EpsUnavailable) {
          warnOnce(err.message);
          break;
        }
        failed.push({
          ...file,
          error: `could not make the ${format}: ${(err as Error)?.message ?? String(err)}`,
          encoding: true,
        });
        continue;
      }
      try {
        mkdirSync(dir, { recursive: true });
      } catch (err) {
        failed.push({ ...file, error: reason(mkdirCause(dir, err as NodeJS.ErrnoException)) });
        continue;
      }
      try {
        yield { op: 'write', path: file.path, data };
      } catch (err) {
        failed.push({ ...file, error: reason(err) });
        continue;
      }
      markWritten(entry, stamp, file.path);
      out.push(file);
    }
  }
}

export { checkSaveOptions } from './save-options.js';

type Job = (out: SavedFile[], failed: FailedFile[]) => Task<void>;

function plan(opts: InternalOptions): { jobs: Job[]; root: string } | undefined {
  const s = hookState();
  const list = figureList();
  const only = opts.only && new Set([...opts.only].map(entryOf));
  const indices = list.map((e, i) => (only && !only.has(e) ? -1 : i)).filter((i) => i >= 0);
  if (!indices.length) return undefined;
  const root = opts.root ?? figuresRoot(s.flags.outputDir);
  const formats = opts.formats ?? s.flags.formats;
  const script = scriptInfo();
  const run = runProvenance(script.path ?? '(node -e)', script.dir);
  // show()'s copies are for a screen: one pixel per CSS px.
  const dpi = opts.scratch ? 96 : s.flags.dpi;
  const jobs = indices.map(
    (i): Job =>
      (out, failed) =>
        saveFigure(run, root, formats, dpi, list[i]!, i, out, failed, opts),
  );
  return { jobs, root };
}

function finish(
  files: SavedFile[],
  failed: FailedFile[],
  root: string,
  opts: InternalOptions,
  write: (s: string) => void,
): SavedFile[] {
  files.sort((a, b) => a.index - b.index);
  if (opts.print !== false)
    write(
      files
        .filter((f) => !f.unchanged)
        .map((f) => `Saving File ${display(f.path)}\n`)
        .join(''),
    );
  reportFailures(failed, root);
  if (!opts.scratch) {
    updateSavedList({
      root,
      current: files.map((f) => f.path),
      failed: failed.map((f) => f.path),
      partial: !!opts.only,
    });
    const book = scriptRun().failedFiles;
    for (const f of files) book.delete(f.path);
    for (const f of failed) book.set(f.path, f);
  }
  return files;
}

/** One line per distinct cause, naming the files it cost (a full disk fails them all alike). */
function reportFailures(failed: FailedFile[], root: string): void {
  const byCause = new Map<string, FailedFile[]>();
  for (const f of failed) byCause.set(f.error, [...(byCause.get(f.error) ?? []), f]);
  for (const [cause, list] of byCause) {
    const names = list.sort((a, b) => a.index - b.index).map((f) => basename(f.path));
    const shown =
      names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    warnOnce(
      list[0]!.encoding
        ? `simorg: ${cause}; not saved: ${shown}`
        : `simorg: cannot write figures to ${display(root)} (${cause}); not saved: ${shown}`,
    );
  }
}

/** Saves now, blocking: for exit paths, where nothing asynchronous will run any more. */
export function saveAllSync(opts: InternalOptions = {}): SavedFile[] {
  const p = plan(opts);
  if (!p) return [];
  const files: SavedFile[] = [];
  const failed: FailedFile[] = [];
  for (const job of p.jobs) {
    const task = job(files, failed);
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
  return finish(files, failed, p.root, opts, (s) => process.stdout.write(s));
}

function doSync(e: Effect): unknown {
  switch (e.op) {
    case 'raster':
      return e.canvas.toBuffer(e.mime, e.config);
    case 'tool':
      return runToolSync(e.run);
    case 'write':
      return writeAtomicSync(e.path, e.data);
  }
}

async function doAsync(e: Effect): Promise<unknown> {
  switch (e.op) {
    case 'raster':
      // The callback form encodes on libuv's threadpool, so figures encode in parallel.
      return new Promise<Buffer>((resolve, reject) =>
        e.canvas.toBuffer(
          (err: Error | null, buf: Buffer) => (err ? reject(err) : resolve(buf)),
          e.mime,
          e.config,
        ),
      );
    case 'tool':
      return runTool(e.run);
    case 'write':
      return writeAtomic(e.path, e.data);
  }
}

/** Saves now, encoding and writing all figures concurrently. */
export async function saveAllAsync(opts: InternalOptions = {}): Promise<SavedFile[]> {
  const p = plan(opts);
  if (!p) return [];
  const files: SavedFile[] = [];
  const failed: FailedFile[] = [];
  const drive = async (task: Task<void>) => {
    let step = task.next();
    while (!step.done) {
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
  const results = await Promise.allSettled(p.jobs.map((job) => drive(job(files, failed))));
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  return finish(files, failed, p.root, opts, (s) => process.stdout.write(s));
}
