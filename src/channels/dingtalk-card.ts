/**
 * DingTalk AI cards for answers being written (LLM mode, DINGTALK_CARD_TEMPLATE_ID set): the app's
 * access token (`POST /v1.0/oauth2/accessToken`, cached until shortly before it expires), one card
 * per answer created and delivered to the group or single chat
 * (`POST /v1.0/card/instances/createAndDeliver`), and its Markdown variable streamed with the full
 * text so far (`PUT /v1.0/card/streaming`), last with `isFinalize: true`.
 *
 * Every call resolves to true/false (a failure is logged, never thrown): the channel falls back to
 * its sessionWebhook reply when a card cannot be created or finished.
 */
import { randomUUID } from "node:crypto";
import { type Logger, silentLogger } from "../service/logger.js";

/** Where a card is delivered: a group chat, or the robot's single chat with one user (by staff id). */
export type DingTalkCardSpace = { group: string } | { staffId: string };

/** The createAndDeliver body's space fields for `space` (pure). */
export function dingTalkCardSpaceFields(
  space: DingTalkCardSpace,
  robotCode: string,
): Record<string, unknown> {
  if ("group" in space) {
    return {
      openSpaceId: `dtv1.card//IM_GROUP.${space.group}`,
      imGroupOpenSpaceModel: { supportForward: true },
      imGroupOpenDeliverModel: { robotCode },
    };
  }
  return {
    openSpaceId: `dtv1.card//IM_ROBOT.${space.staffId}`,
    imRobotOpenSpaceModel: { supportForward: true },
    imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode },
  };
}

/** Options of `createDingTalkCards`. */
export interface DingTalkCardOptions {
  /** DINGTALK_API_URL, without a trailing slash. */
  apiUrl: string;
  /** DINGTALK_APP_KEY (also the robot code cards are delivered by). */
  appKey: string;
  appSecret: string;
  /** DINGTALK_CARD_TEMPLATE_ID. */
  templateId: string;
  /** DINGTALK_CARD_CONTENT_KEY: the template's Markdown variable. */
  contentKey: string;
  log?: Logger;
  now?: () => number;
  fetch?: typeof fetch;
}

/** One answer's card. */
export interface DingTalkCard {
  /** The card's outTrackId (unique per answer). */
  id: string;
  /** Replaces the card's text with `content`; `finalize` ends the stream. True when DingTalk took it. */
  update(content: string, finalize: boolean): Promise<boolean>;
}

/** Creates cards; `create` resolves to undefined when the card could not be created and delivered. */
export interface DingTalkCards {
  create(space: DingTalkCardSpace): Promise<DingTalkCard | undefined>;
}

/** A token is renewed this long before DingTalk says it expires. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export function createDingTalkCards(options: DingTalkCardOptions): DingTalkCards {
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const apiUrl = options.apiUrl.replace(/\/+$/, "");
  let token: { value: string; expires: number } | undefined;

  /** Sends JSON; resolves to the parsed answer, or undefined (logged) on failure. */
  async function call(
    method: "POST" | "PUT",
    path: string,
    body: unknown,
    accessToken?: string,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const res = await doFetch(`${apiUrl}${path}`, {
        method,
        headers: {
          "content-type": "application/json; charset=utf-8",
          ...(accessToken === undefined ? {} : { "x-acs-dingtalk-access-token": accessToken }),
        },
        body: JSON.stringify(body),
        redirect: "error",
        signal: AbortSignal.timeout(30_000),
      });
      const data = (await res.json().catch(() => ({}))) as unknown;
      const obj = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
      if (!res.ok || obj.success === false) {
        log.warn("DingTalk refused a card call", {
          path,
          status: res.status,
          code: typeof obj.code === "string" ? obj.code.slice(0, 100) : undefined,
          message: typeof obj.message === "string" ? obj.message.slice(0, 200) : undefined,
        });
        return undefined;
      }
      return obj;
    } catch (err) {
      log.warn("a DingTalk card call failed", { path, err });
      return undefined;
    }
  }

  async function accessToken(): Promise<string | undefined> {
    if (token !== undefined && token.expires > now()) return token.value;
    const data = await call("POST", "/v1.0/oauth2/accessToken", {
      appKey: options.appKey,
      appSecret: options.appSecret,
    });
    const value = data?.accessToken;
    if (typeof value !== "string" || value === "") return undefined;
    const seconds = Number(data?.expireIn);
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 7200 * 1000;
    token = { value, expires: now() + Math.max(0, lifetime - TOKEN_MARGIN_MS) };
    return value;
  }

  async function create(space: DingTalkCardSpace): Promise<DingTalkCard | undefined> {
    const first = await accessToken();
    if (first === undefined) return undefined;
    const id = `policybot-${randomUUID()}`;
    const created = await call(
      "POST",
      "/v1.0/card/instances/createAndDeliver",
      {
        cardTemplateId: options.templateId,
        outTrackId: id,
        cardData: { cardParamMap: { [options.contentKey]: "" } },
        callbackType: "STREAM",
        ...dingTalkCardSpaceFields(space, options.appKey),
      },
      first,
    );
    if (created === undefined) return undefined;
    const result = created.result as { deliverResults?: { success?: unknown }[] } | undefined;
    if (Array.isArray(result?.deliverResults) && result.deliverResults.some((r) => r?.success === false)) {
      log.warn("DingTalk created a card but could not deliver it", { outTrackId: id });
      return undefined;
    }
    return {
      id,
      async update(content, finalize) {
        const t = await accessToken();
        if (t === undefined) return false;
        const done = await call(
          "PUT",
          "/v1.0/card/streaming",
          {
            outTrackId: id,
            guid: randomUUID(),
            key: options.contentKey,
            content,
            isFull: true,
            isFinalize: finalize,
            isError: false,
          },
          t,
        );
        return done !== undefined;
      },
    };
  }

  return { create };
}
