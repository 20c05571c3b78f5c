/**
 * Mentions written as text — in a question echoed by an answer, or in a source document — must
 * not notify anyone when an answer is posted to a chat. `defuseMentions` breaks every mention
 * syntax of the platforms we post to with an invisible zero-width space, so that the text reads
 * the same and is inert:
 *
 * - Slack `<!channel>`, `<!here>`, `<!everyone>`, `<@U123>`, `<!subteam^…>`;
 * - Feishu `<at id=all></at>`, `<at user_id="…">`; Teams `<at>…</at>`; WeCom `<@userid>`;
 * - plain `@all`, `@所有人`, `@everyone`, `@here`, `@channel` (DingTalk, WeCom, Feishu, Teams).
 *
 * Pure. The Answer keeps its quotes verbatim; only the chat rendering is changed.
 */

const ZWSP = "\u200b";

/** Tag-like mention markup: "<!…>", "<@…>", "<at …>", "<at>". */
const MENTION_TAG = /<(?=[!@]|at[\s>]|\/at>)/gi;
/** Broadcast mentions written as plain text. */
const BROADCAST = /@(?=(?:all|everyone|here|channel|所有人|全体成员)(?![\p{L}\p{N}_]))/giu;

/** `text` with every mention made inert (a zero-width space after its "<" or "@"). */
export function defuseMentions(text: string): string {
  return text.replace(MENTION_TAG, `<${ZWSP}`).replace(BROADCAST, `@${ZWSP}`);
}
