import { describe, expect, it } from "vitest";
import { createLogger, type LoggerOptions, parseLogLevel } from "../../src/service/logger.js";

function capture(options: LoggerOptions) {
  const lines: string[] = [];
  const log = createLogger({
    ...options,
    write: (line) => lines.push(line),
    now: () => new Date("2025-01-02T03:04:05.000Z"),
  });
  return { log, lines };
}

describe("createLogger", () => {
  it("writes one JSON object per line with time, level, msg and fields", () => {
    const { log, lines } = capture({ level: "info" });
    log.info("listening", { url: "http://localhost:3000" });
    expect(lines).toEqual([
      '{"time":"2025-01-02T03:04:05.000Z","level":"info","msg":"listening","url":"http://localhost:3000"}',
    ]);
  });

  it("drops lines below the level", () => {
    const { log, lines } = capture({ level: "warn" });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["w", "e"]);
    const silent = capture({ level: "silent" });
    silent.log.error("nothing");
    expect(silent.lines).toEqual([]);
  });

  it("serializes errors and adds child fields; reserved keys cannot be overwritten", () => {
    const { log, lines } = capture({});
    log.child({ component: "http" }).error("failed", { err: new Error("boom"), level: "debug" });
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record.level).toBe("error");
    expect(record.component).toBe("http");
    expect(record.err).toMatchObject({ name: "Error", message: "boom" });
  });

  it("survives fields that cannot be serialized", () => {
    const { log, lines } = capture({});
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    log.info("cyclic", { loop });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "cyclic", note: "fields could not be serialized" });
  });
});

describe("parseLogLevel", () => {
  it("accepts the levels in any case and refuses others", () => {
    expect(parseLogLevel(" WARN ")).toBe("warn");
    expect(parseLogLevel("silent")).toBe("silent");
    expect(parseLogLevel("verbose")).toBeUndefined();
  });
});
