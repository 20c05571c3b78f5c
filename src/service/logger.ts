/**
 * The leveled logger of the service: pino behind our own small `Logger` interface, one JSON object
 * per line:
 * `{"level":"info","time":"2025-01-01T00:00:00.000Z","requestId":"…","url":"http://…","msg":"listening"}`.
 *
 * Every line written while a request or chat message is handled carries its `requestId` (see
 * request-context.ts). Fields named like secrets (token, secret, password, authorization, cookie,
 * …) are replaced by "[redacted]" at any level; message bodies are logged at debug level only.
 */
import pino from "pino";
import { currentRequestId } from "./request-context.js";

/** Levels in increasing severity; "silent" logs nothing. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Extra structured fields of a log line. `Error` values are written as `{name, message, stack}`. */
export type LogFields = Record<string, unknown>;

/** A leveled logger. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{component: "http"}`). */
  child(fields: LogFields): Logger;
}

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Lowest level written; default "info". */
  level?: LogLevel;
  /** Where a finished line (without newline) goes; default: `process.stdout`, written synchronously. */
  write?: (line: string) => void;
  /** Clock, injectable for tests; default `() => new Date()`. */
  now?: () => Date;
  /** Fields added to every line. */
  base?: LogFields;
}

/** Returns the level named by `value` (case-insensitive), or undefined when it names none. */
export function parseLogLevel(value: string): LogLevel | undefined {
  const v = value.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : undefined;
}

/** Field names whose values are never written (at the top level and one level down). */
const SECRET_KEYS = [
  "token",
  "apiToken",
  "botToken",
  "appToken",
  "accessToken",
  "access_token",
  "secret",
  "appSecret",
  "signingSecret",
  "password",
  "appPassword",
  "authorization",
  "cookie",
  "encryptKey",
  "encodingAesKey",
  "verificationToken",
];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)];
const RESERVED = new Set(["time", "level", "msg", "requestId"]);

/** Creates a JSON-lines logger (pino). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const now = options.now ?? (() => new Date());
  const write = options.write;
  const destination = write
    ? { write: (chunk: string) => write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 1, sync: true });
  const root = pino(
    {
      level: options.level ?? "info",
      base: null,
      messageKey: "msg",
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // Errors are made plain objects by `clean`; pino's own `err` serializer would wrap them again.
      serializers: { err: (value: unknown) => value },
    },
    destination,
  );

  const wrap = (p: pino.Logger): Logger => ({
    debug: (msg, fields) => p.debug(clean(fields), msg),
    info: (msg, fields) => p.info(clean(fields), msg),
    warn: (msg, fields) => p.warn(clean(fields), msg),
    error: (msg, fields) => p.error(clean(fields), msg),
    child: (fields) => wrap(p.child(clean(fields))),
  });
  return wrap(options.base ? root.child(clean(options.base)) : root);
}

/** A logger that drops everything (the default where a logger is optional). */
export const silentLogger: Logger = createLogger({ level: "silent", write: () => {} });

/** The fields without the keys the logger writes itself, with errors made plain objects. */
function clean(fields: LogFields | undefined): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (!RESERVED.has(key)) out[key] = serialize(value);
  }
  return out;
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    const out: LogFields = { name: value.name, message: value.message, stack: value.stack };
    if (value.cause !== undefined) out.cause = serialize(value.cause);
    return out;
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}
