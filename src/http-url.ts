/** Settings that name an API base URL must be http(s) URLs; anything else is refused at start-up. */

/** True when `value` parses as an http: or https: URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
