import { storedName } from './stored-text';

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
