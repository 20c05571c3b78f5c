/**
 * Chat text is cut to a bounded length before any regular expression sees it (pure). A question
 * may have at most `MAX_QUESTION_CHARS` characters; mention markup and the `/policy` prefix come
 * on top, so a few times that is kept — enough for the "too long" notice to still be given, and
 * little enough that no pattern, however it backtracks, can be made slow by a 250 KB message.
 */
import { MAX_QUESTION_CHARS } from "../answer/engine-interface.js";

/** Longest chat text kept, in UTF-16 code units: four times the question limit. */
export const MAX_CHAT_TEXT_CHARS = 4 * MAX_QUESTION_CHARS;

/** `text` cut to `MAX_CHAT_TEXT_CHARS` (never inside a surrogate pair); shorter text unchanged. */
export function boundChatText(text: string, max = MAX_CHAT_TEXT_CHARS): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  // A high surrogate at the cut would be half a character: drop it.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
