// Saving at every way a script can end. Normal end: `beforeExit`, with an asynchronous, parallel
// save. process.exit() and uncaught errors: the `exit` event, where only blocking work can run
// (Node has already printed the error; the exit code is left as it is). SIGINT/SIGTERM: save
// blocking, then re-raise the signal so the parent sees the process end by it.
import { scriptRun } from './script-run.js';
import { lazy } from './lazy.js';
import type { SavedFile } from './save/saved-file.js';
import { hookState } from './state.js';
import type { RunManifest } from './capture/manifest.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// What the exit needs of save/save.ts, written here: importing its type would close a loop (the
// saving code reaches the figure list, which installs these handlers: figure-entries.ts).
interface Saver {
  saveAllSync(options: { final: boolean }): SavedFile[];
  saveAllAsync(options: { final: boolean }): Promise<SavedFile[]>;
}

function record(files: SavedFile[]): void {
  hookState().saved = true;
  scriptRun().savedFiles.push(...files);
}

function internalError(err: unknown): void {
  scriptRun().saveCrashed = true;
  process.stderr.write(
    `simorg: internal error while saving figures (a bug, please report it)\n${(err as Error)?.stack ?? String(err)}\n`,
  );
}

// No canvas was created and no SVG registered: nothing can be a figure, so do not load the saving
// code (some 20 ms of loads at the end of every figure-less script the runner starts with SAVEALL).
function nothingToSave(): boolean {
  return hookState().entries.length === 0;
}

/** Blocking save for the final moments; never throws (the script's own ending must stand). */
function saveNowSync(): void {
  const s = hookState();
  if (s.saved || !s.flags.saveAll || nothingToSave()) return;
  try {
    record(lazy<Saver>('save/save').saveAllSync({ final: true }));
  } catch (err) {
    s.saved = true;
    internalError(err);
  }
}

function onBeforeExit(): void {
  const s = hookState();
  const run = scriptRun();
  if (s.saved || run.installed.has('saving') || !s.flags.saveAll || nothingToSave()) return;
  run.installed.add('saving');
  // The pending save keeps the loop alive; when it is done the loop empties again and this
  // handler returns at once (saved is set), so the process then exits as it would have.
  lazy<Saver>('save/save')
    .saveAllAsync({ final: true })
    .then(record, (err: unknown) => {
      s.saved = true;
      internalError(err);
    });
}

function writeManifest(exit: RunManifest['exit']): void {
  (hookState().capture as { write(exit: RunManifest['exit']): void } | undefined)?.write(exit);
}

/**
 * A script that would have exited 0 but whose figures were not all saved exits 1, with the first
 * lost figure as its error: the runner then records the run as failed (and the script not fresh),
 * instead of `succeeded` with figures missing. A script already failing keeps its own code.
 */
function failIfFiguresLost(code: number): number {
  const run = scriptRun();
  if (code !== 0 || (!run.failedFiles.size && !run.saveCrashed)) return code;
  const lost = [...run.failedFiles.values()].sort((a, b) => a.index - b.index);
  const first = lost[0];
  const message = first
    ? `figure ${first.path} could not be saved (${first.error})${lost.length > 1 ? ` and ${lost.length - 1} more figure file${lost.length > 2 ? 's' : ''}` : ''}`
    : 'figures could not be saved (internal error)';
  run.error ??= { name: 'FigureSaveError', message };
  process.stderr.write('simorg: exit code 1: figures were not saved (see above)\n');
  process.exitCode = 1;
  return 1;
}

function onExit(code: number): void {
  saveNowSync();
  writeManifest({ code: failIfFiguresLost(code) });
}

function onSignal(signal: NodeJS.Signals): void {
  // A script with its own handler decides what the signal means; it will exit through `exit`.
  if (process.listenerCount(signal) > 1) return;
  try {
    hookState().hurry = signal;
    saveNowSync();
    writeManifest({ code: null, signal });
  } finally {
    for (const sig of SIGNALS) process.removeListener(sig, onSignal);
    process.removeListener('exit', onExit);
    process.kill(process.pid, signal);
  }
}

export function installExit(): void {
  const run = scriptRun();
  if (run.installed.has('exit')) return;
  run.installed.add('exit');
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  // A monitor only observes: Node still prints the error and exits exactly as without us.
  process.on('uncaughtExceptionMonitor', (err: unknown) => {
    const e = err instanceof Error ? err : undefined;
    run.error = e ? { name: e.name, message: e.message, stack: e.stack } : { message: String(err) };
  });
  for (const sig of SIGNALS) process.on(sig, onSignal);
}
