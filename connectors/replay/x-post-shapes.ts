import type { XPost, XUser } from '../twitter/x-types';

/** Past this many characters X cuts a post's `text` short and sends the whole in `note_tweet`. */
export const X_TEXT_LIMIT = 280;
/** A repost's `text` ("RT @name: " and the original) is cut shorter, with no note_tweet of its own. */
const REPOST_TEXT_LIMIT = 140;

/** A post's own fields; its text, entities and note_tweet are made from `text` as X makes them. */
export type XPostFields = Omit<XPost, 'text' | 'entities' | 'note_tweet'> & {
  /** The whole text, however long. */
  text: string;
  /** Where the text's t.co link leads (X sends it as `expanded_url`). */
  link?: string;
  /** Accounts the text may mention: X gives a mention the account's id. */
  known?: readonly XUser[];
};

interface Entity {
  start: number;
  end: number;
}

/**
 * A post in X API v2's shape: entities with their offsets, and for a text longer than 280
 * characters, `text` cut short (with only the entities that fit in it) and the whole text in
 * `note_tweet` with entities of its own, as X sends a long post.
 */
export function xPost(fields: XPostFields): XPost {
  const { text: whole, link, known, ...rest } = fields;
  const entities = entitiesOf(whole, link, known);
  if ([...whole].length <= X_TEXT_LIMIT) return { ...rest, text: whole, ...withEntities(entities) };
  const text = cut(whole, X_TEXT_LIMIT);
  return {
    ...rest,
    text,
    ...withEntities(within(entities, text.length - 1)),
    note_tweet: { text: whole, ...withEntities(entities) },
  };
}

/**
 * A repost of `original` by `fields.author_id`, as X sends it: "RT @name: " and the original's
 * text, cut short, with no note_tweet; the whole original comes in `includes.tweets` when asked for
 * with `expansions=referenced_tweets.id`.
 */
export function xRepost(
  original: XPost,
  originalUsername: string,
  fields: Omit<XPostFields, 'text' | 'referenced_tweets'>,
): XPost {
  const whole = `RT @${originalUsername}: ${original.note_tweet?.text ?? original.text}`;
  const text = [...whole].length <= REPOST_TEXT_LIMIT ? whole : cut(whole, REPOST_TEXT_LIMIT);
  const { known, ...rest } = fields;
  delete rest.link; // the link in a repost's text is the original's
  return {
    ...rest,
    text,
    ...withEntities(
      within(entitiesOf(whole, linkOf(original), known), text === whole ? text.length : text.length - 1),
    ),
    referenced_tweets: [{ type: 'retweeted', id: original.id }],
  };
}

/** Where a sample post's link leads. */
function linkOf(post: XPost): string | undefined {
  const urls = (post.note_tweet?.entities ?? post.entities)?.urls as { expanded_url?: string }[] | undefined;
  return urls?.[0]?.expanded_url;
}

/** The first `limit` characters, the last one an ellipsis. */
function cut(text: string, limit: number): string {
  return `${[...text].slice(0, limit - 1).join('')}…`;
}

/** Hashtags, mentions and t.co links of a sample text, with offsets (the samples are ASCII). */
function entitiesOf(text: string, link?: string, known: readonly XUser[] = []): Record<string, Entity[]> {
  const found = (pattern: RegExp) => [...text.matchAll(pattern)];
  const span = (match: RegExpMatchArray) => ({ start: match.index!, end: match.index! + match[0].length });
  const idOf = (username: string) => known.find((user) => user.username === username)?.id;
  return {
    hashtags: found(/#(\w+)/g).map((m) => ({ ...span(m), tag: m[1]! })),
    mentions: found(/@(\w+)/g).map((m) => {
      const id = idOf(m[1]!);
      return { ...span(m), username: m[1]!, ...(id ? { id } : {}) };
    }),
    urls: found(/https:\/\/t\.co\/\w+/g).map((m) => ({
      ...span(m),
      url: m[0],
      ...(link ? { expanded_url: link, display_url: link.replace(/^https:\/\//, '') } : {}),
    })),
  };
}

/** The entities that end before `end`: the ones a cut text still holds whole. */
function within(entities: Record<string, Entity[]>, end: number): Record<string, Entity[]> {
  return Object.fromEntries(
    Object.entries(entities).map(([kind, list]) => [kind, list.filter((e) => e.end <= end)]),
  );
}

/** X leaves out a kind of entity the text has none of, and `entities` when it has none at all. */
function withEntities(entities: Record<string, Entity[]>): { entities?: Record<string, Entity[]> } {
  const present = Object.entries(entities).filter(([, list]) => list.length > 0);
  return present.length > 0 ? { entities: Object.fromEntries(present) } : {};
}
