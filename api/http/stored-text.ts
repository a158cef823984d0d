import { z } from 'zod';

/**
 * Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F). PostgreSQL refuses NUL
 * in text (a 500 if it gets that far), and the others (newlines, escape sequences) have no place
 * in a one-line name: shown in a terminal, a log or a CSV they can forge or hide what follows.
 */
const CONTROL = /\p{Cc}/u;

/** The message a control character gets, one for every route. */
export const CONTROL_CHARACTER_MESSAGE = 'control characters (such as NUL, tab or newline) are not allowed';

/** The control characters, as the inside of a regex class. */
const CONTROL_CLASS = '\\u0000-\\u001f\\u007f-\\u009f';
/**
 * The other characters `String.prototype.trim` (and `\\s`) count as white space, as the inside of a
 * regex class: spelled out, since `\\s` differs between regex engines.
 */
export const SPACE_CLASS = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/**
 * A name as the OpenAPI document states it: no control character, and one character at least that
 * trimming keeps. Written with explicit classes (no `\\s`, no flags), so every regex engine that
 * reads the document (a client's, Schemathesis's) reads the same rule. Only spaces may come before
 * the first kept character: with any character allowed there, the leading and the trailing group
 * overlap and a long name that fails at its end backtracks quadratically (a second for 40 000
 * characters, on the public signup route).
 */
const NAME_PATTERN = new RegExp(`^[${SPACE_CLASS}]*[^${CONTROL_CLASS}${SPACE_CLASS}][^${CONTROL_CLASS}]*$`);

/**
 * A one-line name a user gives and we store (a channel title, an API key name, an organization
 * name): `1..max` characters as sent, no control characters, not only spaces, and trimmed, so bad
 * input is a 400 VALIDATION_FAILED on its field, never a 500 from the database. A name too long or
 * with a control character stops at that first issue: the pattern never runs on it. No `.min(1)`
 * after trimming: the pattern already requires a character that trimming keeps.
 */
export function storedName(max: number) {
  return z
    .string()
    .max(max, { abort: true })
    .refine((text) => !CONTROL.test(text), { message: CONTROL_CHARACTER_MESSAGE, abort: true })
    .regex(NAME_PATTERN, 'a name needs one character that is not a space')
    .trim();
}

/** True when `text` holds no control character: for schemas that are not a plain name. */
export function hasNoControlCharacters(text: string): boolean {
  return !CONTROL.test(text);
}
