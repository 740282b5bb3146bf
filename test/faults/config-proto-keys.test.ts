import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// Issue 9, items 21 and 22: keys named like Object.prototype's members were a TypeError, silently
// accepted at the top level, or (`--config toString`) found a "run config" that was a function and
// left an abandoned job. Now they are plain names: unknown where unknown, usable where user-chosen;
// only `__proto__` is refused as a name.
let p: TempProject | undefined;
afterEach(() => p?.cleanup());

const PROTO_NAMES = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'];

const rows = (t: TempProject, sql: string): unknown[] => {
  const db = t.db();
  try {
    return db.prepare(sql).pluck().all();
  } finally {
    db.close();
  }
};

describe('prototype-named keys in the config (item 21)', () => {
  for (const key of PROTO_NAMES) {
    it(`a top-level '${key}' is an unknown key, one line, exit 1`, async () => {
      p = tempProject();
      p.write('.simorgrc.json', `{\n  ${JSON.stringify(key)}: {}\n}\n`);
      const r = await p.cli(['status']);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(`simorg: ${p.root}/.simorgrc.json:2:3: unknown key '${key}'`);
      expect(r.stderr).not.toMatch(/internal error|TypeError|\n\s+at /);
    });
  }

  for (const name of ['toString', 'constructor', 'valueOf', 'hasOwnProperty']) {
    it(`a run config, a group and a variable named '${name}' are plain names`, async () => {
      p = tempProject(
        { runConfigs: { [name]: { env: { [name]: 'yes' }, timeout: 30 } }, groups: { [name]: ['*.mjs'] } },
        { 'a.mjs': `console.log(process.env[${JSON.stringify(name)}])\n` },
      );
      const r = await p.cli(['run', '--config', name, 'a.mjs']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(rows(p, 'SELECT run_config FROM runs')).toEqual([name]);
    });
  }

  for (const where of ['runConfigs', 'groups', 'interpreters']) {
    it(`'__proto__' as a name under ${where} is refused with the key`, async () => {
      p = tempProject();
      p.write(
        '.simorgrc.json',
        `{ "${where}": {\n  "__proto__": ${where === 'runConfigs' ? '{}' : '"x"'} } }\n`,
      );
      const r = await p.cli(['ls']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `.simorgrc.json:2:3: '${where}.__proto__': '__proto__' cannot be used as a name; choose another`,
      );
    });
  }

  it('in YAML and JS configs the same', async () => {
    p = tempProject();
    rmSync(`${p.root}/.simorgrc.json`);
    p.write('.simorgrc.yaml', 'toString: 1\n');
    let r = await p.cli(['ls']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      1,
      `simorg: ${p.root}/.simorgrc.yaml:1:1: unknown key 'toString'`,
    ]);
    rmSync(`${p.root}/.simorgrc.yaml`);
    p.write('.simorgrc.mjs', 'export default { runConfigs: JSON.parse(\'{"__proto__": {}}\') };\n');
    r = await p.cli(['ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`'runConfigs.__proto__': '__proto__' cannot be used as a name`);
  });
});

describe('`--config` with a prototype name that is not a run config (item 22)', () => {
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    it(`--config ${name}: unknown run config, exit 2, nothing queued`, async () => {
      p = tempProject({}, { 'a.mjs': '' });
      const r = await p.cli(['run', '--config', name, 'a.mjs']);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`simorg: unknown run config '${name}'`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(rows(p, 'SELECT state FROM jobs')).toEqual([]);
    });
  }
});
