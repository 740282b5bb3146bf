// The errors a user can cause. Each has a stable `code` from the list below; the CLI maps the class
// to an exit code in one place (src/cli/main.ts): UsageError -> 2, every other SimorgError -> 1,
// anything else is a bug and keeps its stack. Every class takes (message, options) and keeps `cause`.
// The hook, which imports nothing of the core, has its own list in src/hook/errors.ts.

/** Every code a SimorgError may carry, with what it means. Scripts may match on the code. */
export const ERROR_CODES = {
  // usage (exit 2)
  E_USAGE: 'a bad command line: unknown option, missing argument',
  E_AMBIGUOUS: 'a script name or run id that matches more than one',
  E_SHORT_PREFIX: 'a run-id prefix too short to be looked up',
  E_NO_MATCH: 'a script, pattern or run id that matches nothing',
  E_EMPTY_PATTERN: 'an empty pattern, which never means "everything"',
  E_UNKNOWN_RUN_CONFIG: 'a run config name the project does not define',
  E_OUTSIDE_ROOT: 'a path outside the project',
  E_NO_FILE: 'a named file that does not exist',
  E_NO_FOLDER: 'a named folder that does not exist',
  E_CONFIRM: 'a destructive command without --yes where nobody can be asked',
  E_PARAM_SYNTAX: 'a --param or --sweep value that cannot be read (key=value, range(), log())',
  E_PARAMS_FILE: 'a params file that is missing, not JSON/YAML, or not an object',
  E_SWEEP_SPACE: 'a sweep space that is empty, clashes on a key, or has a zero step',
  E_SWEEP_NAME: 'a sweep name that cannot be used',
  E_NO_SWEEP: 'a sweep name the config or the database does not know',
  E_PORT_IN_USE: "the dashboard's port is taken by another program",
  E_EXPORT_OUT: 'an export destination that cannot be written',
  // the project and its config
  E_NO_PROJECT: 'no simorg project at or above the folder',
  E_STATE_DIR: "the project's .simorg folder cannot be made",
  E_CONFIG: 'a config file that cannot be read or does not validate',
  E_WRITE: 'a file simorg writes could not be written',
  // the database
  E_STORE: 'the database cannot be used',
  E_NO_DB: 'the database file does not exist',
  E_DB_OPEN: 'the database file cannot be opened',
  E_DB_BUSY: 'the database stayed busy past the wait',
  E_DB_LOCKED: 'another process holds the database locked',
  E_DB_READONLY: 'the database cannot be written',
  E_DB_WRITE: 'a write to the database failed (disk full, I/O error)',
  E_DB_CORRUPT: 'the database file is damaged',
  E_DB_SCHEMA: 'the database has an unknown or broken schema',
  E_DB_NEWER: 'the database was made by a newer simorg',
  E_DB_FOREIGN: 'the file is not a simorg database',
  E_RUNS_ACTIVE: 'scripts are running, so the database cannot be replaced',
  // runs
  E_RUN: 'a run could not be started',
  E_NO_INTERPRETER: "the script's interpreter is not installed",
  E_LISTEN: 'the dashboard could not listen on its address',
  E_NO_SLURM: 'a Slurm backend asked for where Slurm (sbatch) is not installed',
  E_SLURM: 'a Slurm command (sbatch, squeue, scancel) failed',
  // output and figures
  E_OUTPUT: "the command's own output could not be written",
  E_TRACE_READ: 'a figure file that cannot be read',
  E_TRACE_INVALID: 'a figure whose simorg provenance is not valid',
  E_TRACE_NONE: 'a figure with no simorg provenance',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface SimorgErrorOptions {
  /** The stable code (each class has its own default). */
  code?: ErrorCode;
  /** One optional line telling the user what to do about it. */
  hint?: string;
  /** What went wrong underneath, kept for `--debug` and for callers of the API. */
  cause?: unknown;
}

export class SimorgError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(message: string, options: SimorgErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? new.target.defaultCode;
    this.hint = options.hint;
  }

  /** The code of errors of this class made without one. */
  static readonly defaultCode: ErrorCode = 'E_USAGE';
}

/** Bad command line: unknown option, unknown script, glob matching nothing, unknown run config. */
export class UsageError extends SimorgError {
  static override readonly defaultCode: ErrorCode = 'E_USAGE';
}

/** No project where the command was run, or its .simorg folder cannot be made. */
export class ProjectError extends SimorgError {
  static override readonly defaultCode: ErrorCode = 'E_NO_PROJECT';
}

/** A config file that cannot be read or does not validate. */
export class ConfigError extends SimorgError {
  static override readonly defaultCode: ErrorCode = 'E_CONFIG';
  readonly file?: string;
  constructor(message: string, options: SimorgErrorOptions & { file?: string } = {}) {
    super(message, options);
    this.file = options.file;
  }
}

/** The database is missing, from a newer simorg, or otherwise unusable. */
export class StoreError extends SimorgError {
  static override readonly defaultCode: ErrorCode = 'E_STORE';
}

/** A run could not be started at all (missing interpreter, unreadable script...). */
export class RunError extends SimorgError {
  static override readonly defaultCode: ErrorCode = 'E_RUN';
}

/** The command's own output could not be written (a full disk, a closed terminal); a reader that left early is not this. */
export class OutputError extends SimorgError {
  static override readonly defaultCode: ErrorCode = 'E_OUTPUT';
}

export function isSimorgError(err: unknown): err is SimorgError {
  return err instanceof SimorgError;
}
