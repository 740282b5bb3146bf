// The Output page's script: when the "more figures" link comes near the screen, the next chunk of
// cards is fetched and put in its place, and the address becomes ?upto=N so that a live refresh
// (which fetches the page's own address again) or a reload keeps every card shown so far.
export const OUTPUT_JS = `
(() => {
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) { seen.unobserve(e.target); more(e.target); }
  }, { rootMargin: '600px' });
  async function more(a) {
    let res;
    try { res = await fetch(a.dataset.more); } catch { res = null; }
    if (!res || !res.ok) { seen.observe(a); return; }
    const t = document.createElement('template');
    t.innerHTML = await res.text();
    const at = a.closest('.more');
    if (!at || !at.isConnected) return;
    at.replaceWith(t.content);
    history.replaceState(history.state, '', a.href);
    watch();
  }
  const watch = () => { for (const a of document.querySelectorAll('#gallery .more a[data-more]')) seen.observe(a); };
  watch();
  document.addEventListener('simorg:refreshed', watch);
})();
`;
