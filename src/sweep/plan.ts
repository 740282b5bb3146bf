import { canonicalJson, effectiveParams, paramText, type Params } from '../config/params.js';
import { HashCache } from '../fresh/hash.js';
import { isNodeScript, judgeRun, type JudgeContext } from '../fresh/judge.js';
import { InstalledPackages } from '../fresh/packages.js';
import type { LatestRun, RunFile } from '../store/latest-runs.js';
import { isRuntimeFile } from '../store/runtime-files.js';
import { judgedRunFiles, judgedRuns } from '../store/runs-by-id.js';
import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { latestSweepRuns, type SweepRun } from '../store/sweeps.js';

// What a launch of a sweep has to do, job by job: a parameter set whose last run in this sweep
// succeeded and is fresh (script, modules, files read, packages and run config unchanged, same
// parameters) is skipped; the others run, with the reason. Re-running a sweep resumes it.

export interface PlannedJob {
  index: number;
  /** The job's parameters (the sweep's point with the constant ones), as queued. */
  params: Params;
  /** With the run config's own params under them: as the run records them. */
  effectiveJson: string;
  /** Folder under figures/<script>/: `<sweep>/<k1=v1,k2=v2>`. */
  figuresSubdir: string;
  last: SweepRun | null;
  action: 'skip' | 'run';
  /** Why it runs: `never run`, `failed`, `script changed`...; for a skip, `fresh`. */
  why: string;
}

/** Judges every point of the sweep against its last run in the sweep. */
export function planSweep(
  project: Project,
  script: ScriptRow,
  sweep: { id: number | null; name: string },
  runConfig: string,
  points: Params[],
  varying: string[],
  argv: string[] = [],
): PlannedJob[] {
  const rcParams = project.config.runConfigs[runConfig]?.params;
  const last = sweep.id === null ? new Map<string, SweepRun>() : latestSweepRuns(project.db, sweep.id);
  const ctx: JudgeContext = {
    root: project.root,
    config: project.config,
    hashes: new HashCache(project.db, { deferWrites: true }),
    packages: new InstalledPackages(),
    settings: { then: new Map(), now: new Map() },
    now: new Map(),
  };
  const succeeded = [...last.values()].filter((r) => r.status === 'succeeded').map((r) => r.id);
  const records = loadRecords(project, succeeded);
  const jobs = points.map((params, index): PlannedJob => {
    const effective = effectiveParams(rcParams, params);
    const effectiveJson = canonicalJson(effective);
    const run = last.get(effectiveJson) ?? null;
    const job: PlannedJob = {
      index,
      params: effectiveParams(undefined, params),
      effectiveJson,
      figuresSubdir: `${sweep.name}/${jobFolder(params, varying)}`,
      last: run,
      action: 'run',
      why: 'never run',
    };
    if (!run) return job;
    if (run.status !== 'succeeded') return { ...job, why: `last run ${run.status}` };
    const rec = records.get(run.id);
    if (!rec) return { ...job, why: 'its record is incomplete' };
    const { changes } = judgeRun(
      ctx,
      script.path,
      rec.run,
      rec.modules,
      { runConfig, argv, params: effective },
      false,
    );
    if (changes.length) return { ...job, why: changes.join('; ') };
    // A script run without the hook (.py, .sh...) records only itself: skipped, but not called fresh.
    return {
      ...job,
      action: 'skip',
      why: isNodeScript(script.path)
        ? 'fresh'
        : 'succeeded, script unchanged (unverified: its reads are not tracked)',
    };
  });
  ctx.hashes.flush();
  return jobs;
}

// The runs' rows and files, shaped as freshness judges a latest run.
function loadRecords(project: Project, ids: string[]): Map<string, { run: LatestRun; modules: RunFile[] }> {
  const out = new Map<string, { run: LatestRun; modules: RunFile[] }>();
  if (!ids.length) return out;
  const runs = judgedRuns(project.db, ids);
  for (const r of runs) {
    out.set(r.id, {
      run: {
        id: r.id,
        scriptId: r.script_id,
        scriptHash: r.script_hash,
        scriptThen: r.script_hash,
        runConfig: r.run_config,
        configJson: r.config_json,
        argvJson: r.argv_json,
        paramsJson: r.params_json,
        status: r.status,
        exitCode: r.exit_code,
        signal: r.signal,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        durationMs: r.duration_ms,
        packagesJson: r.packages_json,
        io: [],
      },
      modules: [],
    });
  }
  const files = judgedRunFiles(project.db, ids);
  for (const f of files) {
    const rec = out.get(f.run_id);
    if (!rec || isRuntimeFile(f.path)) continue;
    if (f.role === 'module') rec.modules.push({ role: 'module', path: f.path, hash: f.hash });
    else rec.run.io.push({ role: f.role, path: f.path, hash: f.hash });
  }
  // A file also loaded as a module counts as the module.
  for (const rec of out.values()) {
    const mods = new Set(rec.modules.map((m) => m.path));
    for (const f of rec.run.io) if (f.role === 'read' && mods.has(f.path)) f.shadowed = true;
  }
  return out;
}

/** `k1=v1,k2=v2` of the varying keys, made safe as one folder name. */
export function jobFolder(params: Params, varying: string[]): string {
  const keys = varying.filter((k) => Object.hasOwn(params, k));
  const text =
    (keys.length ? keys : Object.keys(params)).map((k) => `${k}=${paramText(params[k])}`).join(',') ||
    'default';
  return safeFolder(text);
}

/** A name usable as one folder: no separators, control characters or leading dot; long ones cut. */
export function safeFolder(text: string): string {
  // eslint-disable-next-line no-control-regex
  let s = text.replace(/[/\\\x00-\x1f\x7f:*?"<>|]/g, '_').replace(/^\./, '_');
  if (s.length > 120) s = `${s.slice(0, 100)}~${hash(text)}`;
  return s;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
