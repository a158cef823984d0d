import { highlights, normalizeText, searchTerms, stem } from './search-text';

/** The marked slices of `text`, as a client would render them. */
const marked = (text: string, q: string) =>
  highlights(text, searchTerms(q)).map(({ start, end }) => text.slice(start, end));

describe('normalizeText', () => {
  it('lowercases, decomposes and drops combining marks: case and diacritics never matter', () => {
    expect(normalizeText('Café ÜBER Ёлка ﬁle Éé')).toBe('cafe uber елка file ee');
    expect(normalizeText('cafe\u0301')).toBe('cafe'); // a decomposed é reads the same as a precomposed one
  });
});

describe('stem', () => {
  it('strips one common English ending, keeping at least three letters', () => {
    expect(['posts', 'posting', 'posted', 'boxes', 'notes', 'running', 'replies', 'reply'].map(stem)).toEqual(
      ['post', 'post', 'post', 'box', 'note', 'run', 'repl', 'repl'],
    );
    expect(['is', 'used', 'day', 'kafka'].map(stem)).toEqual(['is', 'used', 'day', 'kafka']);
  });

  it('strips one common Russian ending, with й read as и', () => {
    expect(
      ['каналами', 'каналов', 'канал', 'новостей', 'работой', 'учиться'].map((word) =>
        stem(normalizeText(word)),
      ),
    ).toEqual(['канал', 'канал', 'канал', 'новост', 'работ', 'учи']);
    expect(['это', 'мир'].map(stem)).toEqual(['это', 'мир']);
  });
});

describe('searchTerms', () => {
  it('answers the same terms for the same words in any case, accent or order', () => {
    expect(searchTerms('  Café KAFKA ')).toEqual(['cafe', 'kafka']);
    expect(searchTerms('kafka cafe café')).toEqual(['cafe', 'kafka']);
    expect(searchTerms('Каналами ёлки')).toEqual(['елк', 'канал']);
  });

  it('reads punctuation as a word break, so no query text reaches SQL as more than words', () => {
    expect(searchTerms("x' OR 1=1; DROP TABLE posts; --")).toEqual(['1', 'drop', 'or', 'post', 'table', 'x']);
    expect(searchTerms('#Kafka @alice')).toEqual(['alice', 'kafka']);
  });

  it('looks for nothing without letters or digits, and for the first 16 distinct words at most', () => {
    expect(searchTerms('🔥 !!')).toEqual([]);
    expect(searchTerms('q.p.o.n.m.l.k.j.i.h.g.f.e.d.c.b.a.q')).toEqual('qponmlkjihgfedcb'.split('').sort());
  });
});

describe('highlights', () => {
  it('marks whole words that start with a term, as offsets into the text as sent', () => {
    const text = 'Café culture: CAFES, кафе и Ёлки на канале';
    expect(marked(text, 'cafe ёлка канал')).toEqual(['Café', 'CAFES', 'Ёлки', 'канале']);
    expect(highlights(text, searchTerms('cafe'))).toEqual([
      { start: 0, end: 4 },
      { start: 14, end: 19 },
    ]);
  });

  it('counts UTF-16 code units past emoji and keeps a combining accent inside its word', () => {
    const text = '🔥🔥 cafe\u0301 au lait';
    expect(highlights(text, ['cafe'])).toEqual([{ start: 5, end: 10 }]);
    expect(marked(text, 'CAFÉ lait')).toEqual(['cafe\u0301', 'lait']);
  });

  it('marks nothing where no word starts with a term (a term inside a word is no match)', () => {
    expect(highlights('Kafka streams', ['afka'])).toEqual([]);
    expect(highlights('<b>kafka</b>', ['kafka'])).toEqual([{ start: 3, end: 8 }]);
  });
});
