import { z } from 'zod';
import { SPACE_CLASS } from '../http/stored-text';

/** The answer schemas of the content questions (content-routes.ts), for validation and OpenAPI. */
const nullableCount = z.number().int().nullable();
export const Post = z
  .object({
    post_id: z.string(),
    posted_at: z.string(),
    edited_at: z.string().nullable(),
    post_type: z.string(),
    text: z.string(),
    hashtags: z.array(z.string()),
    mentions: z.array(z.string()),
    links: z.array(z.string()),
    engagement: z.object({
      interactions: z.number().int(),
      reactions: nullableCount,
      replies: nullableCount,
      forwards: nullableCount,
      views: nullableCount,
      likes: nullableCount,
      reposts: nullableCount,
      quotes: nullableCount,
      bookmarks: nullableCount,
      observed_at: z.string().nullable(),
    }),
  })
  .meta({ id: 'Post' });
export const answerAbout = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ channel: z.string(), from: z.string(), to: z.string(), ...shape });
/** What JavaScript's `\\s` and `trim` count as white space, spelled out for every regex engine. */
const SPACE = `[\\t\\n\\v\\f\\r${SPACE_CLASS}]`;
const WORD = SPACE.replace('[', '[^');
/**
 * Search words: 1 to 200 characters as sent, 1 to 8 words apart from white space. The pattern is
 * the rule in the OpenAPI document; explicit classes, since `\\s` differs between regex engines.
 */
export const searchWords = z
  .string()
  .max(200)
  .regex(new RegExp(`^${SPACE}*${WORD}+(?:${SPACE}+${WORD}+){0,7}${SPACE}*$`), 'one to 8 words')
  .trim();
export const limit = (fallback: number) => z.coerce.number().int().min(1).max(100).default(fallback);
/**
 * The time zones the API names in its document: UTC and every zone this runtime's ICU lists, by
 * its canonical IANA name (each one is also in ClickHouse's tz database).
 */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

/**
 * An IANA zone name (no offsets: ClickHouse reads names only) that this runtime's ICU knows, in
 * its canonical spelling (ICU accepts `europe/berlin`; ClickHouse's names are case-sensitive).
 * The document lists the canonical names; other spellings and links ICU knows are accepted too
 * and answered in the canonical one.
 */
export const timeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z_]*(\/[A-Za-z0-9_+-]+){0,2}$/, 'an IANA time zone, such as Europe/Berlin')
  .transform((zone, context) => {
    try {
      // ICU's canonical name; ClickHouse's tz database has it too (Asia/Kolkata comes back as its
      // older link Asia/Calcutta, the same zone).
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      context.addIssue({ code: 'custom', message: 'an IANA time zone, such as Europe/Berlin' });
      return z.NEVER;
    }
  })
  .meta({
    enum: [...TIME_ZONES],
    description:
      'An IANA time zone (the canonical names listed; other spellings ICU knows, such as europe/berlin, ' +
      'are accepted and answered by their canonical name).',
  });
