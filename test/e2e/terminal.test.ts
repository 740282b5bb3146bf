// What simorg does on a real terminal, run under a real pseudo-terminal (util-linux `script`, part
// of every Debian): the live progress block of `simorg run` and the interactive confirmation of
// `simorg init --rebuild`. Elsewhere the CLI runs on pipes, where both must stay out of the way.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, simorg, tempDir, writeFiles } from '../track/helpers.js';

const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs `simorg <args>` in `cwd` with a pseudo-terminal for stdin, stdout and stderr; `input` is typed in. */
function onTerminal(cwd: string, args: string[], input = ''): { code: number; screen: string } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, TERM: 'xterm', NO_COLOR: '1', FORCE_COLOR: undefined, HOME: cwd, CI: undefined },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, screen: r.stdout.replace(/\r\n/g, '\n') };
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('simorg-tty-')));
afterEach(() => cleanup());

describe.skipIf(!haveScript)('on a terminal', () => {
  it('simorg run redraws a live block (one line per worker and a counter), then prints the summary', () => {
    // Each script sleeps long enough for the block (redrawn every 100-500 ms) to show it running.
    const scripts: Record<string, string> = {};
    for (const n of ['a', 'b', 'c', 'd'])
      scripts[`sims/${n}.mjs`] = `await new Promise((r) => setTimeout(r, 700));\nconsole.log('${n} done');\n`;
    writeFiles(dir, scripts);
    expect(simorg(dir, 'init').code).toBe(0);
    expect(simorg(dir, 'track', 'sims/*.mjs').code).toBe(0);

    const { code, screen } = onTerminal(dir, ['run', '--all', '--jobs', '2']);
    expect(code).toBe(0);
    // The block: a line per busy worker, the counter, and cursor-up + clear to redraw it in place.
    expect(screen).toMatch(/running {2}w1 {2}sims\/[a-d]\.mjs/);
    expect(screen).toMatch(/running {2}w2 {2}sims\/[a-d]\.mjs/);
    expect(screen).toMatch(/\[\d\/4\]/);
    expect(screen).toMatch(/\x1b\[\d+A\x1b\[0J/);
    // Then the summary table, once, with every script in it and nothing left of the block after it.
    const summary = screen.slice(screen.lastIndexOf('\x1b[0J'));
    for (const n of ['a', 'b', 'c', 'd']) expect(summary).toContain(`sims/${n}.mjs`);
    expect(summary).not.toContain('running  w');
  });

  it('simorg run on a pipe prints plain lines, no redraws', () => {
    writeFiles(dir, { 'sims/a.mjs': "console.log('a');\n", 'sims/b.mjs': "console.log('b');\n" });
    expect(simorg(dir, 'init').code).toBe(0);
    expect(simorg(dir, 'track', 'sims/a.mjs', 'sims/b.mjs').code).toBe(0);
    const r = simorg(dir, 'run', '--all');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\x1b[');
    expect(r.stdout + r.stderr).toMatch(/\[[12]\/2\] ok +sims\/a\.mjs/);
  });

  describe('simorg init --rebuild asks first', () => {
    const runs = () => {
      const d = new Database(join(dir, '.simorg/simorg.sqlite'));
      try {
        return d.prepare('SELECT count(*) FROM runs').pluck().get();
      } finally {
        d.close();
      }
    };
    beforeEach(() => {
      writeFiles(dir, { 'sims/a.mjs': "console.log('a');\n" });
      expect(simorg(dir, 'init').code).toBe(0);
      expect(simorg(dir, 'track', 'sims/a.mjs').code).toBe(0);
      expect(simorg(dir, 'run', '--all').code).toBe(0);
      expect(runs()).toBe(1);
    });

    it('and deletes the results on yes', () => {
      const { code, screen } = onTerminal(dir, ['init', '--rebuild'], 'y\n');
      expect(screen).toMatch(/\[y\/N\]/);
      expect(code).toBe(0);
      expect(screen).toContain('deleted 1 run');
      expect(runs()).toBe(0);
      expect(existsSync(join(dir, '.simorg/runs'))).toBe(false);
    });

    it('and changes nothing on no (or just Enter)', () => {
      for (const answer of ['n\n', '\n']) {
        const { code, screen } = onTerminal(dir, ['init', '--rebuild'], answer);
        expect(screen).toMatch(/\[y\/N\]/);
        expect(code).toBe(0);
        expect(screen).toContain('nothing deleted');
        expect(runs()).toBe(1);
      }
    });
  });
});
