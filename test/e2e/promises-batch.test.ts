import { afterEach, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';

// README "Batches run in dependency order": a never-run script "that fails because a file it opened
// was missing is run once more as soon as a script of the same batch writes that file, so a new
// pipeline ends green on its first `run --all`". Two timings of the same new pipeline (a writer
// and a reader, two workers, both started at once): the reader fails before the writer has
// finished, or after.

/** Writes data/out.csv after `delayMs`. */
const writer = (delayMs: number) => `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('data', { recursive: true });
await new Promise((r) => setTimeout(r, ${delayMs}));
writeFileSync('data/out.csv', 'x\\n1\\n');
`;

/** Reads data/out.csv; when it is missing, waits for `waitFile` to exist, then fails. */
const reader = (waitFile: string) => `import { existsSync, readFileSync } from 'node:fs';
let text;
try {
  text = readFileSync('data/out.csv', 'utf8');
} catch (e) {
  while (!existsSync('${waitFile}')) await new Promise((r) => setTimeout(r, 20));
  throw e;
}
console.log('rows', text.trim().split('\\n').length);
`;

interface RunJson {
  ok: boolean;
  runs: { script: string; status: string }[];
  notes: string[];
}

/** script -> the statuses of its runs in this batch, in the order they ran. */
function statuses(r: RunJson): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const x of r.runs) (out[x.script] ??= []).push(x.status);
  return out;
}

let p: RealProject;
afterEach(() => p?.cleanup());

async function firstRunAll(files: Record<string, string>): Promise<RunJson> {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' }),
    ...files,
  });
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', 'gen.mjs', 'reader.mjs'])).code).toBe(0);
  const r = await p.cli(['run', '--all', '--jobs', '2', '--json']);
  return JSON.parse(r.stdout) as RunJson;
}

describe('a new pipeline on its first run --all', () => {
  it('reader fails while the writer still runs: re-run once the writer has written, ends green', async () => {
    // The reader fails as soon as it has seen the file missing (the writer waits 1.5 s to write).
    const r = await firstRunAll({ 'gen.mjs': writer(1500), 'reader.mjs': reader('gen.mjs') });
    expect(statuses(r)).toEqual({ 'gen.mjs': ['succeeded'], 'reader.mjs': ['failed', 'succeeded'] });
    expect(r.notes).toEqual([
      're-running reader.mjs: data/out.csv was missing or being written when it ran, and gen.mjs has written it since',
    ]);
    expect(r.ok).toBe(true);
  });

  // The files a run read are hashed when it ends, so a file missing when the reader opened it but
  // written before the reader ended is recorded as read, not as missing; the writer's end (before
  // or after the reader's) is what tells the batch the reader raced it.
  it('reader fails after the writer has finished: re-run all the same, ends green', async () => {
    // The reader sees the file missing, then fails only once the writer has written it and ended
    // (the writer's output exists), so its failure reaches the batch after the writer's success.
    const r = await firstRunAll({
      'gen.mjs': writer(300),
      'reader.mjs': reader('data/out.csv').replace(
        'throw e;',
        'await new Promise((r) => setTimeout(r, 1500));\n  throw e;',
      ),
    });
    expect(statuses(r)).toEqual({ 'gen.mjs': ['succeeded'], 'reader.mjs': ['failed', 'succeeded'] });
    expect(r.ok).toBe(true);
  });

  it('reader fails after the writer has written but before it has ended: re-run all the same, ends green', async () => {
    // The writer writes at once, then lingers 2 s; the reader fails as soon as the file exists, so
    // its failure reaches the batch first, with the file recorded as read (present when hashed).
    const lingering = writer(300) + 'await new Promise((r) => setTimeout(r, 2000));\n';
    const r = await firstRunAll({ 'gen.mjs': lingering, 'reader.mjs': reader('data/out.csv') });
    expect(statuses(r)).toEqual({ 'gen.mjs': ['succeeded'], 'reader.mjs': ['failed', 'succeeded'] });
    expect(r.notes).toEqual([
      're-running reader.mjs: data/out.csv was missing or being written when it ran, and gen.mjs has written it since',
    ]);
    expect(r.ok).toBe(true);
  });
});
