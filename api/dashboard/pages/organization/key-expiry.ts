/** The API key form's expiry date in the API's terms: pure, tested. */

/**
 * The `expires_at` for the form's date (`YYYY-MM-DD`, the end of that day where the viewer is);
 * undefined when empty. A date that is not one reads as undefined too: the input gives only dates.
 */
export function keyExpiry(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}

/** The earliest expiry date the form offers (`YYYY-MM-DD`): tomorrow where the viewer is. */
export function tomorrow(now = new Date()): string {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
}
