import { describe, expect, it } from 'vitest';
import { optionalTextField, textField } from './text-field.ts';

describe('textField', () => {
  it('trims, and names the field and the limit when the text is longer', () => {
    expect(textField('title', '  Alt-pop write  ', 200)).toBe('Alt-pop write');
    expect(() => textField('title', 'x'.repeat(201), 200)).toThrow(
      expect.objectContaining({
        code: 'commands.bad_args',
        message: 'title: expected at most 200 characters (got 201)',
        details: { field: 'title', maxChars: 200, length: 201 },
      }),
    );
  });

  it('counts characters as PostgreSQL does: code points, not UTF-16 units', () => {
    expect(textField('title', '🎸'.repeat(200), 200)).toHaveLength(400);
    expect(() => textField('title', '🎸'.repeat(201), 200)).toThrow('(got 201)');
  });

  it('strips bidi embedding, override and isolate controls from labels only', () => {
    const spoofed = '\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069';
    expect(textField('name', spoofed, 120, { isLabel: true })).toBe('abcdefgh');
    expect(textField('notes', spoofed, 120)).toBe(spoofed);
    expect(() => textField('name', '\u202E\u202C', 120, { isLabel: true, isRequired: true })).toThrow(
      'name: expected 1 to 120 characters',
    );
  });

  it('leaves an absent or empty optional value out', () => {
    expect(optionalTextField('note', undefined, 10)).toBeUndefined();
    expect(optionalTextField('note', '   ', 10)).toBeUndefined();
    expect(optionalTextField('note', ' ok ', 10)).toBe('ok');
  });
});
