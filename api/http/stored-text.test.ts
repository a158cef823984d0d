import { z } from 'zod';

import { CONTROL_CHARACTER_MESSAGE, storedName } from './stored-text';

describe('storedName', () => {
  const name = storedName(10);

  it('refuses every control character (C0, DEL, C1)', () => {
    for (const code of [0x00, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x85, 0x9f]) {
      expect(name.safeParse(`a${String.fromCharCode(code)}b`).success).toBe(false);
    }
  });

  it('trims, and keeps letters of any script and emoji', () => {
    expect(name.parse('  café 📈 ')).toBe('café 📈');
    expect(name.parse('Новости')).toBe('Новости');
  });

  it('refuses empty and too long names', () => {
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('x'.repeat(11)).success).toBe(false);
  });

  it('counts the length as sent, and refuses white space alone, U+FEFF included', () => {
    expect(name.safeParse(` ${'x'.repeat(9)} `).success).toBe(false);
    for (const blank of ['\u00a0', '\ufeff', '\u3000 ']) expect(name.safeParse(blank).success).toBe(false);
  });
});

describe('storedName pattern', () => {
  const name = storedName(100);
  const pattern = (z.toJSONSchema(name) as { pattern: string }).pattern;
  const SPACES = ' \u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

  // The rule the pattern states: no control character, and one character `trim` keeps.
  const rule = (text: string) => !/\p{Cc}/u.test(text) && text.trim() !== '';

  it('accepts exactly what the rule accepts', () => {
    const cases = [
      '',
      'a',
      ' a',
      'a ',
      ' a ',
      'a b',
      SPACES,
      `${SPACES}x${SPACES}`,
      `x${SPACES}`,
      '\u00a0\ufeff',
      'a\u0000',
      '\u0000a',
      ' \u0009 a',
      'a\u0085',
      'a\u009f b',
      '\u007f',
      'café 📈',
      '📈',
      ' '.repeat(50),
      `${' '.repeat(50)}.`,
    ];
    for (const text of cases) expect([text, new RegExp(pattern).test(text)]).toEqual([text, rule(text)]);
  });

  it('opens with spaces only, so no two repeated groups can share a character (no quadratic backtracking)', () => {
    // What this guards: the shape that made a long name with a trailing control character take a
    // second (`^[^C]*[^C S][^C]*$`, whose first group overlaps the last). It does not time anything.
    expect(pattern.startsWith('^[ \\u00a0')).toBe(true);
    expect(pattern).toMatch(/^\^\[[^\]^]*\]\*\[\^/);
  });

  it('stops at the first issue for a long name or a control character', () => {
    const long = name.safeParse(`${'a'.repeat(40_000)}\u0000`);
    expect(long.error?.issues.map((issue) => issue.code)).toEqual(['too_big']);
    const control = name.safeParse('a\u0000');
    expect(control.error?.issues.map((issue) => issue.message)).toEqual([CONTROL_CHARACTER_MESSAGE]);
  });
});
