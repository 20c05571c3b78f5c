/**
 * Coded errors for the HTTP service, normalised in one place (compare Bolt's `asCodedError`).
 *
 * Route code throws `HttpError(status, code, message)`; everything else that escapes a handler —
 * a TypeError from the engine, a body-parser error from a plugin, a string — goes through
 * `toErrorResponse`, which never leaks a stack trace or an internal message to the client.
 */

/** The `code` values the service itself produces. Channels may add their own. */
export type ErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "unsupported_media_type"
  | "payload_too_large"
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "not_ready"
  | "rate_limited"
  | "internal_error";

/** The body of every error response: `{"error": {"code": "…", "message": "…"}}`. */
export interface ErrorBody {
  error: {
    /** Stable, machine-readable snake_case code, e.g. "payload_too_large". */
    code: string;
    /** One or two sentences a person can act on: what was wrong and what to send instead. */
    message: string;
  };
}

/** An error response ready to send. */
export interface ErrorResponse {
  /** HTTP status, 400–599. */
  status: number;
  body: ErrorBody;
  /** Extra response headers, e.g. `Allow` for 405 or `WWW-Authenticate` for 401. */
  headers: Record<string, string>;
}

/** An error meant for the client: its status, code and message are sent as they are. */
export class HttpError extends Error {
  /** HTTP status, 400–599. */
  readonly status: number;
  /** Machine-readable code placed in the error body. */
  readonly code: string;
  /** Extra response headers. */
  readonly headers: Record<string, string>;

  /**
   * @param status HTTP status (400–599; anything else becomes 500)
   * @param code snake_case code for the error body, e.g. "invalid_request"
   * @param message what went wrong and how to fix it, addressed to the person sending the request
   * @param options extra response headers; the underlying cause (logged, never sent)
   */
  constructor(
    status: number,
    code: ErrorCode | (string & {}),
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HttpError";
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
    this.code = code;
    this.headers = options.headers ?? {};
  }
}

/** Builds an error body. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

const INTERNAL_MESSAGE =
  "Something went wrong on the server while handling this request. Try again; if it keeps failing, " +
  "report it to the operator with the time of the request.";

/** Codes used for client errors that carry a status but no code of their own (e.g. from Express). */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "not_ready",
};

/**
 * Turns anything thrown into an error response.
 *
 * - `HttpError` → its own status, code, message and headers.
 * - errors from Express's body readers (`type: "entity.too.large"`, `"entity.parse.failed"`, …) and
 *   other `http-errors` style client errors (`status` 4xx with `expose: true`) → the matching code
 *   and a generic message for that status (their own messages may describe internals).
 * - anything else → 500 `internal_error` with a generic message; log the original yourself.
 */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) {
    return { status: err.status, body: errorBody(err.code, err.message), headers: { ...err.headers } };
  }
  if (typeof err === "object" && err !== null) {
    const e = err as { type?: unknown; status?: unknown; statusCode?: unknown; expose?: unknown };
    if (e.type === "entity.too.large") {
      return plain(413, "payload_too_large", "The request body is too large. Send a smaller body.");
    }
    if (e.type === "entity.parse.failed") {
      return plain(400, "invalid_json", "The request body is not valid JSON.");
    }
    if (e.type === "charset.unsupported" || e.type === "encoding.unsupported") {
      return plain(415, "unsupported_media_type", "Send the body as UTF-8 without a content encoding.");
    }
    const status = typeof e.status === "number" ? e.status : e.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500 && e.expose === true) {
      const code = CODE_BY_STATUS[status] ?? "invalid_request";
      return plain(
        status,
        code,
        `The request was rejected (HTTP ${status}). Check the method, URL and body.`,
      );
    }
  }
  return plain(500, "internal_error", INTERNAL_MESSAGE);
}

function plain(status: number, code: string, message: string): ErrorResponse {
  return { status, body: errorBody(code, message), headers: {} };
}
