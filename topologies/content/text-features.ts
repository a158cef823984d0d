/**
 * Hashtags, mentions and links of a post's text. Sources that mark them up (Telegram entities,
 * X entities) are read as marked; plain text falls back to patterns close to the sources' own
 * rules, so a post reads the same whichever way it arrived.
 */
export interface TextFeatures {
  length: number;
  hashtags: string[];
  mentions: string[];
  links: string[];
}

/** One marked-up span: what it is and its text (already cut out of the post). */
export interface MarkedSpan {
  kind: 'hashtag' | 'mention' | 'link';
  value: string;
}

// A hashtag needs a letter (#2024 is not one); neither may follow a word character (a#b, me@host).
const HASHTAG = /(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const MENTION = /(?<![\p{L}\p{N}_])@([A-Za-z0-9_]{1,32})/gu;
const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gu;

/** Features from marked spans when the source gives any, from the text's patterns otherwise. */
export function textFeatures(text: string | null, spans?: MarkedSpan[]): TextFeatures {
  const body = text ?? '';
  const marked = spans && spans.length > 0;
  const pick = (kind: MarkedSpan['kind'], pattern: RegExp, group: number) =>
    marked
      ? spans.filter((span) => span.kind === kind).map((span) => span.value)
      : [...body.matchAll(pattern)].map((match) => match[group] ?? '');
  return {
    length: [...body].length,
    hashtags: unique(pick('hashtag', HASHTAG, 1).map((tag) => tag.replace(/^#/, '').toLowerCase())),
    mentions: unique(pick('mention', MENTION, 1).map((name) => name.replace(/^@/, '').toLowerCase())),
    links: unique(pick('link', LINK, 0)),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value.length > 0))];
}
