import { z } from 'zod';

/**
 * Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F). PostgreSQL refuses NUL
 * in text (a 500 if it gets that far), and the others (newlines, escape sequences) have no place
 * in a one-line name: shown in a terminal, a log or a CSV they can forge or hide what follows.
 */
const CONTROL = /\p{Cc}/u;

/** The message a control character gets, one for every route. */
export const CONTROL_CHARACTER_MESSAGE = 'control characters (such as NUL, tab or newline) are not allowed';

/**
 * A one-line name a user gives and we store (a channel title, an API key name, an organization
 * name): trimmed, `1..max` characters, and no control characters, so bad input is a 400
 * VALIDATION_FAILED on its field, never a 500 from the database.
 */
export function storedName(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !CONTROL.test(text), CONTROL_CHARACTER_MESSAGE);
}

/** True when `text` holds no control character: for schemas that are not a plain name. */
export function hasNoControlCharacters(text: string): boolean {
  return !CONTROL.test(text);
}
