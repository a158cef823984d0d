/**
 * The cookies of a request, by name, from its `Cookie` header (the API has no cookie parser
 * middleware: the routes that read cookies declare them in their contract). The first of two
 * cookies of one name wins: browsers send the one with the longer path first. A value that is
 * not valid percent-encoding is kept as it was sent.
 */
export function requestCookies(header: string | undefined): Record<string, string> {
  // A Map, then own properties: a cookie named __proto__ stays a cookie.
  const cookies = new Map<string, string>();
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, Math.max(at, 0)).trim();
    if (name === '' || cookies.has(name)) continue;
    cookies.set(
      name,
      decoded(
        pair
          .slice(at + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      ),
    );
  }
  return Object.fromEntries(cookies);
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
