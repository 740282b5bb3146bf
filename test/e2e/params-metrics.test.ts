import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';
import { linkSimorg } from './params-helpers.js';

// Metrics end to end: record() in a script (through the manifest) or a JSON file at $SIMORG_METRICS
// from a script in any language, kept in the run record and shown by show, list --long and export.
describe('record() metrics', () => {
  let p: TempProject;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    p = tempProject(
      {},
      {
        'fit.mjs': `import { params, record } from 'simorg';
const { tau } = params({ tau: 0.01 });
record({ rmse: tau * 10, spikes: 42 });
record({ spikes: 43, label: 'ok', diverged: NaN });
`,
        'late.mjs': `import { record } from 'simorg';
record({ loss: 0.5 });
throw new Error('after recording');
`,
        'bad.mjs': `import { record } from 'simorg';
try { record({ f: () => 1 }); } catch (e) { console.log(e.message); }
try { record([1]); } catch (e) { console.log(e.message); }
`,
        'any.sh': 'printf \'{"acc": 0.9, "n": 3}\' > "$SIMORG_METRICS"\n',
      },
    );
    linkSimorg(p.root);
    for (const args of [['fit.mjs', '--param', 'tau=0.02'], ['late.mjs'], ['bad.mjs'], ['any.sh']]) {
      const r = await p.cli(['run', ...args, '--json']);
      const run = JSON.parse(r.stdout).runs[0];
      ids[run.script] = run.runId;
    }
  });
  afterAll(() => p.cleanup());

  it('keeps what the script recorded, later values of a name replacing earlier ones', async () => {
    const rec = JSON.parse((await p.cli(['show', ids['fit.mjs']!, '--json'])).stdout);
    expect(rec.metrics).toEqual({ rmse: 0.2, spikes: 43, label: 'ok', diverged: 'NaN' });
    expect((await p.cli(['show', 'fit.mjs'])).stdout).toMatch(
      /metrics\s+diverged=NaN label=ok rmse=0\.2 spikes=43\n/,
    );
  });

  it('keeps metrics recorded before the script failed, and those a shell script wrote to $SIMORG_METRICS', async () => {
    const late = JSON.parse((await p.cli(['show', 'late.mjs', '--json'])).stdout);
    expect(late).toMatchObject({ status: 'failed', metrics: { loss: 0.5 } });
    const sh = JSON.parse((await p.cli(['show', 'any.sh', '--json'])).stdout);
    expect(sh).toMatchObject({ status: 'succeeded', metrics: { acc: 0.9, n: 3 } });
    // The channel files are not the script's data: no read or written entry for them.
    expect(sh.files.filter((f: { role: string }) => f.role !== 'script')).toEqual([]);
  });

  it('refuses values that cannot be kept, in words', async () => {
    const out = (await p.cli(['log', 'bad.mjs'])).stdout;
    expect(out).toMatch(
      /record\(\): the value of 'f' is a function; give a number, string, boolean, list or plain object/,
    );
    expect(out).toMatch(/record\(\) takes an object of name: value pairs/);
  });

  it('list --long and export carry them (metric.<name> columns)', async () => {
    const long = await p.cli(['list', '--long', 'fit.mjs']);
    expect(long.stdout.split('\n')[0]).toMatch(/\bparams\s+metrics\s+exit\b/);
    expect(long.stdout).toMatch(/tau=0\.02\s+diverged=NaN label=ok rmse=0\.2 spikes=43/);
    const csv = (await p.cli(['export', '--format', 'csv'])).stdout.split('\r\n');
    const header = csv[0]!.split(',');
    expect(header.slice(-8)).toEqual([
      'param.tau',
      'metric.acc',
      'metric.diverged',
      'metric.label',
      'metric.loss',
      'metric.n',
      'metric.rmse',
      'metric.spikes',
    ]);
    const fit = csv.find((l) => l.startsWith(ids['fit.mjs']!))!.split(',');
    const cell = (name: string) => fit[header.indexOf(name)];
    expect([cell('param.tau'), cell('metric.rmse'), cell('metric.spikes'), cell('metric.acc')]).toEqual([
      '0.02',
      '0.2',
      '43',
      '',
    ]);
    const json = JSON.parse((await p.cli(['export'])).stdout) as Array<{ run_id: string; metrics: object }>;
    expect(json.find((r) => r.run_id === ids['any.sh'])!.metrics).toEqual({ acc: 0.9, n: 3 });
  });
});
