import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RefusedPath, resolveInside } from '../../src/web/safe-path.js';

// The file check behind /file/ and /thumb/, on real files and symlinks.
const root = mkdtempSync(join(tmpdir(), 'simorg-web-path-'));
const outside = mkdtempSync(join(tmpdir(), 'simorg-web-outside-'));
mkdirSync(join(root, 'sims', '_output'), { recursive: true });
mkdirSync(join(root, '.simorg'));
writeFileSync(join(root, 'sims', '_output', 'fig 1.png'), 'png');
writeFileSync(join(root, '.simorg', 'simorg.sqlite'), 'db');
writeFileSync(join(outside, 'secret.txt'), 'secret');
symlinkSync(outside, join(root, 'out-dir'));
symlinkSync(join(outside, 'secret.txt'), join(root, 'sims', 'secret-link.txt'));
symlinkSync(join(root, 'sims', '_output', 'fig 1.png'), join(root, 'inside-link.png'));
const db = join(root, '.simorg', 'simorg.sqlite');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const why = (encoded: string): string => {
  try {
    resolveInside(root, encoded, db);
    return 'served';
  } catch (err) {
    if (err instanceof RefusedPath) return err.why;
    throw err;
  }
};

describe('resolveInside', () => {
  it('serves a file inside the project, by its encoded path, and through a symlink that stays inside', () => {
    expect(why('sims/_output/fig%201.png')).toBe('served');
    expect(why('inside-link.png')).toBe('served');
  });

  it.each([
    ['../etc/passwd', 'traversal'],
    ['sims/../../etc/passwd', 'traversal'],
    ['%2e%2e/etc/passwd', 'traversal'],
    ['%2E%2E%2Fetc%2Fpasswd', 'traversal'],
    ['sims/%2e%2e%2f%2e%2e%2fetc/passwd', 'traversal'],
    ['%252e%252e%252fetc%252fpasswd', 'bad-encoding'],
    ['%2fetc%2fpasswd', 'absolute'],
    ['%2Fetc/passwd', 'absolute'],
    ['..%5c..%5cetc%5cpasswd', 'bad-character'],
    ['sims%00.png', 'bad-character'],
    ['%e0%a4%a', 'bad-encoding'],
    ['out-dir/secret.txt', 'outside'],
    ['sims/secret-link.txt', 'outside'],
    ['.simorg/simorg.sqlite', 'private'],
    ['sims', 'not-a-file'],
    ['sims/none.png', 'not-found'],
    ['./sims/_output/fig%201.png', 'traversal'],
  ])('refuses %s (%s)', (path, reason) => {
    expect(why(path)).toBe(reason);
  });
});
