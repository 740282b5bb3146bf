import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { findScript, rejectEmptyPatterns } from '../track/scripts.js';
import { prefixRange, RUN_ID_PREFIX } from './run-id.js';
import { latestRunId, runsInIdRange } from '../store/runs.js';

// The run a user means by a run id, a prefix of one, or a script.

const MIN_PREFIX = 4;

/**
 * The run a user means: a run id or a unique prefix of one (4+ hex characters, like git), or a
 * script (its path relative to cwd, or the unique end of one, tracked or not) meaning its latest
 * run. Throws UsageError naming the problem: empty, too short, ambiguous (with the candidates).
 */
export function resolveRunRef(project: Project, cwd: string, ref: string): string {
  rejectEmptyPatterns([ref], 'run id or script');
  const { db } = project;
  const hex = ref.toLowerCase();
  if (RUN_ID_PREFIX.test(hex)) {
    const [lo, hi] = prefixRange(hex);
    const rows = runsInIdRange(db, lo, hi, 6);
    if (rows.length === 1) return rows[0]!.id;
    if (rows.length > 1) {
      const shown = rows
        .slice(0, 5)
        .map((r) => `${r.id} (${r.scriptPath})`)
        .join(', ');
      throw new UsageError(`run id prefix '${ref}' is ambiguous: ${shown}${rows.length > 5 ? ', ...' : ''}`, {
        code: 'E_AMBIGUOUS',
        hint: 'give more characters of the run id',
      });
    }
  }
  const script = findScript(project, cwd, ref);
  if (script) {
    const latest = latestRunId(db, script.id);
    if (latest) return latest;
    throw new UsageError(`${script.path} has no runs yet`, {
      hint: `start one with \`simorg run ${script.path}\``,
    });
  }
  if (/^[0-9a-f]+$/.test(hex) && hex.length < MIN_PREFIX) {
    throw new UsageError(`run id prefix '${ref}' is too short: give at least ${MIN_PREFIX} characters`, {
      code: 'E_SHORT_PREFIX',
      hint: 'see `simorg list` for recent runs and their ids',
    });
  }
  throw new UsageError(`'${ref}' is neither a run id nor a script with runs`, {
    code: 'E_NO_MATCH',
    hint: 'see `simorg list` for recent runs and their ids',
  });
}
