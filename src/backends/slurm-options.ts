// What a Slurm job asks for: the config's top-level `slurm`, then the run config's own, then the
// command line, each over the one before; turned into sbatch's options.
import type { RunConfig, SimorgConfig, SlurmSettings } from '../config/types.js';

/** The settings for a run config, the command line's winning. */
export function mergedSettings(
  config: SimorgConfig,
  runConfig: RunConfig,
  cli: SlurmSettings,
): SlurmSettings {
  const out: SlurmSettings = { ...config.slurm, ...runConfig.slurm };
  for (const [k, v] of Object.entries(cli) as Array<[keyof SlurmSettings, unknown]>) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  // Raw options add up: the config's and then the command line's.
  const raw = [...(config.slurm.sbatch ?? []), ...(runConfig.slurm?.sbatch ?? []), ...(cli.sbatch ?? [])];
  if (raw.length) out.sbatch = raw;
  return out;
}

/**
 * A run config's timeout as a Slurm time limit (whole minutes, rounded up: Slurm counts minutes),
 * when no `time` is set: `short` (10 s) asks for one minute instead of the partition's default.
 */
export function timeFromTimeout(runConfig: RunConfig): string | undefined {
  return runConfig.timeout && runConfig.timeout > 0 ? String(Math.ceil(runConfig.timeout / 60)) : undefined;
}

/** The sbatch options for `s` (job name and output files are the submitter's). */
export function sbatchArgs(s: SlurmSettings, runConfig: RunConfig): string[] {
  const args: string[] = [];
  const time = s.time ?? timeFromTimeout(runConfig);
  if (s.partition) args.push(`--partition=${s.partition}`);
  if (time) args.push(`--time=${time}`);
  if (s.mem) args.push(`--mem=${s.mem}`);
  if (s.cpus && !s.cpusPerTask) args.push(`--cpus-per-task=${s.cpus}`);
  if (s.cpusPerTask) args.push(`--cpus-per-task=${s.cpusPerTask}`);
  if (s.ntasks) args.push(`--ntasks=${s.ntasks}`);
  if (s.gpus) args.push(`--gpus=${s.gpus}`);
  if (s.account) args.push(`--account=${s.account}`);
  return [...args, ...(s.sbatch ?? [])];
}

/** Splits a raw `--sbatch '...'` text into options as a shell would (quotes kept together). */
export function splitSbatch(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}
