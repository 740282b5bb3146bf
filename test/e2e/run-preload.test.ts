// The runner preloads the hook as CommonJS (`--require`, dist/hook-cjs/register-cjs.js): a
// CommonJS script it starts never starts the ES-module loader, and still has its figures saved and
// recorded; a TypeScript one runs under tsx with the same preload.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

const DRAW = `const c = createCanvas(60, 40);
const g = c.getContext('2d');
g.fillStyle = 'teal';
g.fillRect(5, 5, 30, 20);
`;

describe('simorg run preloads the hook with --require', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject(
      {
        formats: ['png'],
        runConfigs: { dyn: { timeout: 60, env: { SIMORG_CAPTURE_DYNAMIC_IMPORTS: '1' } } },
      },
      {
        'sims/dyn.mjs':
          "const name = ['computed', 'mjs'].join('.');\nconst { k } = await import('./lib/' + name);\nconsole.log(k);\n",
        'sims/lib/computed.mjs': 'export const k = 3;\n',
        'sims/plain.cjs': `const { createCanvas } = require('canvas');
${DRAW}
console.log(JSON.stringify({
  preload: process.execArgv,
  esmLoader: process.moduleLoadList.some((m) => m.endsWith('esm/module_job')),
}));
`,
        'sims/typed.ts': `import { createCanvas } from 'canvas';
const side: number = 40;
${DRAW.replace('30, 20', 'side, side')}
console.log(JSON.stringify(process.execArgv));
`,
      },
    );
    symlinkSync(
      fileURLToPath(new URL('../../node_modules', import.meta.url)),
      join(p.root, 'node_modules'),
      'dir',
    );
  });
  afterAll(() => p.cleanup());

  it('starts a CommonJS script without the ES-module loader, and records its figure', async () => {
    const r = await p.cli(['run', 'sims/plain.cjs', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runs[0]).toMatchObject({ status: 'succeeded', figures: 1 });
    const out = JSON.parse((await p.cli(['log', 'sims/plain.cjs'])).stdout.split('\n')[0]!) as {
      preload: string[];
      esmLoader: boolean;
    };
    expect(out.preload).toEqual([
      '--require',
      expect.stringMatching(/[\\/]dist[\\/]hook-cjs[\\/]register-cjs\.js$/),
    ]);
    expect(out.esmLoader).toBe(false);
  });

  it('runs a TypeScript script through tsx with the same preload, and records its figure', async () => {
    const r = await p.cli(['run', 'sims/typed.ts', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runs[0]).toMatchObject({ status: 'succeeded', figures: 1 });
    const argv = JSON.parse((await p.cli(['log', 'sims/typed.ts'])).stdout.split('\n')[0]!) as string[];
    expect(argv).toEqual([
      '--import',
      expect.stringMatching(/tsx/),
      '--require',
      expect.stringMatching(/register-cjs\.js$/),
    ]);
  });

  it('preloads the ES-module hook when the run config asks for SIMORG_CAPTURE_DYNAMIC_IMPORTS', async () => {
    // Its loader hooks are ignored from a --require preload: a computed import would go unseen.
    const r = await p.cli(['run', 'sims/dyn.mjs', '--config', 'dyn', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = JSON.parse((await p.cli(['show', JSON.parse(r.stdout).runs[0].runId, '--json'])).stdout);
    const modules = rec.files
      .filter((f: { role: string }) => f.role === 'module')
      .map((f: { path: string }) => f.path);
    expect(modules).toEqual(['sims/lib/computed.mjs']);
  });
});
