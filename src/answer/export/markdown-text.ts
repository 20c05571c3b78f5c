/**
 * Text from documents and questions made safe inside an exported Markdown file (pure): no raw
 * HTML (`<` is written `&lt;`, so no tag, comment or `<javascript:…>` autolink can form) and no
 * link but to http(s) — `[label](https://…)` stays a link, any other link syntax (`[x](javascript:…)`,
 * `[x][ref]`, `[ref]: data:…`) is escaped into plain text. Bare http(s) addresses stay as they are.
 */

/** An inline link with a bounded label and target (no nested brackets): linear to match. */
const INLINE_LINK = /\[([^[\]\n]{0,500})\]\(([^()\s<>]{1,2000})\)/g;

/** `text` with its Markdown links to other than http(s) and its HTML neutralised (see above). */
export function markdownText(text: string): string {
  let out = "";
  let at = 0;
  for (const m of text.matchAll(INLINE_LINK)) {
    out += escapeText(text.slice(at, m.index));
    const [whole, label = "", target = ""] = m;
    out += /^https?:\/\//i.test(target)
      ? `[${escapeText(label)}](${target.replace(/[\\]/g, "%5C")})`
      : escapeText(whole);
    at = m.index + whole.length;
  }
  return out + escapeText(text.slice(at));
}

/** Backslashes, brackets and `<` escaped: the text reads the same, and forms no link or tag. */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/([[\]])/g, "\\$1")
    .replace(/</g, "&lt;");
}
