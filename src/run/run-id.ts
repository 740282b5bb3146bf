import { randomBytes } from 'node:crypto';

// A run id: 12 hex characters (48 random bits). Short enough to type a prefix of, like git.
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

export const RUN_ID_PREFIX = /^[0-9a-f]{4,12}$/;

/** The half-open key range [prefix, prefix + 'g') holding every hex id starting with `prefix`. */
export function prefixRange(prefix: string): [string, string] {
  return [prefix, prefix + 'g'];
}
