import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { PARAM_NAME, type Params, type ParamValue } from '../config/params.js';
import { UsageError } from '../errors.js';

// Parameters as a command line gives them: `--param k=v` words and a params file (JSON or YAML).
// Values keep their types (numbers, booleans, strings, lists, objects): a script gets back exactly
// what was written.

// A plain number as people type it: 100, -3, 0.02, .5, 1e-3 (JSON alone refuses .5 and +1).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value of `--param k=v`, typed: a number, true/false, null, a JSON list, object or quoted
 * string; anything else is the text as given (`--param model=lif` is the string "lif").
 */
export function paramValue(text: string): ParamValue {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true' || t === 'false' || t === 'null') return JSON.parse(t) as ParamValue;
  if (/^[[{"]/.test(t)) {
    try {
      return JSON.parse(t) as ParamValue;
    } catch (cause) {
      throw new UsageError(
        `parameter value ${JSON.stringify(text)} starts like JSON but is not valid JSON: ${(cause as Error).message}`,
        {
          code: 'E_PARAM_SYNTAX',
          hint: "quote it for the shell, e.g. --param 'sizes=[1, 2, 3]', or drop the bracket or quote",
        },
      );
    }
  }
  return text;
}

/** `name=value` words (from repeated `--param`) as parameters; a later word wins. */
export function parseParamWords(words: readonly string[]): Params {
  const out: Params = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    const name = eq > 0 ? w.slice(0, eq).trim() : '';
    if (eq < 0 || !PARAM_NAME.test(name)) {
      throw new UsageError(`unknown parameter syntax ${JSON.stringify(w)}: expected name=value`, {
        code: 'E_PARAM_SYNTAX',
        hint: 'e.g. --param tau=0.02 --param model=lif (a name starts with a letter or _, then letters, digits, _ . -)',
      });
    }
    out[name] = paramValue(w.slice(eq + 1));
  }
  return out;
}

/** Reads a params file (`.json`, `.yaml`, `.yml`) holding one object of parameters. */
export async function readParamsFile(cwd: string, file: string): Promise<Params> {
  if (!file.trim())
    throw new UsageError('--params needs a file', {
      code: 'E_PARAMS_FILE',
      hint: 'e.g. --params params.yaml',
    });
  const abs = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder'
          : `cannot be read (${code ?? (cause as Error).message})`;
    throw new UsageError(`params file ${file} ${why}`, {
      code: 'E_PARAMS_FILE',
      hint: 'give a .json or .yaml file of name: value pairs',
      cause,
    });
  }
  const ext = extname(abs).toLowerCase();
  let raw: unknown;
  try {
    if (ext === '.yaml' || ext === '.yml') {
      // js-yaml through cosmiconfig (already loaded for YAML configs): no parser of our own.
      const { defaultLoaders } = await import('cosmiconfig');
      raw = await defaultLoaders['.yaml'](abs, text);
    } else if (ext === '.json') raw = JSON.parse(text);
    else {
      throw new UsageError(`params file ${file} is neither .json nor .yaml/.yml`, {
        code: 'E_PARAMS_FILE',
        hint: 'rename it with the extension of its format',
      });
    }
  } catch (cause) {
    if (cause instanceof UsageError) throw cause;
    const e = cause as { mark?: { line: number; column: number }; reason?: string; message: string };
    const where = e.mark ? `${file}:${e.mark.line + 1}:${e.mark.column + 1}` : file;
    throw new UsageError(`params file ${where}: ${e.reason ?? e.message}`, {
      code: 'E_PARAMS_FILE',
      hint: 'fix the file, then run again',
      cause,
    });
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(
      `params file ${file} must hold an object of name: value pairs, not ${Array.isArray(raw) ? 'a list' : typeof raw}`,
      {
        code: 'E_PARAMS_FILE',
        hint: 'e.g. {"tau": 0.02, "n": 100}',
      },
    );
  }
  return checkNames(raw as Params, `params file ${file}`);
}

/** Refuses names a script could not use (also from a run config or a sweep). */
export function checkNames(p: Params, where: string): Params {
  for (const k of Object.keys(p)) {
    if (!PARAM_NAME.test(k)) {
      throw new UsageError(`${where}: ${JSON.stringify(k)} is not a parameter name`, {
        code: 'E_PARAM_SYNTAX',
        hint: 'a name starts with a letter or _, then letters, digits, _ . -',
      });
    }
  }
  return p;
}

/** The parameters given on a command line: the file's, then `--param` words over them. */
export async function commandParams(
  cwd: string,
  words: readonly string[] | undefined,
  file: string | undefined,
): Promise<Params> {
  const fromWords = parseParamWords(words ?? []);
  const fromFile = file === undefined ? {} : await readParamsFile(cwd, file);
  return { ...fromFile, ...fromWords };
}
