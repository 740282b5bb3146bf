// Where a key sits in a config file, so a validation error can name the line. JSON files are
// re-parsed with positions; YAML is searched line by line following indentation; JS configs are
// code, so only the key is named.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseJsonc, type Position } from './jsonc.js';
import { formatKeyPath, type KeyPath } from './key-path.js';

function locateJson(text: string, path: KeyPath): Position | undefined {
  let positions: Map<string, Position>;
  try {
    positions = parseJsonc(text).positions;
  } catch {
    return undefined;
  }
  // The deepest part of the path that has a position (a missing key points at its parent).
  for (let n = path.length; n > 0; n--) {
    const p = positions.get(formatKeyPath(path.slice(0, n)));
    if (p) return p;
  }
  return undefined;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

function locateYaml(text: string, path: KeyPath): Position | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\s+#.*$/, ''));
  let from = 0;
  let parentIndent = -1;
  let dashLine = -1; // a list item whose first key shares the line with its dash ("- path: x")
  let found: Position | undefined;
  for (const seg of path) {
    let hit = -1;
    let count = -1;
    let itemIndent = -1;
    for (let i = from; i < lines.length; i++) {
      const line = lines[i]!;
      const body = line.trim();
      if (!body || body.startsWith('#')) continue;
      const indent = indentOf(line);
      const onDash = i === dashLine;
      const isItem = /^-(\s|$)/.test(body);
      // Left the parent's block (list items may sit at the parent key's own indent).
      if (
        !onDash &&
        (indent < parentIndent || (indent === parentIndent && !(typeof seg === 'number' && isItem)))
      )
        break;
      if (typeof seg === 'number') {
        if (!isItem || onDash) continue;
        if (itemIndent === -1) itemIndent = indent;
        if (indent !== itemIndent || ++count !== seg) continue;
      } else {
        const m = /^(["']?)(.+?)\1\s*:(\s|$)/.exec(onDash ? body.replace(/^-\s+/, '') : body);
        if (!m || m[2] !== seg) continue;
      }
      hit = i;
      break;
    }
    if (hit === -1) break;
    const indent = indentOf(lines[hit]!);
    const keyColumn = hit === dashLine ? indent + 2 : indent;
    found = { line: hit + 1, column: (typeof seg === 'number' ? indent : keyColumn) + 1 };
    if (typeof seg === 'number') {
      parentIndent = indent;
      from = hit;
      dashLine = hit;
    } else {
      parentIndent = keyColumn;
      from = hit + 1;
      dashLine = -1;
    }
  }
  return found;
}

/** The line and column of `path` in `file` (the `simorg` key of a package.json), when findable. */
export function locateKey(file: string, path: KeyPath): Position | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const ext = extname(file);
  if (basename(file) === 'package.json') return locateJson(text, ['simorg', ...path]);
  if (ext === '.json' || (ext === '' && text.trimStart().startsWith('{'))) return locateJson(text, path);
  if (ext === '' || ext === '.yaml' || ext === '.yml') return locateYaml(text, path);
  return undefined;
}
