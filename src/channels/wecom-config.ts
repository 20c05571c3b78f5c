/**
 * The WeCom (企业微信) channel's settings, read from the environment (pure: no I/O).
 *
 * The channel is on only when all five keys of a self-built application are set — the corp id
 * (WECOM_CORP_ID), the application's AgentId (WECOM_AGENT_ID) and Secret (WECOM_SECRET), and the
 * callback's Token (WECOM_TOKEN) and EncodingAESKey (WECOM_ENCODING_AES_KEY). None set: off, no
 * problem. Some but not all set: a problem naming the missing ones (never a half-verified channel).
 * WECOM_API_URL (default https://qyapi.weixin.qq.com) is the message API's base URL.
 */
import { isHttpUrl } from "../http-url.js";

/** The public WeCom server API. */
export const DEFAULT_WECOM_API_URL = "https://qyapi.weixin.qq.com";

/** The settings of the WeCom channel (all required but the API URL, which has a default). */
export interface WeComConfig {
  /** WECOM_CORP_ID: the enterprise's CorpID (ww…); the receive id every callback must carry. */
  corpId: string;
  /** WECOM_AGENT_ID: the self-built application's AgentId (an integer). */
  agentId: string;
  /** WECOM_SECRET: the application's Secret (for access tokens). */
  secret: string;
  /** WECOM_TOKEN: the callback Token (signs `msg_signature`). */
  token: string;
  /** WECOM_ENCODING_AES_KEY: the callback EncodingAESKey (43 characters, base64 of a 32-byte key). */
  encodingAesKey: string;
  /** WECOM_API_URL: the server API base URL, without a trailing slash; default https://qyapi.weixin.qq.com. */
  apiUrl: string;
}

/** The environment variables of the channel, in the order they are reported. */
export const WECOM_KEYS = [
  "WECOM_CORP_ID",
  "WECOM_AGENT_ID",
  "WECOM_SECRET",
  "WECOM_TOKEN",
  "WECOM_ENCODING_AES_KEY",
] as const;

/** True when `key` is a valid EncodingAESKey: 43 base64 characters that decode to 32 bytes. */
export function isEncodingAesKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(key) && Buffer.from(`${key}=`, "base64").length === 32;
}

/**
 * Reads the WeCom settings from `env`: `config` when the channel is on (all five keys set and
 * valid), `problems` (sentences a person can act on) when the settings are partial or invalid.
 * Empty or blank values count as unset.
 */
export function loadWeComConfig(env: Record<string, string | undefined>): {
  config?: WeComConfig;
  problems: string[];
} {
  const get = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const problems: string[] = [];
  const rawApiUrl = get("WECOM_API_URL");
  let apiUrl = DEFAULT_WECOM_API_URL;
  if (rawApiUrl !== undefined) {
    if (isHttpUrl(rawApiUrl)) apiUrl = rawApiUrl.replace(/\/+$/, "");
    else
      problems.push(`WECOM_API_URL is "${rawApiUrl}"; use an http(s) URL such as ${DEFAULT_WECOM_API_URL}.`);
  }
  const values = WECOM_KEYS.map((k) => get(k));
  const missing = WECOM_KEYS.filter((_, i) => values[i] === undefined);
  if (missing.length === WECOM_KEYS.length) return { problems };
  if (missing.length > 0) {
    const set = WECOM_KEYS.filter((_, i) => values[i] !== undefined);
    problems.push(
      `${set.join(", ")} ${set.length === 1 ? "is" : "are"} set but ${missing.join(", ")} ${
        missing.length === 1 ? "is" : "are"
      } not; the WeCom channel needs all five (WeCom admin console → 应用管理 → the app: AgentId and Secret; ` +
        "接收消息 → 设置API接收: Token and EncodingAESKey; 我的企业: 企业ID) — or leave every WECOM_ key empty.",
    );
    return { problems };
  }
  const [corpId, agentId, secret, token, encodingAesKey] = values as string[];
  if (!/^\d{1,10}$/.test(agentId!)) {
    problems.push(`WECOM_AGENT_ID is "${agentId}"; use the application's AgentId, a number such as 1000002.`);
  }
  if (!isEncodingAesKey(encodingAesKey!)) {
    problems.push(
      "WECOM_ENCODING_AES_KEY must be the 43 characters WeCom shows (接收消息 → 设置API接收 → EncodingAESKey).",
    );
  }
  if (problems.length > 0) return { problems };
  return {
    config: {
      corpId: corpId!,
      agentId: agentId!,
      secret: secret!,
      token: token!,
      encodingAesKey: encodingAesKey!,
      apiUrl,
    },
    problems,
  };
}
