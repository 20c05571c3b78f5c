import { describe, expect, it } from "vitest";
import { createLogger, type LoggerOptions, parseLogLevel } from "../../src/service/logger.js";
import { inRequest, withRequestId } from "../../src/service/request-context.js";

function capture(options: LoggerOptions) {
  const lines: string[] = [];
  const log = createLogger({
    ...options,
    write: (line) => lines.push(line),
    now: () => new Date("2025-01-02T03:04:05.000Z"),
  });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, records };
}

describe("createLogger (pino)", () => {
  it("writes one JSON object per line with time, level, msg and fields", () => {
    const { log, lines, records } = capture({ level: "info" });
    log.info("listening", { url: "http://localhost:3000" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(records()[0]).toEqual({
      time: "2025-01-02T03:04:05.000Z",
      level: "info",
      msg: "listening",
      url: "http://localhost:3000",
    });
  });

  it("drops lines below the level", () => {
    const { log, records } = capture({ level: "warn" });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(records().map((r) => r.msg)).toEqual(["w", "e"]);
    const silent = capture({ level: "silent" });
    silent.log.error("nothing");
    expect(silent.lines).toEqual([]);
  });

  it("serializes errors and adds child fields; reserved keys cannot be overwritten", () => {
    const { log, records } = capture({});
    log.child({ component: "http" }).error("failed", { err: new Error("boom"), level: "debug", msg: "x" });
    const record = records()[0]!;
    expect(record.level).toBe("error");
    expect(record.msg).toBe("failed");
    expect(record.component).toBe("http");
    expect(record.err).toMatchObject({ name: "Error", message: "boom" });
  });

  it("survives fields that cannot be serialized as they are (cycles, bigints)", () => {
    const { log, records } = capture({});
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    log.info("cyclic", { loop, n: 10n });
    expect(records()[0]).toMatchObject({ msg: "cyclic", n: "10" });
  });

  it("never writes values of fields named like secrets", () => {
    const { log, lines } = capture({ level: "debug" });
    log.info("config", { apiToken: "tok-123", nested: { appSecret: "sec-456", password: "pw-789" } });
    log.child({ authorization: "Bearer abc-000" }).debug("x");
    const all = lines.join("\n");
    for (const secret of ["tok-123", "sec-456", "pw-789", "abc-000"]) expect(all).not.toContain(secret);
    expect(all).toContain("[redacted]");
  });

  it("adds the current request id to every line written while a request is handled", async () => {
    const { log, records } = capture({});
    const child = log.child({ component: "chat" });
    await withRequestId("req-1", async () => {
      await Promise.resolve();
      child.info("inside");
    });
    child.info("outside");
    inRequest(() => child.info("fresh"));
    const [inside, outside, fresh] = records();
    expect(inside).toMatchObject({ requestId: "req-1", component: "chat" });
    expect(outside!.requestId).toBeUndefined();
    expect(fresh!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("parseLogLevel", () => {
  it("accepts the levels in any case and refuses others", () => {
    expect(parseLogLevel(" WARN ")).toBe("warn");
    expect(parseLogLevel("silent")).toBe("silent");
    expect(parseLogLevel("verbose")).toBeUndefined();
  });
});
