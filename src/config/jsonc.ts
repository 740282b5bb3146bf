// JSON with comments, as `init` writes `.simorgrc.json` (JSON.parse rejects its comments). The
// scanning and error offsets are Microsoft's jsonc-parser (the one VS Code uses); this file turns its
// node tree into the value, with null-prototype objects so that keys such as `toString` or
// `__proto__` stay plain names, refuses duplicate keys, and keeps where every key sits so that a
// validation error can point at its line.

import { createRequire } from 'node:module';
import type * as Jsonc from 'jsonc-parser';
import { formatKeyPath, type KeyPath } from './key-path.js';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class JsoncSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface JsoncResult {
  value: unknown;
  /** Formatted key path (see key-path.ts) -> position of the key, or of the element for arrays. */
  positions: Map<string, Position>;
}

// Required, not imported: the package is CommonJS (UMD), which an ES-module import first scans. Only
// its parser and scanner are loaded: the package entry also loads the formatter and editor, which
// cost every command ~10 ms more on a busy machine (measured), for nothing here.
type Lib = Pick<typeof Jsonc, 'parseTree' | 'createScanner'>;
let lib: Lib | undefined;
function jsonc(): Lib {
  if (!lib) {
    const require = createRequire(import.meta.url);
    const { parseTree } = require('jsonc-parser/lib/umd/impl/parser.js') as Pick<Lib, 'parseTree'>;
    const { createScanner } = require('jsonc-parser/lib/umd/impl/scanner.js') as Pick<Lib, 'createScanner'>; // already loaded by the parser
    lib = { parseTree, createScanner };
  }
  return lib;
}

// jsonc-parser's error codes (its ParseErrorCode), said the way a person fixing the file wants to read them.
const MESSAGES: Record<number, string> = {
  1: 'expected a value (a string in double quotes, a number, true, false, null, an object or an array)',
  2: 'invalid number',
  3: "expected a key in double quotes or '}'",
  4: 'expected a value',
  5: "expected ':' after the key",
  6: "expected ',' or the closing bracket",
  7: "expected ',' or '}'",
  8: "expected ',' or ']'",
  9: 'unexpected text after the end of the value',
  10: 'invalid comment',
  11: 'a /* comment is never closed',
  12: 'a string is not closed before the end of the line',
  13: 'invalid number',
  14: 'invalid \\u escape in a string (it needs four hex digits)',
  15: 'invalid escape sequence in a string',
  16: 'invalid character in a string (a control character)',
};

// The innermost '{' or '[' still open at `limit`: the one never closed, or the one an error is in.
function openerAt(text: string, limit = text.length): number | undefined {
  const scanner = jsonc().createScanner(text, true);
  const open: number[] = [];
  for (
    let kind = scanner.scan();
    kind !== 17 /* EOF */ && scanner.getTokenOffset() < limit;
    kind = scanner.scan()
  ) {
    if (kind === 1 /* { */ || kind === 3 /* [ */) open.push(scanner.getTokenOffset());
    else if (kind === 2 || kind === 4) open.pop();
  }
  return open.at(-1);
}

// The key whose value ends last before `offset`, for "expected ',' after the value of "a"".
function keyBefore(root: Jsonc.Node | undefined, offset: number): string | undefined {
  let best: { key: string; end: number } | undefined;
  const walk = (node: Jsonc.Node): void => {
    if (node.type === 'property') {
      const [k, v] = node.children ?? [];
      const end = v ? v.offset + v.length : -1;
      if (k && end <= offset && (!best || end > best.end)) best = { key: String(k.value), end };
    }
    node.children?.forEach(walk);
  };
  if (root) walk(root);
  return best?.key;
}

// An empty file, or one of only comments, is an empty config (a JSON parser would want a value).
function onlyComments(text: string): boolean {
  if (text.trim() === '') return true;
  const scanner = jsonc().createScanner(text, true);
  return scanner.scan() === 17 /* EOF */ && scanner.getTokenError() === 0;
}

const describe = (text: string, at: number): string => (at >= text.length ? 'end of file' : `'${text[at]}'`);

function lineColumn(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

export function parseJsonc(input: string): JsoncResult {
  const text = input.charCodeAt(0) === 0xfeff ? ' ' + input.slice(1) : input; // byte-order mark, offsets kept
  const positions = new Map<string, Position>();
  if (onlyComments(text)) return { value: Object.create(null), positions };
  const errors: Jsonc.ParseError[] = [];
  const root = jsonc().parseTree(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: false,
  });
  const fail = (message: string, offset: number): never => {
    const p = lineColumn(text, offset);
    throw new JsoncSyntaxError(message, p.line, p.column);
  };
  const first = errors[0];
  if (first) {
    if (text[first.offset] === "'")
      fail('strings and keys need double quotes ("..."), not single quotes', first.offset);
    if (first.offset >= text.trimEnd().length) {
      const opener = openerAt(text);
      if (opener !== undefined) {
        const p = lineColumn(text, opener);
        fail(`the '${text[opener]}' at ${p.line}:${p.column} is never closed`, first.offset);
      }
    }
    let message = MESSAGES[first.error] ?? `syntax error (jsonc-parser code ${first.error})`;
    if (first.error === 6) {
      const inside = openerAt(text, first.offset);
      const key = inside !== undefined && text[inside] === '{' ? keyBefore(root, first.offset) : undefined;
      message =
        key !== undefined
          ? `expected ',' or '}' after the value of "${key}"`
          : "expected ',' or ']' after an element";
    }
    fail(`${message}, found ${describe(text, first.offset)}`, first.offset);
  }
  if (!root) return { value: Object.create(null), positions };

  const build = (node: Jsonc.Node, path: KeyPath): unknown => {
    if (node.type === 'object') {
      const out = Object.create(null) as Record<string, unknown>;
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue; // an error, already reported above
        const key = keyNode.value as string;
        if (Object.hasOwn(out, key)) fail(`duplicate key "${key}"`, keyNode.offset);
        const keyPath = [...path, key];
        positions.set(formatKeyPath(keyPath), lineColumn(text, keyNode.offset));
        out[key] = build(valueNode, keyPath);
      }
      return out;
    }
    if (node.type === 'array') {
      return (node.children ?? []).map((item, i) => {
        positions.set(formatKeyPath([...path, i]), lineColumn(text, item.offset));
        return build(item, [...path, i]);
      });
    }
    return node.value as unknown;
  };
  return { value: build(root, []), positions };
}
