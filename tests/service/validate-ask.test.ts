import { describe, expect, it } from "vitest";
import { MAX_CONVERSATION_CHARS, MAX_QUESTION_CHARS, validateAsk } from "../../src/service/validate-ask.js";

function message(body: unknown): string {
  const result = validateAsk(body);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.message;
}

describe("validateAsk", () => {
  it("accepts a question, trimmed, with an optional conversation", () => {
    expect(validateAsk({ question: "  第17项措施由谁牵头?\n" })).toEqual({
      ok: true,
      value: { question: "第17项措施由谁牵头?" },
    });
    expect(validateAsk({ question: "那第18项呢?", conversation: "abc" })).toEqual({
      ok: true,
      value: { question: "那第18项呢?", conversation: "api:abc" },
    });
  });

  it("ignores unknown fields and treats a null or blank conversation as absent", () => {
    expect(validateAsk({ question: "q", foo: 1, bar: { x: 1 } })).toEqual({
      ok: true,
      value: { question: "q" },
    });
    expect(validateAsk({ question: "q", conversation: null })).toEqual({
      ok: true,
      value: { question: "q" },
    });
    expect(validateAsk({ question: "q", conversation: "  " })).toEqual({
      ok: true,
      value: { question: "q" },
    });
  });

  it("requires a JSON object", () => {
    expect(message([])).toMatch(/JSON object.*an array/);
    expect(message(null)).toMatch(/JSON object.*null/);
    expect(message("q")).toMatch(/JSON object.*a string/);
    expect(message(3)).toMatch(/a number/);
    expect(message(undefined)).toMatch(/JSON object/);
  });

  it("names the field and what is expected", () => {
    expect(message({})).toMatch(/"question" is missing/);
    expect(message({ question: 1 })).toMatch(/"question" must be a string, not a number/);
    expect(message({ question: ["q"] })).toMatch(/"question" must be a string, not an array/);
    expect(message({ question: null })).toMatch(/"question" must be a string, not null/);
    expect(message({ question: "" })).toMatch(/"question" is empty/);
    expect(message({ question: " \t\n　" })).toMatch(/"question" is empty/);
    expect(message({ question: "q", conversation: 1 })).toMatch(/"conversation" must be a string/);
    expect(message({ question: "q", conversation: {} })).toMatch(/not an object/);
  });

  it("limits the question to 2,000 characters, counting code points", () => {
    expect(MAX_QUESTION_CHARS).toBe(2000);
    expect(validateAsk({ question: "问".repeat(2000) }).ok).toBe(true);
    expect(message({ question: "问".repeat(2001) })).toMatch(
      /"question" has 2001 characters; the limit is 2000/,
    );
    // 2,000 astral characters are 4,000 UTF-16 units but 2,000 characters
    expect(validateAsk({ question: "𠀀".repeat(2000) }).ok).toBe(true);
    expect(validateAsk({ question: "𠀀".repeat(2001) }).ok).toBe(false);
    // surrounding whitespace does not count
    expect(validateAsk({ question: ` ${"q".repeat(2000)} ` }).ok).toBe(true);
  });

  it("limits the conversation to 200 characters", () => {
    expect(MAX_CONVERSATION_CHARS).toBe(200);
    expect(validateAsk({ question: "q", conversation: "c".repeat(200) }).ok).toBe(true);
    expect(message({ question: "q", conversation: "c".repeat(201) })).toMatch(
      /"conversation" has 201 characters; the limit is 200/,
    );
  });
});
