import { describe, expect, it } from "vitest";
import { bytesEqual, digestEquals, singleHeader, timestampSkew } from "../../src/service/request-checks.js";

describe("shared request checks", () => {
  it("reads one header whatever its casing, refusing repeated and empty ones", () => {
    expect(singleHeader({ "x-sign": "a" }, "x-sign")).toBe("a");
    expect(singleHeader({ "X-Sign": "b" }, "x-sign")).toBe("b");
    expect(singleHeader({ "x-sign": ["a", "b"] }, "x-sign")).toBeUndefined();
    expect(singleHeader({ "x-sign": "" }, "x-sign")).toBeUndefined();
  });

  it("places a timestamp in the window both ways", () => {
    expect(timestampSkew(0, 1000)).toBe("ok");
    expect(timestampSkew(-1001, 1000)).toBe("stale");
    expect(timestampSkew(1001, 1000)).toBe("future");
    expect(timestampSkew(Number.NaN, 1000)).toBe("invalid");
  });

  it("compares bytes and strings without throwing on different lengths", () => {
    expect(bytesEqual(Buffer.from("abc"), Buffer.from("abc"))).toBe(true);
    expect(bytesEqual(Buffer.from("abc"), Buffer.from("abcd"))).toBe(false);
    expect(digestEquals("token", "token")).toBe(true);
    expect(digestEquals("token", "token2")).toBe(false);
  });
});
