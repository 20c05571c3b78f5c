import { afterEach, describe, expect, it, vi } from "vitest";
import { TimeoutError, withTimeout } from "../../src/service/timeout.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("withTimeout", () => {
  it("passes a result or an error through when it comes in time", async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, "x")).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error("boom")), 1000, "x")).rejects.toThrow("boom");
  });

  it("gives up with a TimeoutError naming the call when it does not", async () => {
    vi.useFakeTimers();
    const never = new Promise<number>(() => {});
    const raced = withTimeout(never, 15_000, "verifying a Teams request");
    vi.advanceTimersByTime(15_000);
    await expect(raced).rejects.toThrow(new TimeoutError("verifying a Teams request", 15_000));
    await expect(raced).rejects.toThrow("verifying a Teams request took longer than 15000 ms");
  });
});
