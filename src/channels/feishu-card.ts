/**
 * Feishu message cards for answers being written (LLM mode): the answer is replied as an
 * interactive card that may be updated (`config.update_multi`) and PATCHed as it grows. The card
 * holds one `markdown` element (lark_md), so the partial and final texts render as the `post`
 * reply's `md` element does.
 */

/** The `content` of an interactive card holding one Markdown text, updatable by PATCH. */
export function feishuCardContent(markdown: string): string {
  return JSON.stringify({
    config: { wide_screen_mode: true, update_multi: true },
    elements: [{ tag: "markdown", content: markdown }],
  });
}

/** The text shown while an answer is written: at most `limit` characters, marked as unfinished. */
export function feishuPartialText(text: string, limit: number): string {
  const shown = text.length > limit - 2 ? text.slice(0, Math.max(0, limit - 2)) : text;
  return `${shown} …`;
}
