import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load.js';
import { commandLine, shebang } from '../../src/run/command-line.js';
import { RunError } from '../../src/errors.js';

describe('commandLine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simorg-cmd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = {
    ...defaultConfig(dir),
    interpreters: { '.sh': ['bash'], '.nope': ['simorg-no-such-interpreter'] },
  };
  const file = (name: string, text = '') => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('runs JS with node and TS with node + the tsx loader from simorg itself', () => {
    const js = commandLine(config, file('a.mjs'), ['x']);
    expect(js.file).toBe(process.execPath);
    expect(js.args.slice(-2)).toEqual([join(dir, 'a.mjs'), 'x']);
    const ts = commandLine(config, file('b.ts'), []);
    expect(ts.args[0]).toBe('--import');
    expect(ts.args[1]).toMatch(/^file:.*node_modules\/tsx\/dist\/loader\.mjs$/);
  });

  it('uses the configured interpreter, else the #! line', () => {
    expect(commandLine(config, file('c.sh'), ['1'])).toMatchObject({
      file: 'bash',
      args: [join(dir, 'c.sh'), '1'],
      hooked: false,
    });
    const sb = commandLine(config, file('d.tool', '#!/usr/bin/env -S bash -e\necho hi\n'), []);
    expect(sb).toMatchObject({ file: '/usr/bin/env', args: ['bash', '-e', join(dir, 'd.tool')] });
    expect(shebang(file('e.txt', 'no shebang'))).toBeNull();
  });

  it('names a missing interpreter and the config key to set', () => {
    expect(() => commandLine(config, file('f.nope'), [])).toThrowError(RunError);
    const err = (() => {
      try {
        commandLine(config, file('g.nope'), []);
      } catch (e) {
        return e as RunError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(RunError);
    expect(err!.message).toBe("the interpreter 'simorg-no-such-interpreter' was not found on PATH");
    expect(err!.hint).toMatch(/interpreters\["\.nope"\]/);
    expect(() => commandLine(config, file('h.unknown'), [])).toThrow(/no interpreter for \.unknown/);
    expect(() => commandLine(config, file('i.tool', '#!/usr/bin/env simorg-missing-thing\n'), [])).toThrow(
      /simorg-missing-thing/,
    );
  });
});
