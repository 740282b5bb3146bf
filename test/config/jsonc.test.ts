import { describe, expect, it } from 'vitest';
import { JsoncSyntaxError, parseJsonc } from '../../src/config/jsonc.js';

function syntaxError(text: string): JsoncSyntaxError {
  try {
    parseJsonc(text);
  } catch (err) {
    if (err instanceof JsoncSyntaxError) return err;
    throw err;
  }
  throw new Error('parsed without error');
}

describe('parseJsonc', () => {
  it('accepts comments and trailing commas and keeps values like JSON.parse', () => {
    const text = `// head\n{\n  /* block\n  comment */ "a": [1, 2.5e3, -0.5, "x//y", "/*z*/",], // tail\n  "b": { "c": null, "d": true, },\n}\n`;
    expect(parseJsonc(text).value).toEqual({ a: [1, 2500, -0.5, 'x//y', '/*z*/'], b: { c: null, d: true } });
  });

  it('treats a file of only comments as an empty config', () => {
    expect(parseJsonc('// nothing yet\n/* */\n').value).toEqual({});
  });

  it('records the line and column of every key, array elements included', () => {
    const { positions } = parseJsonc(
      '{\n  // c\n  "monitor": [\n    { "path": "sims" }\n  ],\n  "runConfigs": { "short": {\n    "timeout": "ten" } }\n}',
    );
    expect(positions.get('monitor')).toEqual({ line: 3, column: 3 });
    expect(positions.get('monitor[0].path')).toEqual({ line: 4, column: 7 });
    expect(positions.get('runConfigs.short.timeout')).toEqual({ line: 7, column: 5 });
  });

  it('reports syntax errors at line:column, counting lines inside comments', () => {
    const e = syntaxError('{\n  /* one\n  two */\n  "a": 1\n  "b": 2\n}');
    expect([e.line, e.column]).toEqual([5, 3]);
    expect(e.message).toMatch(/expected ',' or '}' after the value of "a"/);
  });

  it('names unclosed brackets, strings and comments, single quotes and duplicate keys', () => {
    expect(syntaxError('{\n "a": [1,\n').message).toMatch(/'\[' at 2:7 is never closed/);
    expect(syntaxError('{"a": "x\n"}').message).toMatch(/not closed before the end of the line/);
    expect(syntaxError('{} /* x').message).toMatch(/comment is never closed/);
    expect(syntaxError("{'a': 1}").message).toMatch(/double quotes/);
    const dup = syntaxError('{"a": 1,\n "a": 2}');
    expect([dup.message, dup.line, dup.column]).toEqual(['duplicate key "a"', 2, 2]);
  });

  it('keeps prototype-named keys as plain own keys of objects without a prototype', () => {
    const value = parseJsonc('{"__proto__": {"x": 1}, "toString": 2, "constructor": {"valueOf": 3}}')
      .value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(null);
    expect(Object.keys(value)).toEqual(['__proto__', 'toString', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // nothing polluted
    expect(value.toString).toBe(2);
  });

  it('rejects what JSON rejects beyond comments and trailing commas', () => {
    expect(syntaxError('{"a": 01}').message).toMatch(/after the value of "a"|invalid number/);
    expect(syntaxError('{"a": tru}').message).toMatch(/expected a value/);
    expect(syntaxError('[1 2]').message).toBe("expected ',' or ']' after an element, found '2'");
    expect(syntaxError('"x" "y"').message).toMatch(/after the end of the value/);
    expect(syntaxError('{"a": "\\q"}').message).toMatch(/invalid escape/);
  });
});
