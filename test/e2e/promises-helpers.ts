// Shared by the promises-*.test.ts files, which check what README.md promises the way a user would
// meet it: a long-running simorg command followed line by line, a real pseudo-terminal, a real git
// repository around a temp project.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { BIN, sleep, type RealProject } from '../fresh/project.js';

/** A long-running `simorg` command (watch, run) whose output is followed as it comes. */
export class Followed {
  out = '';
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d) => (this.out += d));
    child.stderr!.on('data', (d) => (this.out += d));
    this.exited = new Promise((r) => child.on('close', (code) => r(code)));
  }

  /** Waits until the output matches `re` (counting from `from`), failing with the output so far. */
  async until(re: RegExp, ms = 30_000, from = 0): Promise<void> {
    const t0 = Date.now();
    while (!re.test(this.out.slice(from))) {
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}; output so far:\n${this.out}`);
      await sleep(50);
    }
  }

  /** Sends SIGINT (what Ctrl-C sends to the terminal's foreground process). */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  /** Ends the command if a failed assertion left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export function follow(p: RealProject, args: string[], env: Record<string, string> = {}): Followed {
  return new Followed(p.spawnCli(args, env));
}

/** Polls `fn` until it is truthy. */
export async function waitFor<T>(what: string, fn: () => T, ms = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * Runs `simorg <args>` in `cwd` on a pseudo-terminal (util-linux `script`), with `env` added to an
 * environment free of NO_COLOR and FORCE_COLOR. Returns what the terminal showed.
 */
export function onTerminal(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): { code: number; screen: string } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { ...uncoloured(cwd), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, screen: r.stdout.replace(/\r\n/g, '\n') };
}

/** Runs `simorg <args>` in `cwd` on pipes, in the same environment as onTerminal. */
export function onPipe(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): { code: number; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...uncoloured(cwd), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

/** This process' environment without what decides colours (NO_COLOR, FORCE_COLOR: vitest sets one). */
function uncoloured(home: string): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', HOME: home };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CI']) delete base[k];
  return base;
}

/** git in `cwd` with a throwaway identity (tests never read the user's git config). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.email=t@example.org', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
    },
  ).trim();
}
