import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { haveScript, onPipe, onTerminal } from './promises-helpers.js';

// README "Configuration": "Colours are off when the output is not a terminal or NO_COLOR is set."
// Every other test sets NO_COLOR; here the CLI runs on a real pseudo-terminal without it (colours
// on, with the status words in their DESIGN.md colours), on a pipe (off) and on a terminal with
// NO_COLOR=1 (off).

const SGR = /\x1b\[[0-9;]*m/;
const green = (word: string) => new RegExp(`\\x1b\\[32m${word}\\x1b\\[39m`);
const red = (word: string) => new RegExp(`\\x1b\\[31m${word}\\x1b\\[39m`);
const yellow = (word: string) => new RegExp(`\\x1b\\[33m${word}\\x1b\\[39m`);

let p: RealProject;
beforeAll(async () => {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' }),
    'good.mjs': "console.log('fine');\n",
    'bad.mjs': "throw new Error('on purpose');\n",
    'later.mjs': "console.log('not yet');\n",
  });
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
  expect((await p.cli(['run', 'good.mjs'])).code).toBe(0);
  expect((await p.cli(['run', 'bad.mjs'])).code).toBe(1);
});
afterAll(() => p.cleanup());

describe.skipIf(!haveScript)('colours', () => {
  it('on a terminal: status, list and run colour the status words', () => {
    const status = onTerminal(p.root, ['status']);
    expect(status.code).toBe(0);
    expect(status.screen).toMatch(green('fresh'));
    expect(status.screen).toMatch(red('failed'));
    expect(status.screen).toMatch(yellow('never-run'));

    const list = onTerminal(p.root, ['list']);
    expect(list.code).toBe(0);
    expect(list.screen).toMatch(green('succeeded'));
    expect(list.screen).toMatch(red('failed'));

    const run = onTerminal(p.root, ['run', 'later.mjs']);
    expect(run.code).toBe(0);
    expect(run.screen).toMatch(green('succeeded'));
  });

  it('on a pipe: no escape sequence at all', () => {
    for (const args of [['status'], ['list'], ['show', 'bad.mjs'], ['run', 'good.mjs']]) {
      // Neither NO_COLOR nor FORCE_COLOR is set: only the pipe turns colours off.
      const r = onPipe(p.root, args);
      expect(r.out, args.join(' ')).toMatch(/fresh|succeeded|failed/);
      expect(r.out, args.join(' ')).not.toContain('\x1b');
    }
  });

  it('with NO_COLOR set, even on a terminal: no colour', () => {
    for (const args of [['status'], ['list'], ['show', 'bad.mjs'], ['run', 'good.mjs']]) {
      const r = onTerminal(p.root, args, { NO_COLOR: '1' });
      expect(r.screen, args.join(' ')).toMatch(/fresh|succeeded|failed/);
      expect(r.screen, args.join(' ')).not.toMatch(SGR);
    }
  });
});
