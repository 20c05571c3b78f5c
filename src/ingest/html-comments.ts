/**
 * Linear scans for HTML comments and for the elements whose content is not text (script, style,
 * head, nav, noscript, iframe). A lazy regex such as `<!--[\s\S]*?-->` rescans to the end of the
 * page from every opener that is never closed — quadratic on a page of unclosed `<!--` or
 * `<script>`; here the next closer of each kind is found once and reused. Pure.
 */

export interface Range {
  start: number;
  end: number;
}

/** Finds the first match of `re` (global) in `source` at or after `from`, remembering it while it is ahead. */
function closerFinder(re: RegExp, source: string): (from: number) => RegExpExecArray | null {
  let cached: RegExpExecArray | null | undefined;
  return (from) => {
    if (cached === null) return null; // none left in the rest of the text
    if (cached && cached.index >= from) return cached;
    re.lastIndex = from;
    cached = re.exec(source);
    return cached;
  };
}

/** `<!-- … -->` comments whose content is at most `maxLength` characters, in order. */
export function htmlComments(source: string, maxLength = Number.POSITIVE_INFINITY): Range[] {
  const out: Range[] = [];
  const closer = closerFinder(/-->/g, source);
  let at = source.indexOf("<!--");
  while (at >= 0) {
    const close = closer(at + 4);
    if (close === null) break;
    if (close.index - (at + 4) <= maxLength) {
      out.push({ start: at, end: close.index + 3 });
      at = source.indexOf("<!--", close.index + 3);
    } else at = source.indexOf("<!--", at + 4);
  }
  return out;
}

/** Tags whose whole element is chrome, never text. */
const CHROME_TAGS = ["script", "style", "head", "nav", "noscript", "iframe"] as const;

/**
 * Chrome elements (`<script …>…</script>` and the other CHROME_TAGS) and comments, as the regex
 * `<(script|style|head|nav|noscript|iframe)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->` finds them
 * (left to right, none inside another), in one pass. An element never closed is not matched.
 */
export function chromeElements(html: string): Range[] {
  const out: Range[] = [];
  const closers = new Map<string, (from: number) => RegExpExecArray | null>(
    CHROME_TAGS.map((t) => [t, closerFinder(new RegExp(`</${t}\\s*>`, "gi"), html)]),
  );
  closers.set("<!--", closerFinder(/-->/g, html));
  const opener = /<(script|style|head|nav|noscript|iframe)\b|<!--/gi;
  for (let m = opener.exec(html); m; m = opener.exec(html)) {
    const key = m[1] ? m[1].toLowerCase() : "<!--";
    const close = closers.get(key)!(m.index + m[0].length);
    if (close === null) continue;
    out.push({ start: m.index, end: close.index + close[0].length });
    opener.lastIndex = close.index + close[0].length;
  }
  return out;
}
