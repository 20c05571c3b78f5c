/**
 * The Feishu/Lark settings (pure): read from an environment map, never from `process.env` directly.
 *
 * The channel is ON only when FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN and
 * FEISHU_ENCRYPT_KEY are all set, and OFF when none of them is. Anything in between is a problem to
 * report at start-up — in particular the channel never starts without an encrypt key: without one
 * Feishu sends events unsigned and in clear text, and nothing could tell them from a forgery.
 */
import { isHttpUrl } from "../http-url.js";

/** The public Feishu open platform (use https://open.larksuite.com for Lark). */
export const DEFAULT_FEISHU_API_URL = "https://open.feishu.cn";

/** The Feishu channel's settings. */
export interface FeishuConfig {
  /** FEISHU_APP_ID (`cli_…`): the app's id (developer console → Credentials & Basic Info). */
  appId: string;
  /** FEISHU_APP_SECRET: fetches the tenant access token that posts the replies. */
  appSecret: string;
  /** FEISHU_VERIFICATION_TOKEN: must equal the `token` of every (decrypted) event. */
  verificationToken: string;
  /** FEISHU_ENCRYPT_KEY: signs (X-Lark-Signature) and encrypts every event. Required. */
  encryptKey: string;
  /** FEISHU_API_URL: the open platform's base URL; default https://open.feishu.cn. */
  apiUrl: string;
  /** FEISHU_LONG_CONNECTION=1: receive events over the SDK's WebSocket instead of the callback URL. */
  longConnection: boolean;
}

const KEYS = [
  "FEISHU_APP_ID",
  "FEISHU_APP_SECRET",
  "FEISHU_VERIFICATION_TOKEN",
  "FEISHU_ENCRYPT_KEY",
] as const;

/** Reads the Feishu settings: `config` when the channel is on, and the problems to report (empty when fine). */
export function loadFeishuConfig(env: Record<string, string | undefined>): {
  config?: FeishuConfig;
  problems: string[];
} {
  const get = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const problems: string[] = [];
  const apiUrl = get("FEISHU_API_URL");
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) {
    problems.push(`FEISHU_API_URL is "${apiUrl}"; use an http(s) URL such as ${DEFAULT_FEISHU_API_URL}.`);
  }
  const rawLong = get("FEISHU_LONG_CONNECTION");
  let longConnection = false;
  if (rawLong !== undefined) {
    if (/^(1|true|yes|on)$/i.test(rawLong)) longConnection = true;
    else if (!/^(0|false|no|off)$/i.test(rawLong)) {
      problems.push(`FEISHU_LONG_CONNECTION is "${rawLong}"; use 1 (long-connection mode) or 0.`);
    }
  }
  const values = KEYS.map((k) => get(k));
  const missing = KEYS.filter((_, i) => values[i] === undefined);
  if (missing.length === KEYS.length) {
    if (longConnection) {
      problems.push(
        "FEISHU_LONG_CONNECTION=1 but no FEISHU_ key is set; set FEISHU_APP_ID, FEISHU_APP_SECRET, " +
          "FEISHU_VERIFICATION_TOKEN and FEISHU_ENCRYPT_KEY, or turn the long connection off.",
      );
    }
    return { problems };
  }
  if (missing.includes("FEISHU_ENCRYPT_KEY")) {
    problems.push(
      "FEISHU_ENCRYPT_KEY is not set: the Feishu channel refuses to start without an encrypt key, since " +
        "unencrypted events carry no signature. Set one in the developer console (Events & Callbacks → " +
        "Encryption Strategy → Encrypt Key) and copy it here, or leave every FEISHU_ key empty.",
    );
  }
  const others = missing.filter((k) => k !== "FEISHU_ENCRYPT_KEY");
  if (others.length > 0) {
    problems.push(
      `${others.join(", ")} ${others.length === 1 ? "is" : "are"} not set while other FEISHU_ keys are; ` +
        "set all of FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN and FEISHU_ENCRYPT_KEY " +
        "(developer console → Credentials & Basic Info, Events & Callbacks → Encryption Strategy), or none.",
    );
  }
  if (problems.length > 0) return { problems };
  const [appId, appSecret, verificationToken, encryptKey] = values as string[];
  return {
    config: {
      appId: appId!,
      appSecret: appSecret!,
      verificationToken: verificationToken!,
      encryptKey: encryptKey!,
      apiUrl: (apiUrl ?? DEFAULT_FEISHU_API_URL).replace(/\/+$/, ""),
      longConnection,
    },
    problems,
  };
}
