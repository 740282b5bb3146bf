// Where the CLI's output goes wrong: a script's stderr holding terminal escape sequences and bytes
// that are not UTF-8, a stdout that cannot be written (/dev/full), and readers that leave early
// (`simorg run ... | head -1`). All through the built CLI, on real files, pipes and scripts.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeLine, safeText } from '../../src/cli/output.js';
import { utf8Escaped } from '../../src/run/stderr-tail.js';
import { BIN, tempProject, type TempProject } from '../run/helpers.js';

// What a terminal would act on: ESC (CSI, OSC), BEL, C1 CSI, DEL, a bidi override.
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/;

/** Runs the CLI with its streams set by the caller; resolves with its exit code and what it wrote. */
function runCli(
  root: string,
  args: string[],
  stdio: { stdout?: number; closeStdoutAfterFirstLine?: boolean; closeStderr?: boolean },
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', stdio.stdout ?? 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (stdio.closeStderr) child.stderr!.destroy();
    else child.stderr!.on('data', (d: Buffer) => (stderr += d));
    // As `| head -1`: read the first line, then close the reading end of the pipe.
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d;
      if (stdio.closeStdoutAfterFirstLine && stdout.includes('\n')) child.stdout!.destroy();
    });
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

describe('safeText', () => {
  it('escapes what a terminal would act on and keeps ordinary text', () => {
    expect(safeText('a\x1b[2Jb\x07c\x7fd\u009be\u202ef')).toBe('a\\x1b[2Jb\\x07c\\x7fd\\x9be\\u202ef');
    expect(safeText('ünïcødé 📈 ok')).toBe('ünïcødé 📈 ok');
    expect(safeText('line 1\n\tline 2\r')).toBe('line 1\n\tline 2\\r');
    expect(safeLine('line 1\n\tline 2')).toBe('line 1\\n\\tline 2');
    expect(safeText('lone \ud800 surrogate')).toBe('lone \\ud800 surrogate');
  });

  it('shows bytes that are not UTF-8 as \\xNN, and a value that is not text as invalid', () => {
    const bytes = Buffer.concat([
      Buffer.from('ok '),
      Buffer.from([0xff, 0xc3, 0x28, 0xe0, 0x80, 0x80, 0xed, 0xa0, 0x80]),
      Buffer.from(' é'),
    ]);
    expect(utf8Escaped(bytes)).toBe('ok \\xff\\xc3(\\xe0\\x80\\x80\\xed\\xa0\\x80 é');
    expect(safeText(Buffer.from([0x1b, 0x5b, 0x41, 0xfe]))).toBe('\\x1b[A\\xfe');
    expect(safeText(42)).toBe('(invalid: number)');
    expect(safeLine({ a: 1 })).toBe('(invalid: object)');
    expect(safeLine(null)).toBe('(invalid: null)');
  });
});

describe('untrusted text from scripts', () => {
  let p: TempProject;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    p = tempProject(
      {},
      {
        // A shell script (no manifest: its error is the tail of its stderr) writing an OSC 52
        // clipboard write, colours, a bell and bytes that are not UTF-8.
        'sims/noisy.sh':
          "printf 'warming up\\n\\033]52;c;ZXZpbA==\\007\\033[31mError: boom \\377\\376 end\\n' >&2\nexit 3\n",
        // A script (hooked by the runner) whose error message (from its manifest) clears the screen and reverses text.
        'sims/loud.mjs': "throw new Error('bad \\x1b[2J\\u202e thing');\n",
      },
    );
    const r = await p.cli(['run', 'sims/noisy.sh', 'sims/loud.mjs', '--json']);
    for (const run of JSON.parse(r.stdout).runs) ids[run.script] = run.runId;
  });
  afterAll(() => p.cleanup());

  it('is escaped in the run summary, list and show, and kept as written in JSON', async () => {
    const run = await p.cli(['run', 'sims/noisy.sh', 'sims/loud.mjs']);
    expect(run.code).toBe(1);
    const list = await p.cli(['list', '--long']);
    const shown = await p.cli(['show', ids['sims/noisy.sh']!]);
    const loud = await p.cli(['show', ids['sims/loud.mjs']!]);
    for (const out of [run.stdout, list.stdout, shown.stdout, loud.stdout]) {
      expect(out).not.toMatch(RAW_CONTROL);
      expect(out).not.toContain('\ufffd');
    }
    for (const out of [run.stdout, list.stdout, shown.stdout]) {
      expect(out).toContain(
        'exited with code 3: \\x1b]52;c;ZXZpbA==\\x07\\x1b[31mError: boom \\xff\\xfe end',
      );
    }
    expect(loud.stdout).toContain('bad \\x1b[2J\\u202e thing');
    expect(list.stdout).toContain('bad \\x1b[2J\\u202e thing');
    // JSON is for programs: the text as the script wrote it (JSON escapes it itself).
    const json = JSON.parse((await p.cli(['show', ids['sims/loud.mjs']!, '--json'])).stdout);
    expect(json.error.message).toBe('bad \x1b[2J\u202e thing');
  });

  it('a stderr tail that begins inside a character shows no broken bytes', async () => {
    // 3000 two-byte characters and an error line: the last 4 KB begin in the middle of one of them.
    p.write(
      'sims/wide.sh',
      "printf 'é%.0s' $(seq 1 3000) >&2\nprintf '\\nError: the last line!\\n' >&2\nexit 1\n",
    );
    p.track(['sims/wide.sh']);
    const run = await p.cli(['run', 'sims/wide.sh', '--json']);
    const id = JSON.parse(run.stdout).runs[0].runId as string;
    const json = JSON.parse((await p.cli(['show', id, '--json'])).stdout);
    expect(json.error.message).toBe('exited with code 1: Error: the last line!');
    expect(JSON.stringify(json.error)).not.toMatch(/\ufffd|\\x[89ab]/);
  });

  it('reports values of the wrong type as invalid instead of printing them', async () => {
    const db = p.db();
    db.prepare('UPDATE runs SET tags_json = ?, packages_json = ? WHERE id = ?').run(
      '[7, "ok\\u001b[1m"]',
      '{"pkg": {"v": 1}}',
      ids['sims/loud.mjs'],
    );
    db.prepare('INSERT INTO figures (run_id, idx, name, format, path) VALUES (?, 0, ?, ?, ?)').run(
      ids['sims/loud.mjs'],
      'blink\x1b[5m',
      'png',
      'fig\x1b]0;x\x07.png',
    );
    db.close();
    const shown = await p.cli(['show', ids['sims/loud.mjs']!]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(RAW_CONTROL);
    expect(shown.stdout).toMatch(/tags\s+\(invalid: number\), ok\\x1b\[1m/);
    expect(shown.stdout).toContain('pkg@(invalid: object)');
    expect(shown.stdout).toMatch(/000 blink\\x1b\[5m\s+png\s+fig\\x1b\]0;x\\x07\.png/);
    const list = await p.cli(['list', '--long', 'loud.mjs']);
    expect(list.stdout).toContain('(invalid: number),ok\\x1b[1m');
  });
});

describe('untrusted file names', () => {
  it('a script whose name holds escape sequences is printed escaped by track, ls, list, show and untrack', async () => {
    const p = tempProject({});
    try {
      p.write('sims/\x1b[31mred\x07.sh', 'echo hi\n');
      const outs = [await p.cli(['track', 'sims'])];
      outs.push(await p.cli(['ls']));
      expect((await p.cli(['run', 'sims', '--json'])).code).toBe(0);
      outs.push(await p.cli(['list']), await p.cli(['show', 'sims/\x1b[31mred\x07.sh']));
      outs.push(await p.cli(['untrack', 'sims']));
      for (const r of outs) {
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('sims/\\x1b[31mred\\x07.sh');
        expect(r.stdout).not.toMatch(RAW_CONTROL);
      }
    } finally {
      p.cleanup();
    }
  });
});

describe('output that cannot be written', () => {
  let p: TempProject;
  beforeAll(() => {
    const scripts: Record<string, string> = {};
    for (let i = 0; i < 24; i++) scripts[`sims/s${String(i).padStart(2, '0')}.sh`] = `echo ${i}\n`;
    p = tempProject({}, scripts);
  });
  afterAll(() => p.cleanup());

  it.skipIf(!existsSync('/dev/full'))(
    'list > /dev/full says so in one or two lines and exits 1',
    async () => {
      await p.cli(['run', 'sims/s00.sh']);
      const full = openSync('/dev/full', 'w');
      try {
        const r = await runCli(p.root, ['list'], { stdout: full });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          /^simorg: could not write the output to stdout: no space left on the device \(ENOSPC\)\n {2}.+\n$/,
        );
      } finally {
        closeSync(full);
      }
    },
  );

  it('run ... | head -1 finishes every run, quietly, with its usual exit code', async () => {
    const r = await runCli(p.root, ['run', 'sims', '--jobs', '2'], { closeStdoutAfterFirstLine: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^\[ ?\d+\/24\] ok/);
    // The reader left, the work did not: all 24 runs are recorded as succeeded.
    const runs = JSON.parse(
      (await p.cli(['list', 'sims', '--json', '--limit', '100', '--status', 'succeeded'])).stdout,
    );
    expect(new Set(runs.map((x: { script: string }) => x.script)).size).toBe(24);
  });

  it('a closed stderr does not turn a usage error into a crash', async () => {
    const r = await runCli(p.root, ['show', ''], { closeStderr: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('log | head -1 on a long output stops quietly', async () => {
    p.write(
      'sims/long.sh',
      'i=0; while [ $i -lt 20000 ]; do echo "line $i of a long output"; i=$((i+1)); done\n',
    );
    p.track(['sims/long.sh']);
    expect((await p.cli(['run', 'sims/long.sh'])).code).toBe(0);
    const r = await runCli(p.root, ['log', 'sims/long.sh'], { closeStdoutAfterFirstLine: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('line 0 of a long output\n')).toBe(true);
  });
});
