import { describe, expect, it } from "vitest";
import { errorBody, HttpError, toErrorResponse } from "../../src/service/errors.js";

describe("toErrorResponse", () => {
  it("keeps an HttpError's status, code, message and headers", () => {
    const err = new HttpError(405, "method_not_allowed", "Use POST.", { headers: { Allow: "POST" } });
    expect(toErrorResponse(err)).toEqual({
      status: 405,
      body: { error: { code: "method_not_allowed", message: "Use POST." } },
      headers: { Allow: "POST" },
    });
  });

  it("turns unknown errors into 500 internal_error without their message or stack", () => {
    for (const thrown of [
      new Error("db password is hunter2"),
      "a string",
      42,
      null,
      undefined,
      { message: "x" },
    ]) {
      const res = toErrorResponse(thrown);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe("internal_error");
      expect(res.body.error.message).not.toMatch(/hunter2|at |Error/);
      expect(res.body.error.message).toMatch(/try again/i);
    }
  });

  it("maps Express body-reader errors to their client codes", () => {
    expect(toErrorResponse({ type: "entity.too.large", status: 413 }).status).toBe(413);
    expect(toErrorResponse({ type: "entity.too.large" }).body.error.code).toBe("payload_too_large");
    expect(toErrorResponse({ type: "entity.parse.failed", status: 400 }).body.error.code).toBe(
      "invalid_json",
    );
    expect(toErrorResponse({ type: "charset.unsupported" }).status).toBe(415);
  });

  it("keeps exposed 4xx statuses but not their (possibly internal) messages", () => {
    const res = toErrorResponse({ status: 404, expose: true, message: "ENOENT /srv/secret" });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect(res.body.error.message).not.toMatch(/secret/);
    // not exposed, or 5xx: internal
    expect(toErrorResponse({ status: 404 }).status).toBe(500);
    expect(toErrorResponse({ status: 502, expose: true }).status).toBe(500);
  });

  it("clamps an HttpError status outside 400–599 to 500", () => {
    expect(new HttpError(200, "x", "m").status).toBe(500);
    expect(new HttpError(418, "teapot", "m").status).toBe(418);
  });

  it("builds the error body shape", () => {
    expect(errorBody("not_found", "No.")).toEqual({ error: { code: "not_found", message: "No." } });
  });
});
