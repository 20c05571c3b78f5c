import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { spawnService } from "../helpers/service-process.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("uses the defaults for an empty environment and for empty values", () => {
    const expected = {
      host: "0.0.0.0",
      port: 3000,
      sourcesDir: "index-data/sources",
      indexDir: "index-data/index",
      logLevel: "info",
      openai: { timeoutMs: 6000, maxRetries: 2 },
      rateLimitPerMinute: 0,
      stateDir: "index-data/state",
      adminUsers: [],
      watchSources: true,
      allowedHosts: ["localhost", "127.0.0.1", "::1"],
      maxConnectionsPerAddress: 100,
      indexWorker: { maxHeapMb: 2048, fileTimeoutMs: 120_000, buildTimeoutMs: 3_600_000 },
    };
    expect(loadConfig({})).toEqual(expected);
    expect(loadConfig({ PORT: "", HOST: " ", API_TOKEN: "", LOG_LEVEL: "", OPENAI_API_KEY: "" })).toEqual(
      expected,
    );
  });

  it("reads every setting", () => {
    const config = loadConfig({
      HOST: "127.0.0.1",
      PORT: "8080",
      SOURCES_DIR: "/docs",
      INDEX_DIR: "/idx",
      LOG_LEVEL: "DEBUG",
      API_TOKEN: "tok-0123456789abcdef",
      ALLOWED_HOSTS: "policy.example.com, .corp.example",
      MAX_CONNECTIONS_PER_ADDRESS: "500",
      OPENAI_API_KEY: "k",
      OPENAI_BASE_URL: "http://localhost:11434/v1",
      OPENAI_MODEL: "m",
      OPENAI_EMBEDDING_MODEL: "e",
      OPENAI_TIMEOUT_MS: "2500",
      OPENAI_MAX_RETRIES: "1",
      OPENAI_PRICE_PER_MTOK: "0.15, 0.6",
      RATE_LIMIT_PER_MINUTE: "30",
      REDIS_URL: "redis://127.0.0.1:6379/0",
      STATE_DIR: "/state",
      ADMIN_USERS: "U123, slack:U456,,",
      WATCH_SOURCES: "0",
      INDEX_WORKER_MAX_MB: "512",
      INDEX_FILE_TIMEOUT_MS: "5000",
      INDEX_BUILD_TIMEOUT_MS: "60000",
    });
    expect(config).toEqual({
      host: "127.0.0.1",
      port: 8080,
      sourcesDir: "/docs",
      indexDir: "/idx",
      logLevel: "debug",
      apiToken: "tok-0123456789abcdef",
      allowedHosts: ["policy.example.com", ".corp.example"],
      maxConnectionsPerAddress: 500,
      openai: {
        apiKey: "k",
        baseUrl: "http://localhost:11434/v1",
        model: "m",
        embeddingModel: "e",
        timeoutMs: 2500,
        maxRetries: 1,
        pricePerMTok: "0.15, 0.6",
      },
      rateLimitPerMinute: 30,
      redisUrl: "redis://127.0.0.1:6379/0",
      stateDir: "/state",
      adminUsers: ["U123", "slack:U456"],
      watchSources: false,
      indexWorker: { maxHeapMb: 512, fileTimeoutMs: 5000, buildTimeoutMs: 60_000 },
    });
  });

  it("refuses LLM timeouts, retries and prices that are not numbers", () => {
    expect(problems({ OPENAI_TIMEOUT_MS: "soon" })[0]).toMatch(/OPENAI_TIMEOUT_MS/);
    expect(problems({ OPENAI_MAX_RETRIES: "99" })[0]).toMatch(/OPENAI_MAX_RETRIES/);
    expect(problems({ OPENAI_PRICE_PER_MTOK: "cheap" })[0]).toMatch(/OPENAI_PRICE_PER_MTOK/);
  });

  it("refuses a WATCH_SOURCES that is not 0 or 1", () => {
    expect(problems({ WATCH_SOURCES: "sometimes" })[0]).toMatch(/WATCH_SOURCES is "sometimes"/);
  });

  it("refuses index worker budgets that are not whole numbers in range", () => {
    expect(problems({ INDEX_WORKER_MAX_MB: "lots" })[0]).toMatch(/INDEX_WORKER_MAX_MB is "lots"/);
    expect(problems({ INDEX_FILE_TIMEOUT_MS: "10" })[0]).toMatch(/INDEX_FILE_TIMEOUT_MS is "10"/);
  });

  it("refuses a REDIS_URL that is not a redis:// URL", () => {
    expect(problems({ REDIS_URL: "localhost:6379" })[0]).toMatch(/REDIS_URL/);
  });

  it("accepts port 0 and 65535", () => {
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "65535" }).port).toBe(65535);
  });

  it("refuses a PORT that is not an integer from 0 to 65535, saying so", () => {
    for (const port of ["abc", "65536", "-1", "3.5", "80x", "1e3"]) {
      const [problem] = problems({ PORT: port });
      expect(problem).toBe(`PORT is "${port}"; it must be a whole number from 0 to 65535 (a TCP port).`);
    }
  });

  it("lists every invalid setting at once", () => {
    const found = problems({
      PORT: "x",
      LOG_LEVEL: "loud",
      RATE_LIMIT_PER_MINUTE: "-5",
      OPENAI_BASE_URL: "ftp://x",
    });
    expect(found).toHaveLength(4);
    expect(found.join("\n")).toMatch(
      /PORT[\s\S]*RATE_LIMIT_PER_MINUTE[\s\S]*LOG_LEVEL[\s\S]*OPENAI_BASE_URL/,
    );
    expect(() => loadConfig({ PORT: "x" })).toThrow(/Invalid settings[\s\S]*- PORT/);
  });
});

describe("API_TOKEN and ALLOWED_HOSTS (issue 14, finding 10)", () => {
  it("refuses a blank or short API_TOKEN instead of turning authentication off", () => {
    expect(problems({ API_TOKEN: "   " })[0]).toMatch(/API_TOKEN is set but blank/);
    expect(problems({ API_TOKEN: "a" })[0]).toMatch(
      /API_TOKEN has 1 characters; use a random token of at least 16/,
    );
    expect(problems({ API_TOKEN: "0123456789abcde" })[0]).toMatch(/at least 16/);
    expect(loadConfig({ API_TOKEN: " 0123456789abcdef " }).apiToken).toBe("0123456789abcdef");
    expect(loadConfig({ API_TOKEN: "" }).apiToken).toBeUndefined();
  });

  it("answers only loopback names by default, and any host on a public address with a token", () => {
    const token = "0123456789abcdef";
    expect(loadConfig({}).allowedHosts).toEqual(["localhost", "127.0.0.1", "::1"]);
    expect(loadConfig({ HOST: "0.0.0.0", API_TOKEN: token }).allowedHosts).toBe("any");
    expect(loadConfig({ HOST: "127.0.0.1", API_TOKEN: token }).allowedHosts).toEqual([
      "localhost",
      "127.0.0.1",
      "::1",
    ]);
    expect(loadConfig({ ALLOWED_HOSTS: "*" }).allowedHosts).toBe("any");
    expect(
      loadConfig({ HOST: "0.0.0.0", API_TOKEN: token, ALLOWED_HOSTS: "Bot.Example.com" }).allowedHosts,
    ).toEqual(["bot.example.com"]);
    expect(problems({ ALLOWED_HOSTS: "https://bot.example.com/" })[0]).toMatch(
      /ALLOWED_HOSTS .*without scheme or port/,
    );
    expect(problems({ MAX_CONNECTIONS_PER_ADDRESS: "many" })[0]).toMatch(/MAX_CONNECTIONS_PER_ADDRESS/);
  });

  it("stops the start with a clear message when API_TOKEN is blank", async () => {
    for (const token of ["   "]) {
      const { child, output } = spawnService({ API_TOKEN: token });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code, output()).toBe(1);
      expect(output()).toContain("API_TOKEN");
      expect(output()).not.toContain("listening");
    }
  }, 60_000);
});
