import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_RUN_CONFIGS } from '../../src/config/defaults.js';
import { loadConfig, resolveConfig } from '../../src/config/load.js';
import { getRunConfig } from '../../src/config/run-config.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { EXAMPLE_CONFIG } from '../../src/project.js';
import { tempDir, writeFiles } from '../track/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('simorg-cfg-')));
afterEach(() => cleanup());

async function loadError(files: Record<string, string>): Promise<ConfigError> {
  writeFiles(dir, files);
  const err = await loadConfig(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('loadConfig: where the config is found', () => {
  const body = { monitor: [{ path: 'sims', autoTrack: true, group: 'g' }], workers: 3 };
  const cases: Record<string, string> = {
    '.simorgrc.json': `// comment\n{\n  /* c */ "monitor": [{ "path": "sims", "autoTrack": true, "group": "g" },],\n  "workers": 3, // trailing\n}\n`,
    '.simorgrc.yaml': 'monitor:\n  - path: sims\n    autoTrack: true\n    group: g\nworkers: 3\n',
    '.simorgrc':
      '# yaml without extension\nmonitor:\n  - { path: sims, autoTrack: true, group: g }\nworkers: 3\n',
    'package.json': JSON.stringify({ name: 'x', simorg: body }),
    'simorg.config.mjs': `export default ${JSON.stringify(body)};\n`,
    '.simorgrc.cjs': `module.exports = ${JSON.stringify(body)};\n`,
  };
  for (const [file, text] of Object.entries(cases)) {
    it(`reads ${file} and takes its folder as the project root, from a sub-folder too`, async () => {
      writeFiles(dir, { [file]: text, 'sims/deep/x.txt': '' });
      const config = await loadConfig(join(dir, 'sims', 'deep'));
      expect(config?.root).toBe(dir);
      expect(config?.file).toBe(join(dir, file));
      expect(config?.monitor).toEqual([
        { path: 'sims', recurse: true, shouldExist: false, autoTrack: true, group: 'g' },
      ]);
      expect(config?.workers).toBe(3);
    });
  }

  it('skips a package.json without a "simorg" key and returns null with no config at all', async () => {
    writeFiles(dir, { 'package.json': '{"name": "x"}' });
    expect(await loadConfig(dir)).toBeNull();
  });

  it('refuses two configs in one folder, naming both', async () => {
    const err = await loadError({ '.simorgrc.json': '{}', 'simorg.config.mjs': 'export default {}' });
    expect(err.message).toContain('.simorgrc.json, simorg.config.mjs');
  });

  it('loads the .simorgrc.example that init writes, with defaults', async () => {
    writeFiles(dir, { '.simorgrc.json': readFileSync(EXAMPLE_CONFIG, 'utf8') });
    const config = (await loadConfig(dir))!;
    expect(config.database).toBe(join(dir, '.simorg/simorg.sqlite'));
    expect(config.defaultRunConfig).toBe('std');
    expect(config.runConfigs).toEqual(BUILTIN_RUN_CONFIGS);
  });
});

describe('loadConfig: errors point at the file, line and key', () => {
  it('gives line:column for malformed JSON', async () => {
    const err = await loadError({ '.simorgrc.json': '{\n  // ok\n  "workers": 2\n  "editor": "vi"\n}\n' });
    expect(err.message).toBe(
      `${join(dir, '.simorgrc.json')}:4:3: expected ',' or '}' after the value of "workers", found '"'`,
    );
  });

  it('gives line:column for malformed YAML', async () => {
    const err = await loadError({ '.simorgrc.yaml': 'monitor:\n  - path: a\n   recurse: x\n' });
    expect(err.message).toMatch(new RegExp(`^${join(dir, '.simorgrc.yaml')}:3:\\d+: `));
  });

  it('names the key, its line and the expected type for a bad value', async () => {
    const err = await loadError({
      '.simorgrc.json': '{\n  "runConfigs": {\n    "quick": {\n      "timeout": "ten"\n    }\n  }\n}\n',
    });
    expect(err.message).toBe(
      `${join(dir, '.simorgrc.json')}:4:7: 'runConfigs.quick.timeout' must be a number of seconds greater than 0 and at most 2147483 (24 days), or null for no timeout, got the string "ten"`,
    );
  });

  it('finds the line of a key in YAML and in package.json', async () => {
    let err = await loadError({
      '.simorgrc.yaml': 'exclude: []\nmonitor:\n  - sims\n  - path: b\n    recurse: 1\n',
    });
    expect(err.message).toMatch(
      /\.simorgrc\.yaml:5:5: 'monitor\[1\]\.recurse' must be true or false, got the number 1/,
    );
    cleanup();
    ({ dir, cleanup } = tempDir('simorg-cfg-'));
    err = await loadError({ 'package.json': '{\n  "name": "p",\n  "simorg": {\n    "workers": 0\n  }\n}' });
    expect(err.message).toMatch(
      /package\.json:4:5: 'workers' must be a whole number greater than 0, got the number 0/,
    );
  });

  it('names unknown keys with the closest known one, at every level', async () => {
    const err = await loadError({
      '.simorgrc.json':
        '{\n  "monitr": [],\n  "runConfigs": { "a": { "timout": 5 } },\n  "monitor": [{ "path": "x", "autotrack": true }]\n}',
    });
    expect(err.message).toContain('the config has 3 problems');
    expect(err.message).toContain(":2:3: unknown key 'monitr' (did you mean 'monitor'?)");
    expect(err.message).toContain(":3:26: unknown key 'runConfigs.a.timout' (did you mean 'timeout'?)");
    expect(err.message).toContain(":4:30: unknown key 'monitor[0].autotrack' (did you mean 'autoTrack'?)");
  });

  it('names the file and key (no line) for a JS config', async () => {
    const err = await loadError({ 'simorg.config.mjs': 'export default { formats: ["png", "gif"] };' });
    expect(err.message).toBe(
      `${join(dir, 'simorg.config.mjs')}: unknown format 'gif' in 'formats'; known: png, svg, pdf, jpg, eps`,
    );
  });

  it('rejects an unknown defaultRunConfig and a monitor folder outside the root', async () => {
    let err = await loadError({ '.simorgrc.json': '{ "defaultRunConfig": "shrot" }' });
    expect(err.message).toMatch(
      /:1:3: 'defaultRunConfig' names the run config 'shrot', which does not exist \(did you mean 'short'\?\)/,
    );
    cleanup();
    ({ dir, cleanup } = tempDir('simorg-cfg-'));
    err = await loadError({ '.simorgrc.json': '{ "monitor": ["../elsewhere"] }' });
    expect(err.message).toMatch(/'monitor\[0\]\.path' \(\.\.\/elsewhere\) is outside the project root/);
  });
});

describe('resolveConfig', () => {
  it('extends the built-in run configs; a configured one of the same name replaces it whole', () => {
    const c = resolveConfig(
      {
        runConfigs: { short: { timeout: 30 }, gpu: { env: { CUDA: 1, DISPLAY: null }, argv: ['--gpu'] } },
        defaultRunConfig: 'gpu',
      },
      '/p',
      undefined,
    );
    expect(c.runConfigs.short).toEqual({ name: 'short', timeout: 30, env: {}, argv: [] });
    expect(c.runConfigs.full).toEqual(BUILTIN_RUN_CONFIGS.full);
    expect(c.runConfigs.gpu).toEqual({
      name: 'gpu',
      timeout: null,
      env: { CUDA: '1', DISPLAY: null },
      argv: ['--gpu'],
    });
    expect(getRunConfig(c, undefined).name).toBe('gpu');
    expect(() => getRunConfig(c, 'sht')).toThrow(UsageError);
  });

  it('normalises interpreters, groups and exclude given as strings', () => {
    const c = resolveConfig(
      {
        interpreters: { jl: 'julia --project', '.py': ['python3', '-u'] },
        groups: { figs: 'paper/*.ts' },
        exclude: 'scratch',
      },
      '/p',
      undefined,
    );
    expect(c.interpreters['.jl']).toEqual(['julia', '--project']);
    expect(c.interpreters['.py']).toEqual(['python3', '-u']);
    expect(c.interpreters['.sh']).toEqual(['bash']);
    expect(c.groups).toEqual({ figs: ['paper/*.ts'] });
    expect(c.exclude).toEqual(['scratch']);
  });
});
