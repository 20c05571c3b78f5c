/**
 * The Microsoft Teams channel: the Bot Framework protocol at `POST /api/teams/messages`.
 *
 * One narrow path, verify → parse → decide → answer → reply:
 * 1. the body is read with a byte limit (413 over it); a request without `Authorization: Bearer …`
 *    is refused (401) before anything else; the activity is parsed (400 when malformed) and its
 *    JWT is verified by botbuilder's `ConfigurationBotFrameworkAuthentication.authenticateRequest`
 *    (the SDK's own Bot Framework validation: keys from the OpenID metadata, endorsements for the
 *    channel, issuer https://api.botframework.com, audience = our app id, expiry with 5 minutes'
 *    tolerance, `serviceUrl` claim = the activity's serviceUrl) — 401 with a coded error when it
 *    fails, and nothing reaches the engine;
 * 2. the request is acknowledged with 202 at once; the answer follows asynchronously;
 * 3. the group-chat rules (src/channels/group-chat.ts) decide whether to answer — personal chats
 *    always, channels and group chats only when the bot is @mentioned or the text starts with
 *    `/policy` — strip the `<at>…</at>` mention, and key the conversation per thread (a channel
 *    reply's `conversation.id` carries `;messageid=<root>`) or per personal chat;
 * 4. the Answer is rendered as Markdown (`textFormat: "markdown"`, sources listed under it) and
 *    posted to `{serviceUrl}/v3/conversations/{id}/activities/{replyToId}` with an access token
 *    from the Bot Framework token endpoint (client credentials; cached until shortly before expiry).
 *
 * The serviceUrl comes from the request: it is only called when the verified token vouches for it
 * (the SDK's serviceUrl-claim check) AND it is an https URL — or, with `allowLoopbackServiceUrl`
 * (tests), an http URL on 127.0.0.1 / localhost / [::1]. Activities are handled once per id;
 * the bot's own messages, other activity types and other channels are ignored. Failures of the
 * engine, the token endpoint or the serviceUrl are logged, never thrown.
 *
 * Why not `CloudAdapter.process`: it writes its own 401 (not our error body), would post to the
 * serviceUrl without our https check, and its MSAL token client insists on an https authority, so
 * the reply path could not be tested against a local stand-in. We use the SDK for what must be
 * right — token validation — and do the route and the reply (two HTTP calls) ourselves.
 */
import { ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { Express, Request, Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { HttpError } from "../service/errors.js";
import { methodNotAllowed, readBody, sendError } from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import { withTimeout } from "../service/timeout.js";
import { createSeenEvents, type SeenEvents } from "../state/seen-events.js";
import type { Answer } from "../types.js";
import { boundChatText } from "./bounded-text.js";
import { renderAnswerMarkdown } from "./controller.js";
import { ConversationQueue } from "./conversation-queue.js";
import { askChat, type ChatMessage, conversationKey, shouldAnswer } from "./group-chat.js";
import { splitMrkdwn } from "./slack.js";

/** Route of the bot's messaging endpoint (Azure Bot resource → Configuration → Messaging endpoint). */
export const TEAMS_MESSAGES_PATH = "/api/teams/messages";
/** The Bot Framework's OpenID metadata, where the signing keys of channel tokens are found. */
export const DEFAULT_TEAMS_OPENID_METADATA_URL =
  "https://login.botframework.com/v1/.well-known/openidconfiguration";
/** Issuer of the tokens the Bot Framework channels send. */
export const TEAMS_TOKEN_ISSUER = "https://api.botframework.com";
/** Scope of the access token that replies carry. */
export const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default";
/** Largest activity accepted: 256 KiB (Teams messages are at most ~28 KB). */
export const DEFAULT_TEAMS_MAX_BODY_BYTES = 256 * 1024;
/** Largest text of one reply, in characters (Teams' limit is ~28 KB of payload; Chinese is 3 bytes a character). */
export const TEAMS_MESSAGE_LIMIT = 7000;
/** Most replies one answer is posted as. */
export const MAX_TEAMS_MESSAGES = 4;

/** The token endpoint of the Bot Framework: tenant-specific when a tenant is set (single-tenant bots). */
export function defaultTeamsTokenUrl(tenantId?: string): string {
  const tenant =
    tenantId === undefined || tenantId === "" ? "botframework.com" : encodeURIComponent(tenantId);
  return `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`;
}

/** Options of `mountTeams`. */
export interface TeamsOptions {
  engine: AnswerEngine;
  /** TEAMS_APP_ID: the bot's Microsoft App ID (the tokens' audience). Required. */
  appId: string;
  /** TEAMS_APP_PASSWORD: the app's client secret (for reply tokens). Required. */
  appPassword: string;
  /** TEAMS_TENANT_ID: for a single-tenant bot; reply tokens then come from this tenant. */
  tenantId?: string;
  log?: Logger;
  /** Handled activity ids; default in memory with a 1-hour time to live. */
  seen?: SeenEvents;
  /** Largest body accepted, in bytes; default 256 KiB. */
  maxBodyBytes?: number;
  /** Test hook: the OpenID metadata URL for channel tokens; default the Bot Framework's. */
  openIdMetadataUrl?: string;
  /** Test hook: the token endpoint; default `defaultTeamsTokenUrl(tenantId)`. */
  tokenUrl?: string;
  /** Test hook: also allow http serviceUrls on loopback (127.0.0.1, localhost, [::1]). Never in production. */
  allowLoopbackServiceUrl?: boolean;
  /** Test hook: the fetch used for the token endpoint and the replies; default global fetch. */
  fetch?: typeof fetch;
}

/** The mounted channel. */
export interface TeamsChannel {
  /** The route, "/api/teams/messages". */
  path: string;
  /** Resolves when every answer under way has been posted (or has failed and been logged). */
  idle(): Promise<void>;
}

/** The parts of a Bot Framework activity we read. */
export interface TeamsActivity {
  type?: unknown;
  id?: unknown;
  channelId?: unknown;
  serviceUrl?: unknown;
  text?: unknown;
  from?: { id?: unknown; name?: unknown; role?: unknown } | null;
  recipient?: { id?: unknown; name?: unknown } | null;
  conversation?: { id?: unknown; conversationType?: unknown; tenantId?: unknown; name?: unknown } | null;
  entities?: unknown;
  channelData?: { tenant?: { id?: unknown }; team?: { id?: unknown } } | null;
  replyToId?: unknown;
}

/** A question for the bot, from one activity. */
export interface TeamsQuestion {
  message: ChatMessage;
  /** The activity id the reply answers (`replyToId`). */
  activityId: string;
  /** The full `conversation.id` (with `;messageid=…` in a channel thread). */
  conversationId: string;
  serviceUrl: string;
  from: { id: string; name?: string };
  recipient: { id: string; name?: string };
}

/** Decision on one activity: answer it, or the reason it is ignored. */
export type TeamsDecision = { answer: TeamsQuestion } | { ignore: string };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Decides whether a verified activity is a question for us (pure): a `message` in a personal chat,
 * or in a channel / group chat when the bot is @mentioned (a `mention` entity for the bot's id) or
 * the text starts with `/policy`; never the bot's own message.
 */
export function decideTeamsActivity(activity: TeamsActivity, appId: string): TeamsDecision {
  if (str(activity.type) !== "message") return { ignore: `activity type ${String(activity.type)}` };
  const id = str(activity.id);
  const serviceUrl = str(activity.serviceUrl);
  const conversationId = str(activity.conversation?.id);
  const fromId = str(activity.from?.id);
  const botId = str(activity.recipient?.id);
  if (id === undefined || serviceUrl === undefined || conversationId === undefined || fromId === undefined)
    return { ignore: "no id, serviceUrl, conversation or sender" };
  const ours = new Set([botId, `28:${appId}`, appId].filter((x): x is string => x !== undefined));
  if (ours.has(fromId) || activity.from?.role === "bot") return { ignore: "a bot's message" };
  const text = typeof activity.text === "string" ? boundChatText(activity.text) : "";
  const type = str(activity.conversation?.conversationType) ?? "personal";
  const direct = type === "personal";
  const mentioned = mentionsOf(activity.entities).some((m) => ours.has(m));
  if (!shouldAnswer({ text, direct, mentioned })) return { ignore: "not addressed to the bot" };
  const [chat = conversationId, ...rest] = conversationId.split(";");
  const threadPart = rest.find((p) => p.toLowerCase().startsWith("messageid="));
  const thread =
    threadPart === undefined ? (type === "channel" ? id : "") : threadPart.slice("messageid=".length);
  const message: ChatMessage = {
    channel: "teams",
    workspace: str(activity.conversation?.tenantId) ?? str(activity.channelData?.tenant?.id) ?? "",
    chat,
    thread,
    user: fromId,
    text,
    direct,
    mentioned,
    // The Bot Framework JWT authenticates the caller but is a bearer token that does not cover the
    // body: an intercepted token could carry a forged `from.id`, so Teams ids never count as admins.
    signed: false,
  };
  const name = (v: unknown) => (str(v) === undefined ? {} : { name: v as string });
  return {
    answer: {
      message,
      activityId: id,
      conversationId,
      serviceUrl,
      from: { id: fromId, ...name(activity.from?.name) },
      recipient: { id: botId ?? `28:${appId}`, ...name(activity.recipient?.name) },
    },
  };
}

/** The ids mentioned by an activity's `mention` entities. */
function mentionsOf(entities: unknown): string[] {
  if (!Array.isArray(entities)) return [];
  const ids: string[] = [];
  for (const e of entities as { type?: unknown; mentioned?: { id?: unknown } }[]) {
    if (e !== null && typeof e === "object" && e.type === "mention") {
      const id = str(e.mentioned?.id);
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}

/**
 * True when a serviceUrl may be called: https, or (only with `allowLoopback`) http on a loopback
 * host. No credentials, no fragment.
 */
export function isAllowedServiceUrl(serviceUrl: string, allowLoopback = false): boolean {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  if (url.protocol === "https:") return true;
  return (
    allowLoopback &&
    url.protocol === "http:" &&
    ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname.toLowerCase())
  );
}

/** Renders an Answer as the Markdown texts of one or more replies, split at line boundaries (never inside `[n]`). */
export function renderTeamsMessages(answer: Answer, limit = TEAMS_MESSAGE_LIMIT): string[] {
  const pieces = splitMrkdwn(renderAnswerMarkdown(answer), limit);
  if (pieces.length <= MAX_TEAMS_MESSAGES) return pieces;
  const note =
    answer.language === "zh" ? "（回答过长，已截断。）" : "(The answer was too long and has been shortened.)";
  return [...pieces.slice(0, MAX_TEAMS_MESSAGES - 1), `${pieces[MAX_TEAMS_MESSAGES - 1]}\n\n${note}`];
}

/** A refused request: 401 (or 503 when the signing keys cannot be fetched). */
function authError(status: number, code: string, message: string, cause?: unknown): HttpError {
  return new HttpError(status, code, message, {
    ...(status === 401 ? { headers: { "WWW-Authenticate": 'Bearer realm="policybot"' } } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Registers `POST /api/teams/messages` on `app` (other methods get 405). Throws at start-up when
 * the app id or password is empty: never accept unverified requests.
 */
export function mountTeams(app: Express, options: TeamsOptions): TeamsChannel {
  const appId = options.appId.trim();
  if (appId === "") throw new Error("mountTeams: the app id is empty");
  if (options.appPassword.trim() === "") throw new Error("mountTeams: the app password is empty");
  const log = options.log ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_TEAMS_MAX_BODY_BYTES;
  const seen = options.seen ?? createSeenEvents();
  const doFetch = options.fetch ?? fetch;
  const tokenUrl = options.tokenUrl ?? defaultTeamsTokenUrl(options.tenantId);
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: options.appPassword,
    MicrosoftAppType: options.tenantId === undefined ? "MultiTenant" : "SingleTenant",
    ...(options.tenantId === undefined ? {} : { MicrosoftAppTenantId: options.tenantId }),
    ToBotFromChannelTokenIssuer: TEAMS_TOKEN_ISSUER,
    ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl ?? DEFAULT_TEAMS_OPENID_METADATA_URL,
  });
  const queue = new ConversationQueue((err) => log.error("a Teams answer failed", { err }));
  let token: { value: string; expires: number } | undefined;

  app
    .route(TEAMS_MESSAGES_PATH)
    .post((req: Request, res: Response) => {
      handle(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .all(methodNotAllowed(["POST"], log));

  async function handle(req: Request, res: Response): Promise<void> {
    const authorization = req.headers.authorization;
    if (authorization === undefined || !/^Bearer\s+\S+/i.test(authorization)) {
      log.warn("refused a Teams request", { code: "teams_token_missing" });
      throw authError(
        401,
        "teams_token_missing",
        "The request carries no Bot Framework token (Authorization: Bearer …). Only the Bot Framework may call this endpoint.",
      );
    }
    const body = await readBody(req, maxBodyBytes);
    const activity = parseActivity(body);
    if (str(activity.channelId) !== "msteams") {
      throw new HttpError(
        400,
        "teams_channel_unsupported",
        `This endpoint serves Microsoft Teams only (channelId "msteams"), not "${String(activity.channelId).slice(0, 50)}".`,
      );
    }
    try {
      // The SDK fetches the signing keys with no time limit of its own.
      await withTimeout(
        auth.authenticateRequest(activity as Parameters<typeof auth.authenticateRequest>[0], authorization),
        15_000,
        "verifying a Teams request",
      );
    } catch (err) {
      const { statusCode, name } = err as { statusCode?: unknown; name?: unknown };
      // The SDK throws AuthenticationError(401) for most refusals, but jsonwebtoken's own errors
      // (bad signature, malformed token, not yet valid) unwrapped; a 500 means the keys could not be fetched.
      if (statusCode === 401 || statusCode === 403 || (typeof name === "string" && JWT_ERRORS.has(name))) {
        log.warn("refused a Teams request", { code: "teams_token_invalid", reason: (err as Error).message });
        throw authError(
          401,
          "teams_token_invalid",
          "The Bot Framework token is not valid (signature, issuer, audience, expiry or serviceUrl). Check TEAMS_APP_ID against the Azure Bot resource.",
        );
      }
      log.error("could not verify a Teams request", { err });
      throw authError(
        503,
        "teams_auth_unavailable",
        "The Bot Framework's signing keys could not be fetched, so the request could not be verified. Try again shortly.",
        err,
      );
    }
    res.statusCode = 202;
    res.setHeader("Cache-Control", "no-store");
    res.end();
    try {
      dispatch(activity);
    } catch (err) {
      log.error("a Teams activity could not be handled", { err });
    }
  }

  function dispatch(activity: TeamsActivity): void {
    const decision = decideTeamsActivity(activity, appId);
    if ("ignore" in decision) {
      log.debug("ignored a Teams activity", { reason: decision.ignore });
      return;
    }
    const q = decision.answer;
    if (!isAllowedServiceUrl(q.serviceUrl, options.allowLoopbackServiceUrl === true)) {
      log.warn("ignored a Teams activity with a serviceUrl that is not https", {
        serviceUrl: q.serviceUrl.slice(0, 200),
      });
      return;
    }
    queue.run(conversationKey(q.message), async () => {
      if (!(await seen.firstTime(`teams:${q.conversationId}:${q.activityId}`))) {
        log.info("ignored a Teams activity already handled", { activityId: q.activityId });
        return;
      }
      await answer(q);
    });
  }

  async function answer(q: TeamsQuestion): Promise<void> {
    const texts = await textsFor(q);
    const base = q.serviceUrl.endsWith("/") ? q.serviceUrl : `${q.serviceUrl}/`;
    const url = new URL(
      `v3/conversations/${encodeURIComponent(q.conversationId)}/activities/${encodeURIComponent(q.activityId)}`,
      base,
    );
    for (const text of texts) {
      const reply = {
        type: "message",
        text,
        textFormat: "markdown",
        from: q.recipient,
        recipient: q.from,
        conversation: { id: q.conversationId },
        replyToId: q.activityId,
      };
      let res: globalThis.Response;
      try {
        res = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await accessToken()}` },
          body: JSON.stringify(reply),
          redirect: "error",
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        log.error("posting a Teams reply failed", { err });
        return;
      }
      if (!res.ok) {
        log.error("the Bot Framework refused a Teams reply", { status: res.status });
        if (res.status === 401) token = undefined;
        await res.body?.cancel();
        return;
      }
      await res.body?.cancel();
    }
  }

  async function textsFor(q: TeamsQuestion): Promise<string[]> {
    const reply = await askChat(options.engine, q.message, (err) =>
      log.error("the answer engine failed on a Teams message", { err }),
    );
    return "answer" in reply ? renderTeamsMessages(reply.answer) : [reply.notice];
  }

  /** A Bot Framework access token (client credentials), cached until 5 minutes before it expires. */
  async function accessToken(): Promise<string> {
    if (token !== undefined && token.expires > Date.now()) return token.value;
    const res = await doFetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: appId,
        client_secret: options.appPassword,
        scope: BOT_FRAMEWORK_SCOPE,
      }).toString(),
      redirect: "error",
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!res.ok || typeof body.access_token !== "string") {
      throw new Error(`the Bot Framework token endpoint answered HTTP ${res.status} without an access token`);
    }
    const seconds = Number(body.expires_in);
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3600_000;
    token = { value: body.access_token, expires: Date.now() + Math.max(0, lifetime - 5 * 60_000) };
    return token.value;
  }

  return {
    path: TEAMS_MESSAGES_PATH,
    idle: () => queue.idle(),
  };
}

/** jsonwebtoken's errors, which the SDK passes on as they are: all mean an invalid token. */
const JWT_ERRORS = new Set(["JsonWebTokenError", "NotBeforeError", "TokenExpiredError"]);

function parseActivity(body: Buffer): TeamsActivity {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new HttpError(
      400,
      "invalid_json",
      "The body is not UTF-8 JSON; the Bot Framework sends activities as JSON.",
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "invalid_request", "The body must be a JSON object (a Bot Framework activity).");
  }
  return parsed as TeamsActivity;
}
