// Queries on the modules runs loaded (run_files rows of role 'module').
import type { Db } from './db.js';

// The latest finished run of each tracked script (by runs_script_started), then its module rows
// (by run_files_run).
const RECORDED = `
  SELECT f.path AS module, s.path AS script
  FROM scripts s
  CROSS JOIN runs r ON r.rowid = (SELECT rowid FROM runs WHERE script_id = s.id AND status <> 'running' ORDER BY started_at DESC LIMIT 1)
  CROSS JOIN run_files f ON f.run_id = r.id AND f.role = 'module'
  WHERE s.untracked_at IS NULL`;

/** Every module the latest finished run of each tracked script loaded, with that script. */
export function selectRecordedModules(db: Db): Array<{ module: string; script: string }> {
  return db.prepare<[], { module: string; script: string }>(RECORDED).all();
}
