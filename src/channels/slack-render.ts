/**
 * Slack rendering: an Answer's Markdown as Slack mrkdwn, in section blocks within Slack's limits
 * (split at line boundaries, never inside a citation marker), each message followed by a context
 * block with the sources it cites.
 */
import type { Answer, Citation } from "../types.js";

/** Largest text of a section block (Slack's limit). */
export const SLACK_SECTION_LIMIT = 3000;
/** Most messages one answer is posted as; a longer answer is shortened with a note. */
export const MAX_SLACK_MESSAGES = 10;

/** A Block Kit block as posted (the subset we use). */
export type SlackBlock =
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

/** One `chat.postMessage` worth of an answer: blocks, and `text` as the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Escapes the three characters Slack's mrkdwn treats as markup: `&`, `<`, `>`. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const ZWSP = "\u200b";
const BOLD = "\u0001";

/**
 * Converts our answers' Markdown to Slack mrkdwn: `**bold**` → `*bold*` (with a zero-width space
 * where it touches other text, e.g. Chinese, so that Slack still renders it), `*italic*` →
 * `_italic_`, `# heading` → bold line, `- item` → `• item`, `> quote` → a Slack quote, `[text](url)` → `<url|text>`; `[1]`
 * citation markers are kept as they are; `&`, `<`, `>` are escaped.
 */
export function toSlackMrkdwn(markdown: string): string {
  let s = escapeMrkdwn(markdown.replace(/\r\n?/g, "\n"));
  s = s.replace(
    /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g,
    (_m, label: string, url: string) => `<${url}|${label}>`,
  );
  s = s.replace(/^(#{1,6})[ \t]+(.+?)[ \t]*#*$/gm, (_m, _h: string, title: string) => `**${title}**`);
  s = s.replace(/^[ \t]*&gt;[ \t]?/gm, ">");
  s = s.replace(/^([ \t]*)[-*+][ \t]+/gm, "$1• ");
  s = s.replace(/\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__/g, (_m, a?: string, b?: string) => {
    return `${BOLD}${a ?? b}${BOLD}`;
  });
  s = s.replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, "$1_$2_");
  s = s.replace(
    new RegExp(`${BOLD}([^${BOLD}]*)${BOLD}`, "g"),
    (_m, inner: string, offset: number, all: string) => {
      const before = offset > 0 ? all[offset - 1]! : "\n";
      const after = all[offset + inner.length + 2] ?? "\n";
      return `${/\s/.test(before) ? "" : ZWSP}*${inner}*${/\s/.test(after) ? "" : ZWSP}`;
    },
  );
  return s.replace(new RegExp(BOLD, "g"), "");
}

/**
 * Splits mrkdwn into pieces of at most `limit` characters: whole lines where they fit; a longer
 * line is cut after a sentence end (else a space, else anywhere allowed), never inside a citation
 * marker `[n]`, a link `<…>`, an entity `&amp;` or a bold span, and never just before a marker,
 * which stays with its sentence.
 */
export function splitMrkdwn(text: string, limit = SLACK_SECTION_LIMIT): string[] {
  const pieces: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim() !== "") pieces.push(current.replace(/\n+$/, ""));
    current = "";
  };
  for (const line of text.split("\n")) {
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > limit) {
      const cut = cutPoint(rest, limit);
      pieces.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  }
  flush();
  return pieces;
}

/** Where to cut `line` (longer than `limit`): a position in 1..limit that splits no unit of markup. */
function cutPoint(line: string, limit: number): number {
  const blocked = new Uint8Array(line.length + 1);
  for (const m of line.matchAll(/\[\d+\]|<[^>\n]*>|&[a-z]+;|\*[^*\n]+\*|_[^_\n]+_|`[^`\n]+`/g)) {
    for (let i = m.index + 1; i < m.index + m[0].length; i++) blocked[i] = 1;
  }
  const allowed = (p: number) => {
    if (blocked[p] === 1) return false;
    const code = line.charCodeAt(p - 1);
    if (code >= 0xd800 && code <= 0xdbff) return false; // inside a surrogate pair
    return !/^\s*\[\d+\]/.test(line.slice(p, p + 12));
  };
  let space = -1;
  let any = -1;
  for (let p = limit; p > 0; p--) {
    if (!allowed(p)) continue;
    if (/[。！？；!?;.]/.test(line[p - 1]!)) return p;
    if (space < 0 && /\s/.test(line[p - 1]!)) space = p;
    if (any < 0) any = p;
  }
  if (space > 0) return space;
  return any > 0 ? any : limit;
}

/** One line of the sources list: "[1] title › section" (mrkdwn-escaped, at most 500 characters). */
export function sourceLine(c: Citation): string {
  const title = oneLine(c.title) || c.source;
  const section = oneLine(c.section)
    .split(/\s*>\s*/)
    .filter((p) => p !== "")
    .join(" › ");
  const line = `[${c.id}] ${title}${section === "" ? "" : ` › ${section}`}`;
  return escapeMrkdwn(line.length > 500 ? `${line.slice(0, 499)}…` : line);
}

/** A context block listing sources, packed into at most 10 elements of at most 3,000 characters. */
function contextBlock(citations: Citation[]): SlackBlock | undefined {
  if (citations.length === 0) return undefined;
  const elements: { type: "mrkdwn"; text: string }[] = [];
  let current = "";
  const lines = citations.map(sourceLine);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= SLACK_SECTION_LIMIT) {
      current = joined;
      continue;
    }
    elements.push({ type: "mrkdwn", text: current });
    current = line;
    if (elements.length === 9) {
      const more = `… ${lines.length - i} more`;
      current = current.length + more.length < SLACK_SECTION_LIMIT ? `${line}\n${more}` : more;
      break;
    }
  }
  if (current !== "") elements.push({ type: "mrkdwn", text: current });
  return { type: "context", elements };
}

/**
 * Renders an Answer as Slack messages: the answer in mrkdwn, in section blocks of at most 3,000
 * characters (one per message), each message followed by a context block with the sources its
 * markers cite (sources cited nowhere go with the last message). `text` repeats the message as
 * the notification fallback. More than `MAX_SLACK_MESSAGES` parts are shortened with a note.
 */
export function renderSlackMessages(answer: Answer): SlackMessage[] {
  const zh = answer.language === "zh";
  let parts = splitMrkdwn(toSlackMrkdwn(answer.answer.trim()));
  if (parts.length === 0) parts = [zh ? "（没有内容）" : "(no answer)"];
  let note: string | undefined;
  if (parts.length > MAX_SLACK_MESSAGES) {
    const dropped = parts.length - MAX_SLACK_MESSAGES;
    parts = parts.slice(0, MAX_SLACK_MESSAGES);
    note = zh
      ? `_回答过长，已省略其余 ${dropped} 段；请把问题问得更具体一些。_`
      : `_The answer is too long for Slack; ${dropped} more part(s) left out. Please ask a narrower question._`;
  }
  const citations = [...answer.citations].sort((a, b) => a.id - b.id);
  const listed = new Set<number>();
  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    const cited = citations.filter(
      (c) =>
        !listed.has(c.id) && (part.includes(`[${c.id}]`) || (last && !answer.answer.includes(`[${c.id}]`))),
    );
    for (const c of cited) listed.add(c.id);
    const blocks: SlackBlock[] = [{ type: "section", text: { type: "mrkdwn", text: part } }];
    const context = contextBlock(cited);
    if (context !== undefined) blocks.push(context);
    if (last && note !== undefined) blocks.push({ type: "section", text: { type: "mrkdwn", text: note } });
    const sources = cited.map(sourceLine).join("\n");
    const fallback = [part, sources, last ? note : undefined]
      .filter((t) => t !== undefined && t !== "")
      .join("\n");
    return { text: fallback.length <= 3900 ? fallback : part, blocks };
  });
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** A message of plain text (mrkdwn-escaped), e.g. an error note. */
export function plainMessage(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return { text: escaped, blocks: [{ type: "section", text: { type: "mrkdwn", text: escaped } }] };
}
