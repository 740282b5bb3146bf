import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findGitDir, gitState, readHead, runEnvironment } from '../../src/run/environment.js';

describe('run environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simorg-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();

  it('describes the machine', () => {
    expect(runEnvironment()).toMatchObject({
      node: process.version,
      cpus: expect.any(Number),
      memoryBytes: expect.any(Number),
    });
  });

  it('reads HEAD from files like git does (loose and packed refs) and the dirty flag', async () => {
    expect(await gitState(dir)).toEqual({ commit: null, dirty: null });
    git('init', '-q');
    writeFileSync(join(dir, 'f.txt'), '1');
    git('add', 'f.txt');
    git('commit', '-qm', 'one');
    const head = git('rev-parse', 'HEAD');
    mkdirSync(join(dir, 'sub'));
    expect(readHead(findGitDir(join(dir, 'sub'))!)).toBe(head);
    git('pack-refs', '--all');
    expect(readHead(findGitDir(dir)!)).toBe(head);
    expect(await gitState(dir)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(dir, 'f.txt'), '2');
    await new Promise((r) => setTimeout(r, 2100)); // past the shared dirty-check window
    expect(await gitState(dir)).toEqual({ commit: head, dirty: true });
  });
});
