/**
 * Slack events: which to answer (pure decisions on Events API envelopes). Which were handled
 * already is `SeenEvents`' concern (src/state/seen-events.ts).
 */

import { boundChatText } from "./bounded-text.js";
import { type ChatMessage, shouldAnswer } from "./group-chat.js";

/** A Slack message event as far as we read it. */
interface SlackEvent {
  type?: unknown;
  subtype?: unknown;
  channel?: unknown;
  channel_type?: unknown;
  user?: unknown;
  bot_id?: unknown;
  text?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
  edited?: unknown;
  team?: unknown;
}

/** The Events API envelope (`event_callback`) as far as we read it. */
export interface SlackEnvelope {
  type?: unknown;
  challenge?: unknown;
  team_id?: unknown;
  event_id?: unknown;
  event?: unknown;
  authorizations?: unknown;
}

/** What to answer and where: the chat message, and the thread to reply in (none: top level of a DM). */
export interface SlackQuestion {
  message: ChatMessage;
  replyThreadTs: string | undefined;
  /** The message's identity, "channel:ts" (the same for its `message` and `app_mention` events). */
  messageId: string;
}

/** Decision on one event: answer it, or the reason it is ignored. */
export type SlackDecision = { answer: SlackQuestion } | { ignore: string };

/** The value when it is a non-empty string, else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Decides whether an `event_callback` is a question for us (pure): `app_mention` in a channel
 * (replied in the question's thread), `message` in a direct chat (`channel_type` "im"), or a
 * channel message starting with `/policy`; never a bot's message (`bot_id`, subtype
 * `bot_message`, our own user), an edit or any other subtype.
 */
export function decideSlackEvent(envelope: SlackEnvelope, botUserId?: string): SlackDecision {
  if (typeof envelope.event !== "object" || envelope.event === null) return { ignore: "no event" };
  const event = envelope.event as SlackEvent;
  const type = str(event.type);
  if (type !== "app_mention" && type !== "message") return { ignore: `event type ${String(type)}` };
  if (event.bot_id !== undefined) return { ignore: "a bot's message" };
  if (event.subtype !== undefined) return { ignore: `message subtype ${String(event.subtype)}` };
  if (event.edited !== undefined) return { ignore: "an edited message" };
  const user = str(event.user);
  const channel = str(event.channel);
  const ts = str(event.ts);
  const text = typeof event.text === "string" ? boundChatText(event.text) : "";
  if (user === undefined || channel === undefined || ts === undefined)
    return { ignore: "no user, channel or ts" };
  const bot = botUserId ?? botUserOf(envelope);
  if (bot !== undefined && user === bot) return { ignore: "our own message" };
  const direct = str(event.channel_type) === "im";
  const threadTs = str(event.thread_ts);
  const mentioned = type === "app_mention" || (bot !== undefined && text.includes(`<@${bot}`));
  if (!shouldAnswer({ text, direct, mentioned })) return { ignore: "not addressed to the bot" };
  const thread = direct ? (threadTs ?? "") : (threadTs ?? ts);
  const message: ChatMessage = {
    channel: "slack",
    workspace: str(envelope.team_id) ?? str(event.team) ?? "",
    chat: channel,
    thread,
    user,
    text,
    direct,
    mentioned,
    // Slack signs the body (X-Slack-Signature) and socket mode is an authenticated connection.
    signed: true,
  };
  return {
    answer: { message, replyThreadTs: thread === "" ? undefined : thread, messageId: `${channel}:${ts}` },
  };
}

/** The bot's own user id, from the envelope's `authorizations` (the installation's bot user). */
function botUserOf(envelope: SlackEnvelope): string | undefined {
  if (!Array.isArray(envelope.authorizations)) return undefined;
  for (const a of envelope.authorizations as { is_bot?: unknown; user_id?: unknown }[]) {
    if (a !== null && typeof a === "object" && a.is_bot === true) return str(a.user_id);
  }
  return undefined;
}
