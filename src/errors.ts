// The errors a user can cause. Each has a stable `code`; the CLI maps the class to an exit code in
// one place (src/cli/main.ts): UsageError -> 2, every other SimorgError -> 1, anything else is a bug.

export class SimorgError extends Error {
  readonly code: string;
  /** One optional line telling the user what to do about it. */
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** Bad command line: unknown option, unknown script, glob matching nothing, unknown run config. */
export class UsageError extends SimorgError {
  constructor(message: string, options: { hint?: string; cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'E_USAGE', message, options);
  }
}

/** A config file that cannot be read or does not validate. */
export class ConfigError extends SimorgError {
  readonly file?: string;
  constructor(message: string, options: { file?: string; hint?: string; cause?: unknown } = {}) {
    super('E_CONFIG', message, options);
    this.file = options.file;
  }
}

/** The database is missing, from a newer simorg, or otherwise unusable. */
export class StoreError extends SimorgError {
  constructor(message: string, options: { hint?: string; cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'E_STORE', message, options);
  }
}

/** A run could not be started at all (missing interpreter, unreadable script...). */
export class RunError extends SimorgError {
  constructor(message: string, options: { hint?: string; cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'E_RUN', message, options);
  }
}

export function isSimorgError(err: unknown): err is SimorgError {
  return err instanceof SimorgError;
}

/** The command's own output could not be written (a full disk, a closed terminal); a reader that left early is not this. */
export class OutputError extends SimorgError {
  constructor(message: string, options: { hint?: string; cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'E_OUTPUT', message, options);
  }
}
