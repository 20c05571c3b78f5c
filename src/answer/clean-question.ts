/**
 * A question as the engine reads it: lone UTF-16 surrogates (from a broken client or a cut
 * emoji) become U+FFFD, control characters and HTML tags (markup is not what is asked) become
 * spaces, so nothing downstream — the tokenizer, an echo of the question in the answer, a chat
 * API — sees malformed text or markup. Pure.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 controls but tab and newlines, DEL, C1 controls, and the bidi overrides. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** An HTML tag or comment: "<b>", "</script>", "<img src=x onerror=…>", "<!-- … -->". */
const TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

/** `text` well-formed, without control characters or HTML tags. */
export function cleanQuestion(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROL, " ").replace(TAG, " ");
}
