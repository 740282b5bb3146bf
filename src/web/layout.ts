import { CLIENT_JS, STYLE_CSS } from './assets.js';
import { html, raw, type Raw } from './html.js';

// The frame every page shares: the same navigation, the token for the page's own requests, the
// flash line where actions answer, and the live indicator.

export const NAV: Array<[string, string]> = [
  ['/', 'Overview'],
  ['/output', 'Output'],
  ['/sweeps', 'Sweeps'],
  ['/queue', 'Queue'],
  ['/failures', 'Failures'],
  ['/tracking', 'Tracking'],
  ['/dependencies', 'Dependencies'],
];

export interface PageContext {
  token: string;
  /** The path of the page, for the navigation's highlight. */
  path: string;
  projectName: string;
}

export function page(ctx: PageContext, title: string, body: Raw, extraScript = ''): string {
  const nav = NAV.map(
    ([href, label]) =>
      html`<a
        href="${href}"
        class="${(href === '/' ? ctx.path === '/' : ctx.path.startsWith(href)) ? 'on' : ''}"
        >${label}</a
      >`,
  );
  return `<!doctype html>
${html`<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="simorg-token" content="${ctx.token}" />
    <link rel="icon" href="data:," />
    <title>${title} · simorg · ${ctx.projectName}</title>
    <style>
      ${raw(STYLE_CSS)}
    </style>
  </head>
  <body>
    <header>
      <span class="brand">simorg</span>${nav}<span class="muted small">${ctx.projectName}</span
      ><span id="live" class="live off">connecting</span>
    </header>
    <main>
      <div id="flash"></div>
      ${body}
    </main>
    <script>
      ${raw(CLIENT_JS)};
    </script>
    ${extraScript ? raw(`<script>${extraScript}</script>`) : ''}
  </body>
</html>`}`;
}

/** A form field carrying the token, for forms that work without the page's script too. */
export const tokenField = (token: string): Raw =>
  html`<input type="hidden" name="_token" value="${token}" />`;
