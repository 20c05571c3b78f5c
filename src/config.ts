/**
 * Settings of `npm start`, read from the environment (after `dotenv` has loaded `.env`).
 * `loadConfig` is pure: it reads only the object it is given, so tests pass their own.
 * An empty value counts as unset, so a copy of `.env.example` starts with every default.
 */

import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { type DingTalkConfig, loadDingTalkConfig } from "./channels/dingtalk-config.js";
import { type FeishuConfig, loadFeishuConfig } from "./channels/feishu-config.js";
import { loadWeComConfig, type WeComConfig } from "./channels/wecom-config.js";
import { isHttpUrl } from "./http-url.js";
import { type AllowedHosts, defaultAllowedHosts, parseAllowedHosts } from "./service/hosts.js";
import { type LogLevel, parseLogLevel } from "./service/logger.js";

/** The validated settings. */
export interface Config {
  /** Interface to listen on; default "0.0.0.0". */
  host: string;
  /** TCP port, 0–65535 (0 picks a free one); default 3000. */
  port: number;
  /** Folder of the policy documents; default "index-data/sources" (relative to the working directory). */
  sourcesDir: string;
  /** Folder of the persisted index; default "index-data/index". */
  indexDir: string;
  /** Lowest level logged; default "info". */
  logLevel: LogLevel;
  /** When set, `/api/ask` requires `Authorization: Bearer <token>`; at least 16 characters. */
  apiToken?: string;
  /**
   * ALLOWED_HOSTS: the host names requests may be sent to (service/hosts.ts); others get 421.
   * Default: localhost and the loopback addresses, or any host on a public address with API_TOKEN.
   */
  allowedHosts: AllowedHosts;
  /** MAX_CONNECTIONS_PER_ADDRESS: connections one client address may hold open; 0: no cap. Default 100. */
  maxConnectionsPerAddress: number;
  /** LLM mode settings (src/answer/llm/); an empty key means off. */
  openai: {
    apiKey?: string;
    baseUrl?: string;
    model?: string;
    embeddingModel?: string;
    /** OPENAI_TIMEOUT_MS: time budget of the model's part of one answer, retries included; default 6000. */
    timeoutMs: number;
    /** OPENAI_MAX_RETRIES: retries of a call that failed with 429 or 5xx (within the budget); default 2. */
    maxRetries: number;
    /** OPENAI_PRICE_PER_MTOK: "input,output" USD per million tokens, for the cost in the logs. */
    pricePerMTok?: string;
  };
  /** Questions per user per minute (POST /api/ask per client address; chat channels per user id); 0: off (default). */
  rateLimitPerMinute: number;
  /** The Slack channel; absent (off) unless its keys are set (see `SlackConfig`). */
  slack?: SlackConfig;
  /** The Microsoft Teams channel; absent (off) unless TEAMS_APP_ID and TEAMS_APP_PASSWORD are set. */
  teams?: TeamsConfig;
  /** The DingTalk channel; absent (off) unless DINGTALK_APP_KEY and DINGTALK_APP_SECRET are set. */
  dingtalk?: DingTalkConfig;
  /** The WeCom channel; absent (off) unless all five WECOM_ keys are set. */
  wecom?: WeComConfig;
  /** The Feishu channel; absent (off) unless all four FEISHU_ keys (encrypt key included) are set. */
  feishu?: FeishuConfig;
  /** REDIS_URL: conversation state and channel settings shared by several replicas; else a file. */
  redisUrl?: string;
  /** STATE_DIR: where the file-backed state and the feedback are kept; default "index-data/state". */
  stateDir: string;
  /** ADMIN_USERS: user ids (comma-separated, "U123" or "slack:U123") allowed to `/policy reload`. */
  adminUsers: string[];
  /** WATCH_SOURCES: rebuild the index when the sources folder changes; default true ("0" turns it off). */
  watchSources: boolean;
  /** The index build worker's budgets (src/index/build-in-worker.ts). */
  indexWorker: {
    /** INDEX_WORKER_MAX_MB: the worker's heap limit in MB; default 2048. */
    maxHeapMb: number;
    /** INDEX_FILE_TIMEOUT_MS: longest one file may take to read and structure; default 120000. */
    fileTimeoutMs: number;
    /** INDEX_BUILD_TIMEOUT_MS: longest a whole build may take; default 3600000 (1 h). */
    buildTimeoutMs: number;
  };
}

/**
 * Slack settings. The Events API route is on when `signingSecret` is set (never without it:
 * unsigned requests are not accepted); Socket Mode when `appToken` is set. Both need the bot token.
 */
export interface SlackConfig {
  /** SLACK_SIGNING_SECRET: verifies the Events API requests. */
  signingSecret?: string;
  /** SLACK_BOT_TOKEN (`xoxb-…`): posts the replies. */
  botToken: string;
  /** SLACK_APP_TOKEN (`xapp-…`): Socket Mode, for workspaces without a public URL. */
  appToken?: string;
  /** SLACK_API_URL: the Web API base URL; default https://slack.com/api/. */
  apiUrl: string;
}

/** Microsoft Teams settings (the Azure Bot resource's app registration). */
export interface TeamsConfig {
  /** TEAMS_APP_ID: the bot's Microsoft App ID; Bot Framework tokens must be issued for it. */
  appId: string;
  /** TEAMS_APP_PASSWORD: the app's client secret, for the access tokens of the replies. */
  appPassword: string;
  /** TEAMS_TENANT_ID: the tenant of a single-tenant bot; absent for a multi-tenant one. */
  tenantId?: string;
}

/** Thrown by `loadConfig` with every problem found, one per line. */
export class ConfigError extends Error {
  /** One message per invalid setting. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid settings (check .env or the environment):\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Environment variables as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/** Reads and validates the settings; throws `ConfigError` listing every invalid one. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const get = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  const port = integer(get("PORT"), "PORT", 3000, 0, 65535, "a TCP port", problems);
  const rateLimitPerMinute = integer(
    get("RATE_LIMIT_PER_MINUTE"),
    "RATE_LIMIT_PER_MINUTE",
    0,
    0,
    1_000_000,
    "questions per user per minute (0 turns the limit off)",
    problems,
  );

  const maxConnectionsPerAddress = integer(
    get("MAX_CONNECTIONS_PER_ADDRESS"),
    "MAX_CONNECTIONS_PER_ADDRESS",
    100,
    0,
    1_000_000,
    "connections one client address may hold open; 0 turns the cap off",
    problems,
  );
  const apiToken = get("API_TOKEN");
  const tokenProblem = apiTokenProblem(env.API_TOKEN);
  if (tokenProblem !== undefined) problems.push(tokenProblem);
  const host = get("HOST") ?? "0.0.0.0";
  const rawHosts = get("ALLOWED_HOSTS");
  let allowedHosts = defaultAllowedHosts(host, apiToken !== undefined);
  if (rawHosts !== undefined) {
    const parsed = parseAllowedHosts(rawHosts);
    if ("problem" in parsed) problems.push(parsed.problem);
    else allowedHosts = parsed.hosts;
  }

  const rawLevel = get("LOG_LEVEL");
  let logLevel: LogLevel = "info";
  if (rawLevel !== undefined) {
    const level = parseLogLevel(rawLevel);
    if (level === undefined) {
      problems.push(`LOG_LEVEL is "${rawLevel}"; use one of debug, info, warn, error, silent.`);
    } else {
      logLevel = level;
    }
  }

  const baseUrl = get("OPENAI_BASE_URL");
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    problems.push(`OPENAI_BASE_URL is "${baseUrl}"; use an http(s) URL such as https://api.openai.com/v1.`);
  }

  const openaiTimeoutMs = integer(
    get("OPENAI_TIMEOUT_MS"),
    "OPENAI_TIMEOUT_MS",
    6000,
    100,
    600_000,
    "milliseconds",
    problems,
  );
  const openaiRetries = integer(
    get("OPENAI_MAX_RETRIES"),
    "OPENAI_MAX_RETRIES",
    2,
    0,
    10,
    "retries",
    problems,
  );
  const price = get("OPENAI_PRICE_PER_MTOK");
  if (price !== undefined && !/^\d+(\.\d+)?\s*,\s*\d+(\.\d+)?$/.test(price)) {
    problems.push(
      `OPENAI_PRICE_PER_MTOK is "${price}"; use "input,output" USD per million tokens, e.g. 0.15,0.6.`,
    );
  }

  const slack = slackConfig(get, problems);
  const teams = teamsConfig(get, problems);
  const redisUrl = get("REDIS_URL");
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push(`REDIS_URL is "${redisUrl}"; use a redis:// URL such as redis://127.0.0.1:6379/0.`);
  }

  const dingtalk = loadDingTalkConfig(env);
  const wecom = loadWeComConfig(env);
  const feishu = loadFeishuConfig(env);
  problems.push(...dingtalk.problems, ...wecom.problems, ...feishu.problems);

  const watchSources = get("WATCH_SOURCES") ?? "1";
  if (!/^(0|1|true|false)$/i.test(watchSources)) {
    problems.push(`WATCH_SOURCES is "${watchSources}"; use 1 (watch the sources folder) or 0 (do not).`);
  }

  const indexWorker = {
    maxHeapMb: integer(get("INDEX_WORKER_MAX_MB"), "INDEX_WORKER_MAX_MB", 2048, 256, 65_536, "MB", problems),
    fileTimeoutMs: integer(
      get("INDEX_FILE_TIMEOUT_MS"),
      "INDEX_FILE_TIMEOUT_MS",
      120_000,
      1000,
      3_600_000,
      "milliseconds",
      problems,
    ),
    buildTimeoutMs: integer(
      get("INDEX_BUILD_TIMEOUT_MS"),
      "INDEX_BUILD_TIMEOUT_MS",
      3_600_000,
      10_000,
      86_400_000,
      "milliseconds",
      problems,
    ),
  };

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    host,
    port,
    sourcesDir: get("SOURCES_DIR") ?? "index-data/sources",
    indexDir: get("INDEX_DIR") ?? defaultIndexDir(get("SOURCES_DIR")),
    logLevel,
    ...optional("apiToken", apiToken),
    allowedHosts,
    maxConnectionsPerAddress,
    openai: {
      ...optional("apiKey", get("OPENAI_API_KEY")),
      ...optional("baseUrl", baseUrl),
      ...optional("model", get("OPENAI_MODEL")),
      ...optional("embeddingModel", get("OPENAI_EMBEDDING_MODEL")),
      timeoutMs: openaiTimeoutMs,
      maxRetries: openaiRetries,
      ...optional("pricePerMTok", price),
    },
    rateLimitPerMinute,
    ...(slack === undefined ? {} : { slack }),
    ...(teams === undefined ? {} : { teams }),
    ...(dingtalk.config === undefined ? {} : { dingtalk: dingtalk.config }),
    ...(wecom.config === undefined ? {} : { wecom: wecom.config }),
    ...(feishu.config === undefined ? {} : { feishu: feishu.config }),
    ...optional("redisUrl", redisUrl),
    stateDir: get("STATE_DIR") ?? "index-data/state",
    adminUsers: (get("ADMIN_USERS") ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u !== ""),
    watchSources: /^(1|true)$/i.test(watchSources),
    indexWorker,
  };
}

/** Shortest API_TOKEN accepted. */
export const MIN_API_TOKEN_CHARS = 16;

/**
 * Why API_TOKEN cannot be used, or undefined when it can (or is unset: ""). A value of only
 * blanks would otherwise read as unset and silently turn authentication off.
 */
function apiTokenProblem(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  const token = raw.trim();
  if (token === "") {
    return (
      "API_TOKEN is set but blank, which would turn authentication off; set a random token of at least " +
      `${MIN_API_TOKEN_CHARS} characters (e.g. from 'openssl rand -hex 24'), or remove the line to run without one.`
    );
  }
  if (token.length < MIN_API_TOKEN_CHARS) {
    return (
      `API_TOKEN has ${token.length} characters; use a random token of at least ${MIN_API_TOKEN_CHARS} ` +
      "(e.g. from 'openssl rand -hex 24'), which cannot be guessed."
    );
  }
  return undefined;
}

/** The Slack settings, or undefined when the channel is off; partial settings are problems. */
function slackConfig(get: (key: string) => string | undefined, problems: string[]): SlackConfig | undefined {
  const signingSecret = get("SLACK_SIGNING_SECRET");
  const botToken = get("SLACK_BOT_TOKEN");
  const appToken = get("SLACK_APP_TOKEN");
  const apiUrl = get("SLACK_API_URL");
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) {
    problems.push(`SLACK_API_URL is "${apiUrl}"; use an http(s) URL such as https://slack.com/api/.`);
  }
  if (signingSecret === undefined && botToken === undefined && appToken === undefined) return undefined;
  if (botToken === undefined) {
    problems.push(
      "SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not; set the bot token " +
        "(xoxb-…, Slack app settings → OAuth & Permissions) or leave every SLACK_ key empty.",
    );
    return undefined;
  }
  if (signingSecret === undefined && appToken === undefined) {
    problems.push(
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (Events API) nor SLACK_APP_TOKEN (Socket Mode) is; " +
        "set one (Slack app settings → Basic Information) or leave every SLACK_ key empty.",
    );
    return undefined;
  }
  return {
    botToken,
    apiUrl: apiUrl ?? "https://slack.com/api/",
    ...optional("signingSecret", signingSecret),
    ...optional("appToken", appToken),
  };
}

/** The Teams settings, or undefined when the channel is off; partial settings are problems. */
function teamsConfig(get: (key: string) => string | undefined, problems: string[]): TeamsConfig | undefined {
  const appId = get("TEAMS_APP_ID");
  const appPassword = get("TEAMS_APP_PASSWORD");
  const tenantId = get("TEAMS_TENANT_ID");
  if (appId === undefined && appPassword === undefined) {
    if (tenantId !== undefined) {
      problems.push(
        "TEAMS_TENANT_ID is set but TEAMS_APP_ID and TEAMS_APP_PASSWORD are not; set both (Azure Bot resource → " +
          "Configuration) or leave every TEAMS_ key empty.",
      );
    }
    return undefined;
  }
  if (appId === undefined || appPassword === undefined) {
    problems.push(
      `${appId === undefined ? "TEAMS_APP_PASSWORD" : "TEAMS_APP_ID"} is set but ${
        appId === undefined ? "TEAMS_APP_ID" : "TEAMS_APP_PASSWORD"
      } is not; the Teams channel needs both (Azure Bot resource → Configuration) — or leave every TEAMS_ key empty.`,
    );
    return undefined;
  }
  return { appId, appPassword, ...optional("tenantId", tenantId) };
}

function integer(
  raw: string | undefined,
  key: string,
  fallback: number,
  min: number,
  max: number,
  what: string,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${key} is "${raw}"; it must be a whole number from ${min} to ${max} (${what}).`);
    return fallback;
  }
  return Number(raw);
}

/** `{[key]: value}` when value is set, else `{}` — keeps absent settings absent under exactOptionalPropertyTypes. */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * The index folder of a sources folder: index-data/index for the default sources, and one folder
 * per other sources folder (index-data/index-<hash of its absolute path>), so that indexing
 * another folder never replaces the index of the default one.
 */
export function defaultIndexDir(sourcesDir: string | undefined): string {
  if (sourcesDir === undefined || resolve(sourcesDir) === resolve("index-data/sources"))
    return "index-data/index";
  return `index-data/index-${createHash("sha256").update(resolve(sourcesDir)).digest("hex").slice(0, 12)}`;
}
