/**
 * A tiny leveled logger that writes one JSON object per line:
 * `{"time":"2025-01-01T00:00:00.000Z","level":"info","msg":"listening","url":"http://…"}`.
 */

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
  /** Where a finished line (without newline) goes; default: `process.stdout`, with a newline. */
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

/** Creates a JSON-lines logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? "info");
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const make = (base: LogFields): Logger => {
    const log = (level: Exclude<LogLevel, "silent">, msg: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const record: LogFields = { time: now().toISOString(), level, msg };
      for (const [key, value] of Object.entries({ ...base, ...fields })) {
        if (key !== "time" && key !== "level" && key !== "msg") record[key] = serialize(value);
      }
      let line: string;
      try {
        line = JSON.stringify(record);
      } catch {
        line = JSON.stringify({ time: record.time, level, msg, note: "fields could not be serialized" });
      }
      write(line);
    };
    return {
      debug: (msg, fields) => log("debug", msg, fields),
      info: (msg, fields) => log("info", msg, fields),
      warn: (msg, fields) => log("warn", msg, fields),
      error: (msg, fields) => log("error", msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** A logger that drops everything (the default where a logger is optional). */
export const silentLogger: Logger = createLogger({ level: "silent", write: () => {} });

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    const out: LogFields = { name: value.name, message: value.message, stack: value.stack };
    if (value.cause !== undefined) out.cause = serialize(value.cause);
    return out;
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}
