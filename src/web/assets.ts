// The page's stylesheet and script: small enough to ship as strings, so the server needs no build
// step and no static folder. Colours follow the CLI's status colours (DESIGN.md).

export const STYLE_CSS = `
:root { --fg:#1d2330; --muted:#667085; --line:#e4e7ec; --bg:#fff; --bg2:#f6f7f9; --accent:#2e5bba;
  --never-run:#b58900; --fresh:#1a7f37; --unverified:#a21caf; --stale:#d9640a; --failed:#c62828; --run:#1f5fd6; --cancelled:#7a7f87; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; gap:18px; align-items:center; padding:8px 18px; background:#18212f; color:#fff; position:sticky; top:0; z-index:5; }
header a { color:#c9d4e5; text-decoration:none; padding:4px 2px; }
header a.on, header a:hover { color:#fff; border-bottom:2px solid #7fb2ff; }
header .brand { font-weight:700; color:#fff; margin-right:8px; }
header .live { margin-left:auto; font-size:12px; color:#8fd18f; }
header .live.off { color:#ff8a80; }
main { padding:14px 18px 40px; }
h1 { font-size:20px; margin:4px 0 12px; } h2 { font-size:16px; margin:22px 0 8px; }
a { color:var(--accent); }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--bg2); position:sticky; top:40px; font-weight:600; white-space:nowrap; }
th a { color:inherit; text-decoration:none; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tr:hover td { background:#fafbfc; }
.st { font-weight:600; }
.st-never-run { color:var(--never-run); } .st-fresh, .st-succeeded { color:var(--fresh); } .st-unverified { color:var(--unverified); }
.st-stale, .st-timed-out { color:var(--stale); } .st-failed, .st-abandoned { color:var(--failed); }
.st-queued, .st-running { color:var(--run); } .st-cancelled { color:var(--cancelled); }
tr.row-failed td:first-child { box-shadow: inset 3px 0 var(--failed); } tr.row-stale td:first-child { box-shadow: inset 3px 0 var(--stale); }
tr.row-fresh td:first-child { box-shadow: inset 3px 0 var(--fresh); } tr.row-never-run td:first-child { box-shadow: inset 3px 0 var(--never-run); }
tr.row-running td:first-child, tr.row-queued td:first-child { box-shadow: inset 3px 0 var(--run); }
.muted { color:var(--muted); } .small { font-size:12px; } .why { color:var(--muted); font-size:12px; max-width:42em; }
form.bar { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin:0 0 10px; padding:8px; background:var(--bg2); border-radius:6px; }
input, select, button { font:inherit; padding:3px 8px; border:1px solid #c8ced8; border-radius:4px; background:#fff; }
button { cursor:pointer; background:#eef2f8; } button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
button.danger { color:var(--failed); }
#flash { min-height:1.4em; margin:0 0 8px; color:var(--accent); }
#flash.error { color:var(--failed); }
pre { background:var(--bg2); padding:8px 10px; border-radius:6px; overflow:auto; max-height:32em; white-space:pre-wrap; word-break:break-word; }
pre.err { color:#8a1c1c; }
dl.record { display:grid; grid-template-columns: 9em 1fr; gap:2px 12px; margin:0; }
dl.record dt { color:var(--muted); } dl.record dd { margin:0; word-break:break-word; }
.gallery { display:grid; grid-template-columns:repeat(auto-fill, minmax(220px, 1fr)); gap:12px; }
.gallery figure { margin:0; border:1px solid var(--line); border-radius:6px; padding:6px; background:#fff; }
.gallery img { width:100%; height:170px; object-fit:contain; background:var(--bg2); display:block; }
.gallery figcaption { font-size:12px; margin-top:4px; word-break:break-all; }
.group-title { margin:18px 0 6px; font-weight:600; }
.gallery > .group-title, .gallery > .more { grid-column:1 / -1; } .gallery > .more { margin:8px 0; }
.figure-full img { max-width:100%; border:1px solid var(--line); background:#fff; }
svg.spark { vertical-align:middle; }
.cmp { display:flex; gap:10px; align-items:flex-start; }
.cmp .side { flex:1; min-width:0; border:1px solid var(--line); overflow:hidden; position:relative; background:var(--bg2); }
.cmp img, .cmp canvas { display:block; max-width:none; transform-origin:0 0; }
.stack { position:relative; display:inline-block; overflow:hidden; border:1px solid var(--line); }
.stack img { display:block; } .stack .top { position:absolute; left:0; top:0; }
.diffcount { font-weight:600; }
.graph svg { border:1px solid var(--line); background:#fff; max-width:100%; }
tr.row-succeeded td:first-child { box-shadow: inset 3px 0 var(--fresh); } tr.row-timed-out td:first-child { box-shadow: inset 3px 0 var(--stale); }
tr.row-cancelled td:first-child { box-shadow: inset 3px 0 var(--cancelled); }
.fill-succeeded { fill:var(--fresh); } .fill-failed { fill:var(--failed); } .fill-timed-out { fill:var(--stale); } .fill-cancelled { fill:var(--cancelled); }
.fill-running, .fill-queued { fill:var(--run); } .fill-never-run { fill:var(--never-run); }
svg.bar { vertical-align:middle; margin-right:6px; background:var(--bg2); }
svg.plot .axis { stroke:#98a2b3; } svg.plot .tick { font-size:11px; fill:var(--muted); } svg.plot .label { font-size:12px; fill:var(--fg); }
svg.plot .pt { stroke:#fff; stroke-width:1; }
.graph a text { fill:#18212f; }
`;

// Live regions ([data-live] with an id) are fetched again when the server says the database
// changed; forms marked data-post are sent with the token header, without leaving the page.
export const CLIENT_JS = `
(() => {
  const token = document.querySelector('meta[name="simorg-token"]').content;
  const flash = (text, error) => { const f = document.getElementById('flash'); if (!f) return; f.textContent = text; f.className = error ? 'error' : ''; };
  // One refresh at a time: changes that come meanwhile (a busy queue) make one more after it.
  let pending = null, last = 0, busy = false, again = false;
  async function refresh() {
    pending = null;
    if (busy) { again = true; return; }
    const regions = [...document.querySelectorAll('[data-live][id]')];
    if (!regions.length) return;
    busy = true;
    let res;
    try { res = await fetch(location.href, { headers: { 'x-simorg-live': '1' } }); } catch { res = null; }
    const text = res && res.ok ? await res.text() : null;
    busy = false; last = Date.now();
    if (again) { again = false; window.simorgRefresh(); }
    if (text === null) return;
    const doc = new DOMParser().parseFromString(text, 'text/html');
    for (const r of regions) {
      const next = doc.getElementById(r.id);
      if (!next) continue;
      const checked = new Set([...r.querySelectorAll('input[type=checkbox]:checked')].map((i) => i.name + '=' + i.value));
      r.innerHTML = next.innerHTML;
      for (const i of r.querySelectorAll('input[type=checkbox]')) if (checked.has(i.name + '=' + i.value)) i.checked = true;
    }
    document.dispatchEvent(new Event('simorg:refreshed'));
  }
  window.simorgRefresh = () => { if (!pending) pending = setTimeout(refresh, Math.max(0, 400 - (Date.now() - last))); };
  const live = document.getElementById('live');
  const es = new EventSource('/events');
  es.addEventListener('change', () => window.simorgRefresh());
  es.onopen = () => { if (live) { live.textContent = 'live'; live.className = 'live'; } };
  es.onerror = () => { if (live) { live.textContent = 'disconnected'; live.className = 'live off'; } };
  for (const el of document.querySelectorAll('[data-poll]')) setInterval(() => window.simorgRefresh(), Number(el.dataset.poll));
  document.addEventListener('submit', async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-post')) return;
    e.preventDefault();
    const body = new URLSearchParams(new FormData(form, e.submitter));
    const res = await fetch(form.action, { method: 'POST', body, headers: { 'x-simorg-token': token, accept: 'application/json' } });
    const out = await res.json().catch(() => ({ message: res.statusText }));
    flash(out.message || (res.ok ? 'done' : 'failed'), !res.ok);
    if (res.ok && out.go) location.href = out.go;
    else window.simorgRefresh();
  });
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t.matches && t.matches('input[data-all]')) for (const c of document.querySelectorAll('input[name="' + t.dataset.all + '"]')) c.checked = t.checked;
    if (t.matches && t.matches('[data-autosubmit]')) t.form.requestSubmit();
  });
})();
`;
