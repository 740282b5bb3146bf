// show(): the figures drawn so far, in the system viewer when there is a display; otherwise one
// line saying where they are (or will be). It never waits for the viewer, so it never blocks a run.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptRun } from './script-run.js';
import { figureList } from './figures.js';
import { figuresRoot } from './script-path.js';
import { saveAllSync } from './save/save.js';
import { hookState } from './state.js';
import { onPath } from './file-lookup.js';
import { warnOnce } from './warn.js';

/** The command that opens a file in the desktop's viewer, when a display can be used. */
export function viewer(
  env: NodeJS.ProcessEnv = process.env,
): ((file: string) => [string, string[]]) | undefined {
  if (process.platform === 'darwin') return (f) => ['open', [f]];
  if (process.platform === 'win32') return (f) => ['cmd', ['/c', 'start', '""', f]];
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return onPath('xdg-open') ? (f) => ['xdg-open', [f]] : undefined;
}

/** Folder where show() puts the PNGs it opens; the capture leaves it out of the manifest. */
export function showDir(): string {
  return join(tmpdir(), `simorg-show-${process.pid}`);
}

export function show(): void {
  const s = hookState();
  if (s.flags.noShow) return;
  const run = scriptRun();
  const open = viewer();
  if (!open) {
    if (run.showSaidWhere) return;
    run.showSaidWhere = true;
    const root = figuresRoot(s.flags.outputDir);
    warnOnce(
      s.flags.saveAll
        ? `simorg: show(): no display; the figures will be saved to ${root} when the script ends`
        : `simorg: show(): no display; set SIMORG_SAVEALL to save the figures to ${root} (SIMORG_NOSHOW silences this)`,
    );
    return;
  }
  const fresh = figureList().filter((e) => !run.shown.has(e));
  if (!fresh.length) return;
  for (const e of fresh) run.shown.add(e);
  const files = saveAllSync({
    root: showDir(),
    formats: ['png'],
    print: false,
    only: new Set(fresh),
    scratch: true,
  });
  for (const f of files) {
    const [cmd, args] = open(f.path);
    try {
      const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
      child.on('error', () => {});
      child.unref();
    } catch {
      // no viewer after all: the files are still in showDir()
    }
  }
}
