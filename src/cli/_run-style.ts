import type { Style } from '../run/progress.js';
import { UsageError } from '../errors.js';
import { formatDuration, paint, safeLine, statusColor } from './output.js';

/** The runner's progress style for `stream`: colours only when output.ts allows them. */
export function runStyle(stream: NodeJS.WritableStream): Style {
  const color = paint(stream);
  return {
    status: (word, text) => statusColor(word, color)(text),
    dim: (t) => color.dim(t),
    blue: (t) => color.blue(t),
    duration: (ms) => formatDuration(ms),
    text: safeLine,
  };
}

/** Whether `stream` is a terminal we may redraw lines on. */
export const isLive = (stream: NodeJS.WritableStream): boolean =>
  (stream as NodeJS.WriteStream).isTTY === true && process.env.TERM !== 'dumb';

/** A positive integer option, or a usage error saying what arrived. */
export function positiveInt(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} expects a whole number >= 1, got '${String(value)}'`);
  return n;
}
