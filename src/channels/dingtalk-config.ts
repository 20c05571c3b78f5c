/**
 * DingTalk settings from the environment (pure). The channel is on only when DINGTALK_APP_KEY and
 * DINGTALK_APP_SECRET are both set (empty values count as unset); one without the other, a bad
 * DINGTALK_API_URL or DINGTALK_STREAM value, or DINGTALK_STREAM without the keys is a problem.
 */

/** The public DingTalk API origin (the stream gateway lives below it). */
export const DEFAULT_DINGTALK_API_URL = "https://api.dingtalk.com";
/** The public origin of session webhooks (`https://oapi.dingtalk.com/robot/sendBySession?session=…`). */
export const DINGTALK_SESSION_WEBHOOK_ORIGIN = "https://oapi.dingtalk.com";

/** DingTalk settings. */
export interface DingTalkConfig {
  /** DINGTALK_APP_KEY: the robot application's AppKey (Client ID). */
  appKey: string;
  /** DINGTALK_APP_SECRET: the AppSecret (Client Secret); signs callbacks and opens the stream. */
  appSecret: string;
  /** DINGTALK_API_URL: the API base URL, without a trailing slash; default https://api.dingtalk.com. */
  apiUrl: string;
  /** DINGTALK_STREAM=1: receive messages over the stream (outbound websocket) instead of the callback route. */
  stream: boolean;
  /**
   * DINGTALK_CARD_TEMPLATE_ID: an AI card template (DingTalk card platform) to stream LLM-mode
   * answers into; absent → answers are sessionWebhook replies only.
   */
  cardTemplateId?: string;
  /** DINGTALK_CARD_CONTENT_KEY: the template's Markdown variable; set with the template id, default "content". */
  cardContentKey?: string;
}

/** The AI card template's Markdown variable unless DINGTALK_CARD_CONTENT_KEY names another. */
export const DEFAULT_DINGTALK_CARD_CONTENT_KEY = "content";

/** Reads the DingTalk settings; `config` is absent when the channel is off or the settings have problems. */
export function loadDingTalkConfig(env: Record<string, string | undefined>): {
  config?: DingTalkConfig;
  problems: string[];
} {
  const get = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const problems: string[] = [];
  const appKey = get("DINGTALK_APP_KEY");
  const appSecret = get("DINGTALK_APP_SECRET");
  const rawApiUrl = get("DINGTALK_API_URL");
  const rawStream = get("DINGTALK_STREAM");
  const cardTemplateId = get("DINGTALK_CARD_TEMPLATE_ID");
  const cardContentKey = get("DINGTALK_CARD_CONTENT_KEY") ?? DEFAULT_DINGTALK_CARD_CONTENT_KEY;

  let stream = false;
  if (rawStream !== undefined) {
    if (/^(1|true|yes|on)$/i.test(rawStream)) stream = true;
    else if (!/^(0|false|no|off)$/i.test(rawStream))
      problems.push(`DINGTALK_STREAM must be 1 or 0, not "${rawStream.slice(0, 40)}".`);
  }

  let apiUrl = DEFAULT_DINGTALK_API_URL;
  if (rawApiUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(rawApiUrl);
    } catch {
      url = undefined;
    }
    if (
      url === undefined ||
      (url.protocol !== "https:" && url.protocol !== "http:") ||
      url.username !== "" ||
      url.password !== ""
    ) {
      problems.push("DINGTALK_API_URL must be an http(s) URL such as https://api.dingtalk.com.");
    } else {
      apiUrl = url.href.replace(/\/+$/, "");
    }
  }

  if (cardTemplateId !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(cardTemplateId))
    problems.push("DINGTALK_CARD_TEMPLATE_ID must be a card template id such as 1a2b3c4d-….schema.");
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(cardContentKey))
    problems.push("DINGTALK_CARD_CONTENT_KEY must be a template variable name such as content.");

  if (appKey === undefined && appSecret === undefined) {
    if (cardTemplateId !== undefined)
      problems.push("DINGTALK_CARD_TEMPLATE_ID is set but DINGTALK_APP_KEY and DINGTALK_APP_SECRET are not.");
    if (stream) problems.push("DINGTALK_STREAM is set but DINGTALK_APP_KEY and DINGTALK_APP_SECRET are not.");
    return { problems };
  }
  if (appKey === undefined) problems.push("DINGTALK_APP_SECRET is set but DINGTALK_APP_KEY is not.");
  if (appSecret === undefined) problems.push("DINGTALK_APP_KEY is set but DINGTALK_APP_SECRET is not.");
  if (appKey === undefined || appSecret === undefined || problems.length > 0) return { problems };
  return {
    config: {
      appKey,
      appSecret,
      apiUrl,
      stream,
      ...(cardTemplateId === undefined ? {} : { cardTemplateId, cardContentKey }),
    },
    problems,
  };
}
