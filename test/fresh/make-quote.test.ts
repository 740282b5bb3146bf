import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  commentText,
  EQ_VARIABLE,
  makePrereq,
  makeTarget,
  shellWord,
  unmakeable,
} from '../../src/fresh/make-quote.js';

// Every escape checked by real GNU make and a real shell: a name is a target, a prerequisite and an
// empty rule's target; its recipe gets it back byte for byte and runs nothing from it.

const dir = mkdtempSync(join(tmpdir(), 'simorg-make-quote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const make = () => spawnSync('make', ['--no-print-directory', '-f', 't.mk'], { cwd: dir, encoding: 'utf8' });

const NAMES = [
  'sp ace',
  'ha#sh',
  'pe%rc',
  '%',
  'co:lon',
  'eq=ual',
  'dol$lar',
  '$(touch PWNED)',
  'x $$(touch PWNED) y',
  '`touch PWNED`',
  'st*ar',
  'qu?est',
  'br[ack]et',
  'pa(ren)',
  'pi|pe',
  "qu'ote",
  'dq"uote',
  'co,mma',
  'mid~tilde',
  '-dash',
  '.hid den',
  'back\\slash',
  'a\\ b',
  'a\\\\ b',
  'a\\%b',
  'a\\|b',
  'a\\#b',
  'a\\:b',
  'a\\=b',
  'a\\$b',
  'a\\*b',
  'uni ćode ✓',
  'a b%c|d=e:f#g',
];

describe('make-quote with GNU make', () => {
  it.each(NAMES)('%j is a target, a prerequisite and a recipe word', (name) => {
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    mkdirSync(join(dir, 'out'));
    const stamp = `out/${name}.stamp`;
    const input = `in-${name}.txt`;
    writeFileSync(join(dir, input), 'x');
    const past = new Date(Date.now() - 100_000);
    utimesSync(join(dir, input), past, past);
    expect(unmakeable(stamp)).toBeNull();
    writeFileSync(
      join(dir, 't.mk'),
      `${EQ_VARIABLE} := =\nall: ${makePrereq(stamp)}\n${makeTarget(stamp)}: ${makePrereq(input)}\n` +
        `\t@printf '%s' ${shellWord(name)} > out/got; touch ${shellWord(stamp)}\n${makeTarget(input)}:\n.PHONY: all\n`,
    );
    const first = make();
    expect(first.status, first.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['got', `${name}.stamp`].sort());
    expect(readFileSync(join(dir, 'out/got'), 'utf8')).toBe(name);
    expect(make().stdout).toMatch(/Nothing to be done/);
    const older = new Date(Date.now() - 200_000);
    utimesSync(join(dir, stamp), older, older);
    rmSync(join(dir, 'out/got'));
    expect(make().status).toBe(0);
    expect(existsSync(join(dir, 'out/got'))).toBe(true);
    rmSync(join(dir, input));
    const gone = make();
    expect(gone.status, gone.stderr).toBe(0);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('refuses what make cannot take, saying why', () => {
    expect(unmakeable('a;b.mjs')).toBe("a ';'");
    expect(unmakeable('a\nb.mjs')).toBe('a newline');
    expect(unmakeable('a\tb.mjs')).toBe('a tab');
    expect(unmakeable('a\x1b[31mb.mjs')).toBe('a control character');
    expect(unmakeable('~root/x.csv')).toBe("a leading '~'");
    expect(unmakeable('data\\')).toBe('a trailing backslash');
    expect(unmakeable('a~b/c d.mjs')).toBeNull();
  });

  it('keeps a comment on one line, never continued by a trailing backslash', () => {
    writeFileSync(
      join(dir, 't.mk'),
      `# ${commentText('x\ny: \\')}\n# ${commentText('end\\')}\nall:\n\t@echo ok\n`,
    );
    expect(make().stdout).toBe('ok\n');
  });
});
