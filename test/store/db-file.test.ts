import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headerProblem } from '../../src/store/db-file.js';
import { openDb } from '../../src/store/db.js';
import { tempDir } from '../track/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('simorg-dbfile-')));
afterEach(() => cleanup());

describe('headerProblem', () => {
  it('passes a sound database and names an empty, short, cut or foreign file, or a folder', () => {
    const file = join(dir, 'db.sqlite');
    const db = openDb(file);
    db.exec(
      "CREATE TABLE filler (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO filler SELECT printf('%0100d', i) FROM n;",
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(headerProblem(file)).toBeNull();
    const bytes = readFileSync(file);

    truncateSync(file, 8192);
    expect(headerProblem(file)?.text).toMatch(/^it is truncated \(8192 bytes, its header says \d+\)$/);
    writeFileSync(file, bytes.subarray(0, 50));
    expect(headerProblem(file)).toEqual({ text: 'it is truncated (50 bytes, less than a database header)' });
    truncateSync(file, 0);
    expect(headerProblem(file)).toEqual({ text: 'it is empty (0 bytes): it was truncated or replaced' });
    writeFileSync(file, 'name,value\n1,2\n');
    expect(headerProblem(file)).toEqual({
      text: 'it is not a SQLite database (it starts with "name,value.1,2.")',
      foreign: true,
    });
    mkdirSync(join(dir, 'folder.sqlite'));
    expect(headerProblem(join(dir, 'folder.sqlite'))).toEqual({
      text: 'it is a folder, not a file',
      foreign: true,
    });
  });
});
