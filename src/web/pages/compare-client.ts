// The Compare page's script: draws both figures into canvases (an SVG is rasterised by the
// browser, so vector figures compare through their rendering), then shows the chosen mode. The
// difference counts pixels where any channel differs; pixels outside the smaller figure differ.
export const COMPARE_JS = `
(() => {
  const box = document.getElementById('compare');
  if (!box) return;
  const stage = document.getElementById('stage');
  const line = document.getElementById('diffline');
  const zoom = document.getElementById('zoom');
  const load = (src) => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = src; });
  const canvasOf = (img, w, h) => { const c = document.createElement('canvas'); c.width = w; c.height = h; c.getContext('2d').drawImage(img, 0, 0); return c; };
  // Stepping B with the arrow keys keeps the view (zoom and scroll), so one detail can be followed
  // through the script's history.
  const VIEW = 'simorg-compare-view';
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    const to = e.key === 'ArrowLeft' ? document.getElementById('prev-b') : e.key === 'ArrowRight' ? document.getElementById('next-b') : null;
    if (!to) return;
    const s = document.querySelector('#stage .side');
    try { sessionStorage.setItem(VIEW, JSON.stringify({ zoom: zoom.value, left: s ? s.scrollLeft : 0, top: s ? s.scrollTop : 0 })); } catch {}
    location.href = to.href;
  });
  let view = null;
  try { view = JSON.parse(sessionStorage.getItem(VIEW) || 'null'); sessionStorage.removeItem(VIEW); } catch {}
  if (view) zoom.value = view.zoom;
  Promise.all([load(box.dataset.a), load(box.dataset.b)]).then(([a, b]) => {
    const w = Math.max(a.naturalWidth, b.naturalWidth), h = Math.max(a.naturalHeight, b.naturalHeight);
    const ca = canvasOf(a, w, h), cb = canvasOf(b, w, h);
    const da = ca.getContext('2d').getImageData(0, 0, w, h).data, db = cb.getContext('2d').getImageData(0, 0, w, h).data;
    const inA = (x, y) => x < a.naturalWidth && y < a.naturalHeight, inB = (x, y) => x < b.naturalWidth && y < b.naturalHeight;
    const out = document.createElement('canvas'); out.width = w; out.height = h;
    const octx = out.getContext('2d'); const od = octx.createImageData(w, h);
    let n = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const differs = inA(x, y) !== inB(x, y) || da[i] !== db[i] || da[i + 1] !== db[i + 1] || da[i + 2] !== db[i + 2] || da[i + 3] !== db[i + 3];
      if (differs) { n++; od.data[i] = 230; od.data[i + 1] = 20; od.data[i + 2] = 20; od.data[i + 3] = 255; }
      else { const g = 255 - Math.round((255 - (da[i] * 0.3 + da[i + 1] * 0.59 + da[i + 2] * 0.11)) * 0.25 * da[i + 3] / 255); od.data[i] = od.data[i + 1] = od.data[i + 2] = g; od.data[i + 3] = 255; }
    }
    octx.putImageData(od, 0, 0);
    const share = (100 * n / (w * h));
    line.textContent = n + ' of ' + (w * h) + ' pixels differ (' + (n && share < 0.01 ? '<0.01' : share.toFixed(2)) + '%)' + (a.naturalWidth !== b.naturalWidth || a.naturalHeight !== b.naturalHeight ? '; the sizes differ: ' + a.naturalWidth + 'x' + a.naturalHeight + ' and ' + b.naturalWidth + 'x' + b.naturalHeight : '');
    line.dataset.pixels = String(n);
    const mode = box.dataset.mode;
    const amount = document.getElementById('amount');
    const sides = [];
    const side = (el, label) => { const d = document.createElement('div'); d.className = 'side'; d.style.height = Math.min(h, 700) + 'px'; d.style.overflow = 'auto'; d.title = label; d.appendChild(el); sides.push(d); return d; };
    if (mode === 'side') {
      const row = document.createElement('div'); row.className = 'cmp';
      row.append(side(ca, 'A'), side(cb, 'B')); stage.appendChild(row);
      // Pan locked: scrolling one side scrolls the other.
      let busy = false;
      for (const s of sides) s.addEventListener('scroll', () => { if (busy) return; busy = true; for (const t of sides) if (t !== s) { t.scrollLeft = s.scrollLeft; t.scrollTop = s.scrollTop; } busy = false; });
    } else if (mode === 'diff') {
      stage.appendChild(side(out, 'difference'));
    } else {
      const wrap = document.createElement('div'); wrap.className = 'stack'; wrap.style.width = w + 'px'; wrap.style.height = h + 'px';
      cb.className = 'top'; wrap.append(ca, cb); stage.appendChild(side(wrap, mode));
      const apply = () => { const v = Number(amount.value); if (mode === 'slider') cb.style.clipPath = 'inset(0 0 0 ' + v + '%)'; else cb.style.opacity = String(v / 100); };
      amount.addEventListener('input', apply); apply();
    }
    // Zoom locked: one control scales both sides (pan is locked by the scroll handler above).
    const applyZoom = () => { for (const s of sides) { const el = s.firstChild; el.style.transform = 'scale(' + zoom.value + ')'; el.style.transformOrigin = '0 0'; } };
    zoom.addEventListener('input', applyZoom);
    applyZoom();
    if (view && sides[0]) { sides[0].scrollLeft = view.left; sides[0].scrollTop = view.top; }
    box.dataset.ready = '1';
  }).catch(() => { line.textContent = 'a figure could not be loaded'; });
})();
`;
