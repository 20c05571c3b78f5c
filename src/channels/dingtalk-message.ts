/**
 * A DingTalk robot message (HTTP callback body or stream-mode `data`): parsing, the decision whether
 * it is a question for us, and the check of its sessionWebhook (pure: no I/O).
 */
import { HttpError } from "../service/errors.js";
import { boundChatText } from "./bounded-text.js";
import { type ChatMessage, shouldAnswer } from "./group-chat.js";
/** A robot message as DingTalk sends it (callback body, or the stream's `data`), as far as we read it. */
export interface DingTalkRobotMessage {
  msgtype?: unknown;
  text?: { content?: unknown } | null;
  msgId?: unknown;
  conversationId?: unknown;
  /** "1" single chat, "2" group chat. */
  conversationType?: unknown;
  conversationTitle?: unknown;
  senderId?: unknown;
  senderStaffId?: unknown;
  senderNick?: unknown;
  senderCorpId?: unknown;
  chatbotCorpId?: unknown;
  chatbotUserId?: unknown;
  isInAtList?: unknown;
  atUsers?: unknown;
  sessionWebhook?: unknown;
  /** When the sessionWebhook expires, in ms since the epoch. */
  sessionWebhookExpiredTime?: unknown;
  robotCode?: unknown;
  createAt?: unknown;
}

/** A question for the robot, from one message. */
export interface DingTalkQuestion {
  message: ChatMessage;
  msgId: string;
  sessionWebhook: string;
  /** ms since the epoch; NaN-free (absent → 0, which counts as expired). */
  sessionWebhookExpiredTime: number;
  /** The sender's staff id, when DingTalk gives it (a single chat's AI card is delivered to it). */
  staffId?: string;
}

/** Decision on one message: answer it, or the reason it is ignored. */
export type DingTalkDecision = { answer: DingTalkQuestion } | { ignore: string };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Decides whether a robot message is a question for us (pure): a text message in a single chat, or
 * in a group chat when the robot is @mentioned or the text starts with `/policy`; never the robot's own.
 * `signed`: the message came over stream mode (a connection DingTalk authenticated), so its sender
 * is who DingTalk says; an HTTP callback's body is not covered by its sign, so its sender id is only
 * a claim and never counts as an admin.
 */
export function decideDingTalkMessage(m: DingTalkRobotMessage, signed = false): DingTalkDecision {
  const msgId = str(m.msgId);
  const chat = str(m.conversationId);
  const sessionWebhook = str(m.sessionWebhook);
  const user = str(m.senderStaffId) ?? str(m.senderId);
  if (msgId === undefined || chat === undefined || sessionWebhook === undefined || user === undefined)
    return { ignore: "no msgId, conversationId, sessionWebhook or sender" };
  const robot = str(m.chatbotUserId);
  if (robot !== undefined && str(m.senderId) === robot) return { ignore: "the robot's own message" };
  if (str(m.msgtype) !== "text") return { ignore: `message type ${String(m.msgtype)}` };
  const text = typeof m.text?.content === "string" ? boundChatText(m.text.content) : "";
  const type = str(m.conversationType);
  if (type !== "1" && type !== "2") return { ignore: `conversation type ${String(m.conversationType)}` };
  const direct = type === "1";
  const mentioned = m.isInAtList === true || (robot !== undefined && atUserIds(m.atUsers).includes(robot));
  if (!shouldAnswer({ text, direct, mentioned })) return { ignore: "not addressed to the robot" };
  const expires = Number(m.sessionWebhookExpiredTime);
  const message: ChatMessage = {
    channel: "dingtalk",
    workspace: str(m.chatbotCorpId) ?? str(m.senderCorpId) ?? "",
    chat,
    thread: direct ? "" : `user-${user}`,
    user,
    text,
    direct,
    mentioned,
    signed,
  };
  return {
    answer: {
      message,
      msgId,
      sessionWebhook,
      sessionWebhookExpiredTime: Number.isFinite(expires) ? expires : 0,
      ...(str(m.senderStaffId) === undefined ? {} : { staffId: str(m.senderStaffId)! }),
    },
  };
}

function atUserIds(atUsers: unknown): string[] {
  if (!Array.isArray(atUsers)) return [];
  return (atUsers as { dingtalkId?: unknown }[])
    .map((u) => (u !== null && typeof u === "object" ? str(u.dingtalkId) : undefined))
    .filter((x): x is string => x !== undefined);
}

/**
 * True when a sessionWebhook may be called: a URL without credentials whose origin is one of
 * `allowedOrigins` (compared as URL origins: scheme, host and port).
 */
export function isAllowedSessionWebhook(webhook: string, allowedOrigins: Iterable<string>): boolean {
  let url: URL;
  try {
    url = new URL(webhook);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  for (const o of allowedOrigins) {
    try {
      if (new URL(o).origin === url.origin) return true;
    } catch {
      // not a URL: never matches
    }
  }
  return false;
}

/** Parses a robot message (callback body or stream `data`), or throws 400. */
export function parseRobotMessage(body: Buffer | string): DingTalkRobotMessage {
  let parsed: unknown;
  try {
    const text = typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true }).decode(body);
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(
      400,
      "invalid_json",
      "The body is not UTF-8 JSON; DingTalk sends robot messages as JSON.",
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "invalid_request", "The body must be a JSON object (a DingTalk robot message).");
  }
  const m = parsed as DingTalkRobotMessage;
  if (
    str(m.msgId) === undefined ||
    str(m.conversationId) === undefined ||
    str(m.conversationType) === undefined ||
    str(m.sessionWebhook) === undefined
  ) {
    throw new HttpError(
      400,
      "invalid_request",
      "A DingTalk robot message needs msgId, conversationId, conversationType and sessionWebhook.",
    );
  }
  return m;
}
