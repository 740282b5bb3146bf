// A layered drawing of the dependency graph, with no layout library: each node's column is its
// longest path from a source (scripts and the files between them alternate left to right, as
// `status --dot` reads), rows in order within a column, straight edges. Good for the tens to
// hundreds of nodes a page can show; bigger projects are narrowed by group first.

export interface GraphNode {
  id: string;
  label: string;
  kind: 'script' | 'file';
  /** Fill colour (scripts: their status). */
  fill: string;
  href: string;
  tip?: string;
}

export interface Placed extends GraphNode {
  x: number;
  y: number;
  w: number;
}

const COL = 230;
const ROW = 34;

export function layout(
  nodes: GraphNode[],
  edges: Array<[string, string]>,
): { placed: Placed[]; width: number; height: number } {
  const level = new Map(nodes.map((n) => [n.id, 0]));
  // Longest path by relaxation; a cycle (a script reading what it writes) stops after |V| rounds.
  for (let round = 0; round < nodes.length; round++) {
    let moved = false;
    for (const [a, b] of edges) {
      const next = (level.get(a) ?? 0) + 1;
      if (a !== b && next > (level.get(b) ?? 0) && next < nodes.length) {
        level.set(b, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  const columns = new Map<number, GraphNode[]>();
  for (const n of nodes) columns.set(level.get(n.id)!, [...(columns.get(level.get(n.id)!) ?? []), n]);
  const placed: Placed[] = [];
  let height = 0;
  for (const [col, list] of [...columns].sort((a, b) => a[0] - b[0])) {
    list.forEach((n, i) => placed.push({ ...n, x: 10 + col * COL, y: 10 + i * ROW, w: COL - 40 }));
    height = Math.max(height, 10 + list.length * ROW);
  }
  return { placed, width: 10 + columns.size * COL, height: height + 10 };
}

const escXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function graphSvg(nodes: GraphNode[], edges: Array<[string, string]>): string {
  const { placed, width, height } = layout(nodes, edges);
  const at = new Map(placed.map((p) => [p.id, p]));
  const lines = edges.flatMap(([a, b]) => {
    const p = at.get(a);
    const q = at.get(b);
    if (!p || !q || a === b) return [];
    return [
      `<line x1="${p.x + p.w}" y1="${p.y + 12}" x2="${q.x}" y2="${q.y + 12}" stroke="#98a2b3" marker-end="url(#arrow)"/>`,
    ];
  });
  const boxes = placed.map((n) => {
    const label = n.label.length > 30 ? `…${n.label.slice(-29)}` : n.label;
    const shape =
      n.kind === 'script'
        ? `<rect x="${n.x}" y="${n.y}" width="${n.w}" height="24" rx="5" fill="${n.fill}" stroke="#4b5565"/>`
        : `<rect x="${n.x}" y="${n.y}" width="${n.w}" height="24" rx="12" fill="#fff" stroke="${n.fill}" stroke-dasharray="${n.fill === '#d00000' ? '4 3' : ''}"/>`;
    return `<a href="${escXml(n.href)}" data-node="${escXml(n.id)}"><title>${escXml(n.tip ?? n.label)}</title>${shape}<text x="${n.x + 8}" y="${n.y + 16}" font-size="12">${escXml(label)}</text></a>`;
  });
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#98a2b3"/></marker></defs>
${lines.join('\n')}\n${boxes.join('\n')}</svg>`;
}
