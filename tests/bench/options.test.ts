import { describe, expect, it } from "vitest";
import { parseOptions } from "../../bench/options.js";

const dirs = { root: "/repo", sharedDir: "/shared" };

describe("benchmark options", () => {
  it("defaults to the team's retrieval set over the corpus and the more-sources documents", () => {
    const o = parseOptions([], dirs, {});
    expect(o.retrievalSet).toBe("/repo/tests/fixtures/retrieval-set.jsonl");
    expect(o.retrievalSources).toBeNull();
    expect(o.dev).toBe("/shared/eval/dev.jsonl");
    expect(o.scale).toBe(10_000);
    expect(o.stateConversations).toBe(5000);
  });

  it("sizes or skips the conversation-state run", () => {
    expect(parseOptions(["--state-conversations", "200"], dirs, {}).stateConversations).toBe(200);
    expect(parseOptions(["--skip-state"], dirs, {}).stateConversations).toBeNull();
  });

  it("runs another labelled set over SOURCES_DIR", () => {
    const o = parseOptions(["--retrieval-set", "/sets/outside.jsonl", "--skip-scale", "--skip-load"], dirs, {
      SOURCES_DIR: "/their/docs",
    });
    expect(o.retrievalSet).toBe("/sets/outside.jsonl");
    expect(o.retrievalSources).toBe("/their/docs");
    expect(o.scale).toBeNull();
    expect(o.load).toBeNull();
  });

  it("refuses an unknown option and an option without its value", () => {
    expect(() => parseOptions(["--retreival-set", "x.jsonl"], dirs, {})).toThrow(
      /unknown option --retreival-set/,
    );
    expect(() => parseOptions(["--retrieval-set"], dirs, {})).toThrow(/--retrieval-set needs a value/);
    expect(() => parseOptions(["--scale", "0"], dirs, {})).toThrow(/whole number/);
  });
});
