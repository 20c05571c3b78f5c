/**
 * Tells a binary file (an image, an archive, an executable saved with a .txt name) from text
 * after decoding: text holds almost no control characters and no undecodable bytes. Pure.
 */

/** Share of control characters (other than tab, newlines, form feed) or U+FFFD above which a text is binary. */
export const BINARY_SHARE = 0.01;

/** True when the decoded `text` (its first 64 Ki characters) looks like the decoding of a binary file. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  if (sample.length === 0) return false;
  if (sample.includes("\u0000")) return true;
  const odd = sample.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return odd / sample.length > BINARY_SHARE;
}
