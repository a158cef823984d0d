/**
 * How search reads text, the same here (query words, highlights) and in ClickHouse (posts): text is
 * lowercased, decomposed (Unicode NFKD) and stripped of its combining marks, so "Café" reads "cafe",
 * "Ёлка" reads "елка" and "ﬁ" reads "fi"; a word is a run of letters and digits. The patterns are
 * written once, for JavaScript's regexes and ClickHouse's re2 alike.
 */
export const MARK_PATTERN = '\\p{Mn}';
export const WORD_PATTERN = '[\\p{L}\\p{N}]+';

const MARKS = new RegExp(MARK_PATTERN, 'gu');
const WORDS = () => new RegExp(WORD_PATTERN, 'gu');

/** The most distinct words one query looks for: bounds the work of a query such as "a.b.c.d.e…". */
export const MAX_TERMS = 16;

/** A code point as search reads it: lowercased, decomposed, without combining marks (maybe empty). */
function normalizeChar(char: string): string {
  return char.toLowerCase().normalize('NFKD').replace(MARKS, '');
}

/** Text as search reads it (see MARK_PATTERN), as post-search.ts has ClickHouse read each post. */
export function normalizeText(text: string): string {
  return Array.from(text, normalizeChar).join('');
}

/**
 * Endings a light stemmer strips, the longest first: one ending per word, and only when at least
 * MIN_STEM characters remain. A stem is matched as a prefix, so "каналами" finds "канал", "каналы"
 * and "каналов", and "replies" finds "reply" and "replied". Written in normalized form (й reads и).
 */
const MIN_STEM = 3;
const ENGLISH = ['ings', 'ing', 'ied', 'ies', 'ed', 'es', 's', 'y'];
const RUSSIAN = [
  ...['иями', 'ями', 'ами', 'ими', 'ыми', 'его', 'ого', 'ему', 'ому', 'ией', 'иям', 'ием', 'иях'],
  ...['ать', 'ять', 'ить', 'еть', 'ешь', 'ете', 'ует', 'уют'],
  ...['ов', 'ев', 'ей', 'ой', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ие', 'ые', 'ую', 'юю', 'ом', 'ем'],
  ...['ам', 'ям', 'ах', 'ях', 'их', 'ых', 'ым', 'им', 'ия', 'ья', 'ию', 'ью', 'ть', 'ет', 'ют', 'ит'],
  ...['ят', 'ла', 'ли', 'ло', 'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й'],
]
  .map(normalizeText)
  .sort((a, b) => b.length - a.length);
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
/** Doubled final consonants English doubles before -ing and -ed ("running", "stopped"). */
const DOUBLED = /([bdfgmnprt])\1$/;

/** A normalized word's stem: the word without one common Russian or English ending. */
export function stem(word: string): string {
  if (CYRILLIC.test(word)) {
    const reflexive = /с[яь]$/.test(word) && word.length - 2 >= MIN_STEM ? word.slice(0, -2) : word;
    return stripEnding(reflexive, RUSSIAN);
  }
  if (!LATIN.test(word)) return word;
  const stripped = /[^i]es$/.test(word) && !/(?:[sxz]|ch|sh)es$/.test(word) ? word.slice(0, -1) : word;
  const stemmed = stripEnding(stripped, ENGLISH);
  return /(?:ing|ed)$/.test(stripped) && DOUBLED.test(stemmed) ? stemmed.slice(0, -1) : stemmed;
}

function stripEnding(word: string, endings: string[]): string {
  const ending = endings.find((end) => word.endsWith(end) && word.length - end.length >= MIN_STEM);
  return ending ? word.slice(0, -ending.length) : word;
}

/**
 * The terms a query looks for: its first MAX_TERMS distinct words, normalized and stemmed, sorted
 * (so the same words in another order or case ask the same question). None when the query has no
 * letter or digit: it finds nothing. Schema-valid queries are never refused: the answer names the
 * terms it looked for instead.
 */
export function searchTerms(q: string): string[] {
  const terms = [...new Set((normalizeText(q).match(WORDS()) ?? []).map(stem))];
  return terms.slice(0, MAX_TERMS).sort();
}

/** A matched word in a text: `start` inclusive and `end` exclusive, in UTF-16 code units. */
export interface Highlight {
  start: number;
  end: number;
}

/**
 * Where the words of `text` that start with a term are, as offsets into `text` itself (never into
 * its normalized form), so a client marks them by slicing the text as it is: no markup to escape.
 * A match covers whole words, with any combining marks that follow its last letter.
 */
export function highlights(text: string, terms: readonly string[]): Highlight[] {
  let normalized = '';
  const origin: number[] = []; // per UTF-16 unit of `normalized`: its code point's start in `text`
  const ends: number[] = []; // per UTF-16 unit of `normalized`: where its code point's marks end
  let offset = 0;
  for (const char of text) {
    const part = normalizeChar(char);
    if (part === '' && ends.length > 0) ends[ends.length - 1] = offset + char.length;
    for (let i = 0; i < part.length; i++) {
      origin.push(offset);
      ends.push(offset + char.length);
    }
    normalized += part;
    offset += char.length;
  }
  const found: Highlight[] = [];
  for (const match of normalized.matchAll(WORDS())) {
    if (!terms.some((term) => match[0].startsWith(term))) continue;
    const start = origin[match.index]!;
    const end = ends[match.index + match[0].length - 1]!;
    // Two words from one code point ("½" reads "1⁄2") mark that code point once.
    if (found.at(-1)?.start !== start) found.push({ start, end });
  }
  return found;
}
