// `simorg export` under faults and hostile text: --out to a missing folder, a folder, a full and a
// read-only file system (real tmpfs mounts); CSV cells a spreadsheet would run as formulas.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';
import { mountTmpfs, tmpfsUnavailable } from './hook-tmpfs.js';

let p: TempProject;
beforeAll(async () => {
  p = tempProject({}, { 'a.sh': 'echo alpha\n' });
  const r = await p.cli([
    'run',
    'a.sh',
    '--reason',
    '=HYPERLINK("http://evil.example","click")',
    '--tag',
    '@SUM(A1:A9)',
  ]);
  expect(r.code).toBe(0);
});
afterAll(() => p.cleanup());

const noMount = tmpfsUnavailable();
if (noMount) console.log(`skipping the full and read-only disk cases: ${noMount}`);

describe('export --format csv and formula injection', () => {
  it('writes --reason and --tag text as text, not as formulas', async () => {
    const r = await p.cli(['export', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(r.stdout).toContain(`"'@SUM(A1:A9)"`);
    expect(r.stdout).not.toMatch(/(^|,)[=@]/m);
  });
});

describe('export --out', () => {
  it('to a missing folder: exit 2, one line naming it and the fix, no file', async () => {
    const r = await p.cli(['export', '--out', 'nowhere/runs.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'simorg: cannot write --out nowhere/runs.json: its folder does not exist; create it or choose another --out (ENOENT)\n',
    );
    expect(existsSync(join(p.root, 'nowhere'))).toBe(false);
  });

  it('to a folder: exit 2, and a hint naming a file', async () => {
    const r = await p.cli(['export', '--out', '.simorg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('simorg: --out .simorg is a folder\n  name a file, e.g. --out .simorg/runs.csv\n');
  });

  it('to a device writes straight to it (nothing renamed over /dev/null)', async () => {
    const r = await p.cli(['export', '--out', '/dev/null']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('replaces a file only once the export is complete, leaving no temporary file', async () => {
    const r = await p.cli(['export', '--format', 'csv', '--out', 'runs.csv']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(p.root, 'runs.csv'), 'utf8')).toMatch(/^run_id,script,/);
    expect(readdirSync(p.root).filter((f) => f.includes('simorg-tmp'))).toEqual([]);
  });

  it.skipIf(noMount)(
    'to a full disk: exit 1 saying so, the earlier export intact, nothing partial left',
    async () => {
      const fs = mountTmpfs({
        size: '64k',
        prepare: (d) => writeFileSync(join(d, 'runs.json'), 'earlier export\n'),
      });
      try {
        fs.fill();
        const r = await p.cli(['export', '--out', join(fs.dir, 'runs.json')]);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `simorg: cannot write --out ${join(fs.dir, 'runs.json')}: the disk is full; free some space or choose another --out (ENOSPC)\n`,
        );
        expect(readFileSync(join(fs.dir, 'runs.json'), 'utf8')).toBe('earlier export\n');
        expect(readdirSync(fs.dir).sort()).toEqual(['filler', 'runs.json']);
      } finally {
        fs.unmount();
      }
    },
  );

  it.skipIf(noMount)('to a read-only file system: exit 1 saying read-only', async () => {
    const fs = mountTmpfs({ size: '64k', readOnly: true });
    try {
      const r = await p.cli(['export', '--out', join(fs.dir, 'runs.json')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `simorg: cannot write --out ${join(fs.dir, 'runs.json')}: the file system is read-only; choose a writable folder (EROFS)\n`,
      );
    } finally {
      fs.unmount();
    }
  });
});
