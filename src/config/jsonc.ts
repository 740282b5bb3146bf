// A small JSON-with-comments parser. `init` writes a commented `.simorgrc.json`, which JSON.parse
// (and cosmiconfig's parse-json) reject; this one accepts `//` and `/* */` comments and trailing
// commas, reports errors as line:column, and remembers where every key sits so that a validation
// error can point at the line of the offending key.

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

export function parseJsonc(text: string): JsoncResult {
  return new Parser(text).parseDocument();
}

const describe = (ch: string | undefined): string => (ch === undefined ? 'end of file' : `'${ch}'`);

class Parser {
  private i = 0;
  readonly positions = new Map<string, Position>();
  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1; // byte-order mark
  }

  parseDocument(): JsoncResult {
    this.skip();
    if (this.i >= this.text.length) return { value: {}, positions: this.positions };
    const value = this.value([]);
    this.skip();
    if (this.i < this.text.length) this.fail(`unexpected ${describe(this.text[this.i])} after the end of the value`);
    return { value, positions: this.positions };
  }

  private pos(at = this.i): Position {
    let line = 1;
    let start = 0;
    for (let k = this.text.indexOf('\n'); k !== -1 && k < at; k = this.text.indexOf('\n', k + 1)) {
      line++;
      start = k + 1;
    }
    return { line, column: at - start + 1 };
  }

  private fail(message: string, at = this.i): never {
    const p = this.pos(at);
    throw new JsoncSyntaxError(message, p.line, p.column);
  }

  // Whitespace and comments; newlines inside comments count, so positions stay right.
  private skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '/' && t[this.i + 1] === '/') {
        const end = t.indexOf('\n', this.i);
        this.i = end === -1 ? t.length : end;
      } else if (c === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        if (end === -1) this.fail('a /* comment is never closed');
        this.i = end + 2;
      } else return;
    }
  }

  private value(path: KeyPath): unknown {
    const c = this.text[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    if (c === "'") this.fail("strings need double quotes (\"...\"), not single quotes");
    return this.fail(`expected a value, found ${describe(c)}`);
  }

  private object(path: KeyPath): Record<string, unknown> {
    const open = this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skip();
      if (this.text[this.i] === '}') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) this.fail(`the '{' at ${this.at(open)} is never closed`);
      if (this.text[this.i] !== '"') this.fail(`expected a key in double quotes or '}', found ${describe(this.text[this.i])}`);
      const keyAt = this.i;
      const key = this.string();
      const keyPath = [...path, key];
      if (Object.hasOwn(out, key)) this.fail(`duplicate key "${key}"`, keyAt);
      this.positions.set(formatKeyPath(keyPath), this.pos(keyAt));
      this.skip();
      if (this.text[this.i] !== ':') this.fail(`expected ':' after the key "${key}", found ${describe(this.text[this.i])}`);
      this.i++;
      this.skip();
      Object.defineProperty(out, key, { value: this.value(keyPath), enumerable: true, writable: true, configurable: true });
      this.skip();
      const c = this.text[this.i];
      if (c === ',') this.i++;
      else if (c !== '}') this.fail(`expected ',' or '}' after the value of "${key}", found ${describe(c)}`);
    }
  }

  private array(path: KeyPath): unknown[] {
    const open = this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) this.fail(`the '[' at ${this.at(open)} is never closed`);
      const itemPath = [...path, out.length];
      this.positions.set(formatKeyPath(itemPath), this.pos());
      out.push(this.value(itemPath));
      this.skip();
      const c = this.text[this.i];
      if (c === ',') this.i++;
      else if (c !== ']') this.fail(`expected ',' or ']' after an element, found ${describe(c)}`);
    }
  }

  private at(offset: number): string {
    const p = this.pos(offset);
    return `${p.line}:${p.column}`;
  }

  private string(): string {
    const start = this.i++;
    const t = this.text;
    for (let k = this.i; k < t.length; k++) {
      const c = t.charCodeAt(k);
      if (c === 0x22) {
        this.i = k + 1;
        try {
          return JSON.parse(t.slice(start, k + 1)) as string;
        } catch {
          return this.fail('invalid escape sequence in a string', start);
        }
      }
      if (c === 0x5c) k++; // skip the escaped character
      else if (c < 0x20) this.fail('a string is not closed before the end of the line', start);
    }
    return this.fail('a string is never closed', start);
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 64));
    if (!m) this.fail(`invalid number`);
    this.i += m[0].length;
    return Number(m[0]);
  }
}
