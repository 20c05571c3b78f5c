/** `Content-Disposition: attachment` with an ASCII `filename` and the real name as RFC 5987 `filename*`. */

/** RFC 5987 ext-value characters: attr-char stays, everything else percent-encoded as UTF-8. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function attachment(name: string, asciiName: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
