import kleur from 'kleur';
import { utf8Escaped } from '../run/stderr-tail.js';

// Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org).
export function colorEnabled(stream: NodeJS.WritableStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return (stream as NodeJS.WriteStream).isTTY === true;
}

export function paint(stream: NodeJS.WritableStream): typeof kleur {
  kleur.enabled = colorEnabled(stream);
  return kleur;
}

/** Status word -> colour, the same everywhere (DESIGN.md, "Status words and colours"). */
export function statusColor(word: string, color: typeof kleur = kleur): (s: string) => string {
  switch (word) {
    case 'never-run':
      return color.yellow;
    case 'fresh':
    case 'succeeded':
      return color.green;
    case 'stale':
    case 'timed-out':
      return (s: string) => (color.enabled ? `\x1b[38;5;208m${s}\x1b[39m` : s); // orange
    case 'failed':
    case 'abandoned':
      return color.red;
    case 'unverified':
      return color.magenta;
    case 'queued':
    case 'running':
      return color.blue;
    case 'cancelled':
      return color.gray;
    default:
      return (s: string) => s;
  }
}

const ANSI = /\x1b\[[0-9;]*m/g;
// Most cells carry no colour code: their length is their width (10,000 rows of `status` each ask).
export const visibleLength = (s: string): number =>
  s.includes('\x1b') ? s.replace(ANSI, '').length : s.length;

/** Aligned columns; cells may carry colour codes. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const lengths = all.map((r) => r.map(visibleLength));
  const widths = header.map((_, i) => {
    let w = 0;
    for (const l of lengths) w = Math.max(w, l[i] ?? 0);
    return w;
  });
  const line = (cells: string[], k: number) => {
    let out = '';
    for (let i = 0; i < cells.length; i++) {
      out += i === cells.length - 1 ? cells[i] : cells[i] + ' '.repeat(widths[i]! - lengths[k]![i]!) + '  ';
    }
    return out.trimEnd();
  };
  return all.map(line).join('\n') + '\n';
}

export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(jsonText(value));
}

/** What writeJson writes. */
export const jsonText = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return m < 60
    ? `${m}m${String(s).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// Code points that would act on a terminal instead of being shown: C0 controls, DEL, C1 controls,
// the line/paragraph separators, bidi overrides and isolates (they reorder what follows), and lone
// surrogates (what a broken UTF-16 string holds). With the `u` flag a valid surrogate pair is one
// code point and does not match.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escapeChar(ch: string, singleLine: boolean): string {
  if (!singleLine && (ch === '\n' || ch === '\t')) return ch;
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/**
 * Untrusted text (a script's stderr, figure names, file names, user strings) made safe to print on a
 * terminal: control characters (ESC, DEL, C0, C1), bidi overrides and bytes that are not UTF-8 are
 * shown as `\x1b`-style escapes. Newlines and tabs stay unless `singleLine` (a table cell, one field).
 * A value that is not text where text belongs (a corrupt row, a hand-written manifest) is shown as
 * `(invalid: number)` rather than coerced.
 */
export function safeText(value: unknown, options: { singleLine?: boolean } = {}): string {
  const singleLine = options.singleLine === true;
  if (Buffer.isBuffer(value)) value = utf8Escaped(value);
  if (typeof value !== 'string')
    return `(invalid: ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
  return value.replace(UNSAFE, (ch) => escapeChar(ch, singleLine));
}

/** safeText for one line: a table cell or a field. */
export const safeLine = (value: unknown): string => safeText(value, { singleLine: true });
