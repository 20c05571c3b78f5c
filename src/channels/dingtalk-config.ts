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
}

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

  if (appKey === undefined && appSecret === undefined) {
    if (stream) problems.push("DINGTALK_STREAM is set but DINGTALK_APP_KEY and DINGTALK_APP_SECRET are not.");
    return { problems };
  }
  if (appKey === undefined) problems.push("DINGTALK_APP_SECRET is set but DINGTALK_APP_KEY is not.");
  if (appSecret === undefined) problems.push("DINGTALK_APP_KEY is set but DINGTALK_APP_SECRET is not.");
  if (appKey === undefined || appSecret === undefined || problems.length > 0) return { problems };
  return { config: { appKey, appSecret, apiUrl, stream }, problems };
}
