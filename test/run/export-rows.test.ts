import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/run/export-rows.js';

describe('CSV fields', () => {
  it('quotes only what needs it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(false)).toBe('false');
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});

describe('CSV formula injection', () => {
  it('quotes text a spreadsheet would run as a formula, with a leading apostrophe', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvField('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvField('+cmd')).toBe(`"'+cmd"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvLine(['ok', '=1+1'])).toBe(`ok,"'=1+1"\r\n`);
  });

  it('leaves numbers, plain numeric text and ordinary text alone', () => {
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField('-1.5')).toBe('-1.5');
    expect(csvField('+3e-2')).toBe('+3e-2');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('["--quick"]')).toBe('"[""--quick""]"');
  });
});
