// The shape of a resolved project configuration (see .simorgrc.example for every key).

export interface MonitorDir {
  /** Directory, relative to the project root. */
  path: string;
  recurse: boolean;
  /** When true, a missing directory is an error rather than skipped. */
  shouldExist: boolean;
  /** When true, `simorg scan` tracks new scripts found here. */
  autoTrack: boolean;
  /** Group given to scripts tracked from this directory. */
  group?: string;
}

export interface RunConfig {
  name: string;
  /** Seconds, or null for no timeout. */
  timeout: number | null;
  /** Variables to set; a null value unsets the variable. */
  env: Record<string, string | null>;
  argv: string[];
  /** Seconds between SIGTERM and SIGKILL when a run is stopped (timeout, cancel); default 5. */
  killGrace?: number;
  /** Parameters every run under this config gets (`--param` and `--params` override them). */
  params?: Record<string, unknown>;
  /** Words put before the script's command (["srun"], ["mpirun", "-n", "4"]), here and on Slurm. */
  launcher?: string[];
  /** Slurm settings of this run config, over the top-level `slurm` ones. */
  slurm?: SlurmSettings;
}

/** What a Slurm job asks for (`--backend slurm`); each maps to the sbatch option of the same name. */
export interface SlurmSettings {
  partition?: string;
  /** Slurm's time forms: minutes, HH:MM:SS, D-HH:MM... */
  time?: string;
  mem?: string;
  cpus?: number;
  gpus?: string;
  account?: string;
  ntasks?: number;
  cpusPerTask?: number;
  /** Further sbatch options, as given. */
  sbatch?: string[];
}

export interface SimorgConfig {
  /** Absolute path of the project root (the folder holding the config file). */
  root: string;
  /** Absolute path of the config file, or undefined when running on defaults. */
  file?: string;
  monitor: MonitorDir[];
  groups: Record<string, string[]>;
  exclude: string[];
  /** The built-in run configs (short, std, full) plus the configured ones; same name replaces. */
  runConfigs: Record<string, RunConfig>;
  /** Always a key of runConfigs (checked when the config is loaded); 'std' unless configured. */
  defaultRunConfig: string;
  /** Absolute path of the SQLite database. */
  database: string;
  /** Output folder name or path for figures, relative to each script (default `_output`). */
  outputDir: string;
  formats: string[];
  /** File extension (with dot) -> command line prefix, e.g. { ".py": ["python3"] }. */
  interpreters: Record<string, string[]>;
  workers: number;
  editor?: string;
  /** Slurm settings for every run config (`--backend slurm`); a run config's own `slurm` wins. */
  slurm: SlurmSettings;
  /** Named parameter spaces for `simorg sweep` (checked in detail by src/sweep/config-space.ts). */
  sweeps?: Record<string, unknown>;
}
