// HTML built as strings on the server. Every value that can hold what a script or user wrote
// (paths, names, error text, stdout) goes through `esc`; `raw` marks markup we built ourselves.

export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export const raw = (html: string): Raw => new Raw(html);

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: unknown): string {
  if (value instanceof Raw) return value.html;
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A template tag: interpolated values are escaped unless they are Raw; arrays (nested too) are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += Array.isArray(v) ? (v.flat(Infinity) as unknown[]).map(esc).join('') : esc(v);
    out += strings[i + 1]!;
  });
  return new Raw(out);
}

/** A URL query string from the values that are set. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A project-relative path as a /file/ URL, each segment encoded. */
export const fileUrl = (path: string): string => `/file/${path.split('/').map(encodeURIComponent).join('/')}`;

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return m < 60 ? `${m} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A time as the page shows it: ISO-like, local to the server; the full ISO in a tooltip. */
export function time(ms: number | null | undefined): Raw {
  if (ms === null || ms === undefined) return raw('-');
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}

/** A status word in its colour (the CLI's words; colours in STYLE_CSS by class). */
export const word = (w: string): Raw => html`<span class="st st-${w}">${w}</span>`;
