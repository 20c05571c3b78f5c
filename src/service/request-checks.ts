/**
 * The checks every platform's request verification shares: a single-valued header whatever its
 * casing, a timestamp window both ways, and a constant-time comparison of bytes.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Request headers as Node gives them (lower-case names); other casings are found too. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The value of a single-valued header, whatever the casing of its name; undefined when absent, empty or repeated. */
export function singleHeader(headers: RequestHeaders, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Where a request's time stands against the window: `skewMs` is the request's time minus the
 * server's. "invalid" when either is not a number; "stale" or "future" outside ±`windowMs`.
 */
export function timestampSkew(skewMs: number, windowMs: number): "ok" | "invalid" | "stale" | "future" {
  if (!Number.isFinite(skewMs)) return "invalid";
  if (skewMs < -windowMs) return "stale";
  if (skewMs > windowMs) return "future";
  return "ok";
}

/** Constant-time equality of two byte strings (a length check first, as timingSafeEqual needs). */
export function bytesEqual(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Constant-time equality of two strings, compared by their SHA-256 so that lengths leak nothing either. */
export function digestEquals(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}
