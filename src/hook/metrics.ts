// `record({ rmse: 0.12, spikes: 42 })`: numbers (or short values) a script reports about its run.
// They are kept in the shared hook state and go to the runner in the run manifest at exit, so a
// script that fails later still has what it recorded before.
import { hookState } from './state.js';

const KEY = 'metrics';

/** Everything recorded so far in this process (later values of a name replace earlier ones). */
export function recordedMetrics(): Record<string, unknown> {
  const s = hookState();
  return (s[KEY] ??= {}) as Record<string, unknown>;
}

// JSON has no NaN or Infinity: kept as their names rather than lost as null.
function jsonValue(name: string, v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    try {
      return JSON.parse(JSON.stringify(v)) as unknown;
    } catch (err) {
      throw new TypeError(
        `simorg: record(): the value of '${name}' cannot be kept as JSON: ${(err as Error).message}`,
      );
    }
  }
  throw new TypeError(
    `simorg: record(): the value of '${name}' is ${typeof v === 'bigint' ? 'a bigint' : `a ${typeof v}`}; give a number, string, boolean, list or plain object`,
  );
}

/** Records metrics of this run: `record({ rmse: 0.12 })`. Calls add up; a name given again takes the new value. */
export function record(metrics: Record<string, unknown>): void {
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
    throw new TypeError('simorg: record() takes an object of name: value pairs, e.g. record({ rmse: 0.12 })');
  }
  const kept = recordedMetrics();
  const add: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metrics)) {
    if (k === '__proto__') throw new TypeError("simorg: record(): '__proto__' cannot be a metric name");
    if (v !== undefined) add[k] = jsonValue(k, v);
  }
  Object.assign(kept, add);
}
