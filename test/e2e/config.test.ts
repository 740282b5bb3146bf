import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simorg, tempDir, writeFiles } from '../track/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('simorg-cfg-e2e-')));
afterEach(() => cleanup());

// Every command loads the config first, so `init` and `ls` show the config errors as a user meets them.
describe('config errors through the CLI', () => {
  it('malformed JSON: file:line:col, exit 1, one or two lines, no stack', () => {
    writeFiles(dir, {
      '.simorgrc.json': '{\n  // monitored folders\n  "monitor": ["sims"]\n  "exclude": []\n}\n',
    });
    const r = simorg(dir, 'init');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `simorg: ${join(dir, '.simorgrc.json')}:4:3: expected ',' or '}' after the value of "monitor", found '"'`,
    );
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('a bad key type: file, line, key and the expected type', () => {
    writeFiles(dir, { '.simorgrc.yaml': 'runConfigs:\n  quick:\n    timeout: ten\n' });
    const r = simorg(dir, 'ls');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${join(dir, '.simorgrc.yaml')}:3:5: 'runConfigs.quick.timeout' must be a number of seconds greater than 0 and at most 2147483 (24 days), or null for no timeout, got the string "ten"`,
    );
  });

  it('an unknown key with a suggestion, in package.json#simorg', () => {
    writeFiles(dir, { 'package.json': '{\n  "name": "p",\n  "simorg": {\n    "exlude": ["x"]\n  }\n}\n' });
    const r = simorg(dir, 'init');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${join(dir, 'package.json')}:4:5: unknown key 'exlude' (did you mean 'exclude'?)`,
    );
    expect(r.stderr).toContain('see .simorgrc.example');
  });

  it('a simorg.config.mjs is loaded and used', () => {
    writeFiles(dir, {
      'simorg.config.mjs': "export default { monitor: [{ path: 'sims', autoTrack: true, group: 'g' }] };\n",
      'sims/a.py': '',
    });
    expect(simorg(dir, 'init').code).toBe(0);
    expect(simorg(dir, 'scan').stdout).toContain('sims/a.py  (group g)');
  });
});
