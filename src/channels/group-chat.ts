/**
 * Group-chat behaviour shared by every channel (pure): answer only when the bot is mentioned, in a
 * direct chat, or when the text starts with `/policy`; strip the mention or the prefix before the
 * question reaches the answer engine; one conversation per thread (or per direct chat).
 */
import { type AnswerEngine, type Asker, MAX_QUESTION_CHARS } from "../answer/engine-interface.js";
import { askWithPartials } from "../answer/streaming.js";
import { inRequest } from "../service/request-context.js";
import type { Answer } from "../types.js";
import { boundChatText } from "./bounded-text.js";

/** A chat message as every channel parses it, whatever the platform. */
export interface ChatMessage {
  /** "slack", "teams", "web", "dingtalk", … */
  channel: string;
  /** The team, workspace or tenant (platform-specific; "" when there is none). */
  workspace: string;
  /** The chat, group or channel id. */
  chat: string;
  /** The thread the message belongs to (its own id when it starts one); "" in a direct chat without threads. */
  thread: string;
  user: string;
  text: string;
  /** A one-to-one chat with the bot. */
  direct: boolean;
  /** The bot was @mentioned. */
  mentioned: boolean;
  /**
   * The platform vouches for `user`: it signed this message's body (Slack, WeCom, Feishu) or
   * delivered it over a connection it authenticated (Slack socket mode, DingTalk stream mode,
   * Feishu long connection). Only then may the sender count as an admin (ADMIN_USERS); a request
   * whose body an interceptor could swap (DingTalk's HTTP callback signs only its timestamp; a
   * Teams JWT is a bearer token that does not cover the body) is answered but never trusted.
   */
  signed: boolean;
}

/** The prefix that addresses the bot without a mention: "/policy 第17项由谁牵头?". */
export const COMMAND_PREFIX = "/policy";

/** True when the bot should answer this message. */
export function shouldAnswer(m: Pick<ChatMessage, "text" | "direct" | "mentioned">): boolean {
  return m.direct || m.mentioned || startsWithPrefix(m.text);
}

function startsWithPrefix(text: string): boolean {
  const t = boundChatText(text).trimStart().toLowerCase();
  return t === COMMAND_PREFIX || t.startsWith(`${COMMAND_PREFIX} `) || t.startsWith(`${COMMAND_PREFIX}\n`);
}

/**
 * The question in a message: platform mention markup ("<@U123>", "<at>policybot</at>",
 * "@_user_1") removed, whitespace collapsed. `/policy help` and `/policy sources` keep their
 * prefix (the engine answers them); "/policy 第17项…" loses it. The text is cut first
 * (`boundChatText`), so no pattern ever runs over more than a few question lengths.
 */
export function questionOf(text: string, mentionPatterns: RegExp[] = DEFAULT_MENTIONS): string {
  let q = boundChatText(text);
  for (const re of mentionPatterns) q = q.replace(re, " ");
  q = q.replace(/\s+/g, " ").trim();
  const lower = q.toLowerCase();
  if (lower.startsWith(COMMAND_PREFIX)) {
    const rest = q.slice(COMMAND_PREFIX.length).trim();
    if (rest === "" || /^(help|sources|use\b|reload\b|重新加载)/i.test(rest))
      return `${COMMAND_PREFIX} ${rest}`.trim();
    return rest;
  }
  return q;
}

/**
 * Mention markup of the platforms: Slack "<@U123|name>", Teams "<at>…</at>", Feishu "@_user_1".
 * Every part is bounded and none can span another mention's start ("<"), so each match attempt
 * reads a bounded stretch: linear over the whole text, even over "<@A|" repeated.
 */
export const DEFAULT_MENTIONS: RegExp[] = [
  /<@[A-Z0-9]{1,40}(?:\|[^<>]{0,200})?>/g,
  /<at>[^<]{0,200}<\/at>/g,
  /@_user_\d{1,6}/g,
];

/** The conversation a message continues: one per thread in a group, one per direct chat. */
export function conversationKey(
  m: Pick<ChatMessage, "channel" | "workspace" | "chat" | "thread" | "user" | "direct">,
): string {
  const where = [m.channel, m.workspace, m.chat].join(":");
  return m.direct && !m.thread ? `${where}:dm:${m.user}` : `${where}:thread:${m.thread}`;
}

/** What a chat message gets: the engine's Answer, or a short notice (too long, engine failed). */
export type ChatReply = { answer: Answer } | { notice: string };

/**
 * Asks the engine the question of a chat message, in its conversation (see `askQuestion`).
 */
export function askChat(
  engine: AnswerEngine,
  message: ChatMessage,
  onError: (err: unknown) => void,
  mentionPatterns: RegExp[] = DEFAULT_MENTIONS,
  onPartial?: (text: string) => void,
): Promise<ChatReply> {
  const question = questionOf(message.text, mentionPatterns) || `${COMMAND_PREFIX} help`;
  // Every platform channel verifies its requests before a message gets here; the sender id counts
  // as verified (for ADMIN_USERS) only when the platform signed the body (see `ChatMessage.signed`).
  const asker: Asker = { channel: message.channel, user: message.user, verified: message.signed };
  return askQuestion(engine, question, conversationKey(message), onError, asker, onPartial);
}

/**
 * Asks the engine a question. A question over the limit, an asker over the per-user rate limit
 * (`engine.admit`) or a failing engine gives a polite notice in the asker's language instead (the
 * failure is reported to `onError`, never thrown). Runs under a request id (see request-context.ts).
 */
export function askQuestion(
  engine: AnswerEngine,
  question: string,
  conversation: string,
  onError: (err: unknown) => void,
  asker?: Asker,
  /** Shows the answer as it is written, when the engine can stream (LLM mode). */
  onPartial?: (text: string) => void,
): Promise<ChatReply> {
  return inRequest(() => ask(engine, question, conversation, onError, asker, onPartial));
}

async function ask(
  engine: AnswerEngine,
  question: string,
  conversation: string,
  onError: (err: unknown) => void,
  asker: Asker | undefined,
  onPartial: ((text: string) => void) | undefined,
): Promise<ChatReply> {
  const zh = /[\u3400-\u9fff]/.test(question);
  if (asker && engine.admit) {
    const { allowed, retryAfterSeconds: wait } = engine.admit(asker);
    if (!allowed) {
      return {
        notice: zh
          ? `您提问有点频繁，请 ${wait} 秒后再问，谢谢！`
          : `You are asking questions faster than this bot can take them; please wait ${wait} s and ask again. Thank you!`,
      };
    }
  }
  if ([...question].length > MAX_QUESTION_CHARS) {
    return {
      notice: zh
        ? `问题太长了（上限 ${MAX_QUESTION_CHARS} 字），请缩短后再问。`
        : `That question is too long (the limit is ${MAX_QUESTION_CHARS} characters); please ask a shorter one.`,
    };
  }
  try {
    const answer = onPartial
      ? await askWithPartials(engine, question, conversation, onPartial, asker)
      : await (asker ? engine.ask(question, conversation, asker) : engine.ask(question, conversation));
    return { answer };
  } catch (err) {
    onError(err);
    return {
      notice: zh
        ? "抱歉，暂时无法回答这个问题，请稍后再试。"
        : "Sorry, I could not answer that just now; please try again in a moment.",
    };
  }
}
