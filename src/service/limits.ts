/**
 * Limits of the HTTP server against slow and crowding clients: the time a request's headers and
 * body may take, and the connections one client address may hold open at once.
 *
 * - Headers must arrive within `headersTimeoutMs` (Node's `headersTimeout`).
 * - A body must arrive within `bodyTimeoutMs` of its headers (`watchBodyTime`): past that the
 *   client gets 408 and the connection is closed. Node's `requestTimeout` (headers + body) backs
 *   it up for anything the watch does not see.
 * - One address may hold `maxConnectionsPerAddress` connections (websockets included); a further
 *   one is answered 503 and closed at once. Behind a reverse proxy every connection comes from the
 *   proxy: raise the cap (MAX_CONNECTIONS_PER_ADDRESS) or turn it off (0).
 */
import type http from "node:http";
import type net from "node:net";
import type { Logger } from "./logger.js";

/** The limits; every field has a default (`DEFAULT_LIMITS`). */
export interface RequestLimits {
  /** Time from a request's headers to the end of its body; default 15 s. */
  bodyTimeoutMs: number;
  /** Time for a request's headers to arrive; default 10 s. */
  headersTimeoutMs: number;
  /** Connections one client address may hold open at once; 0: no cap. Default 100. */
  maxConnectionsPerAddress: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  bodyTimeoutMs: 15_000,
  headersTimeoutMs: 10_000,
  maxConnectionsPerAddress: 100,
};

/** The limits with the given fields replacing the defaults; throws RangeError on a bad value. */
export function requestLimits(given: Partial<RequestLimits> = {}): RequestLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    const min = name === "maxConnectionsPerAddress" ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`${name} must be a whole number of at least ${min}, got ${value}`);
    }
  }
  return limits;
}

/**
 * The options of `http.createServer` for these limits. Node checks its timeouts every
 * `connectionsCheckingInterval`, so that interval is kept well under the timeouts.
 */
export function serverTimeouts(limits: RequestLimits): http.ServerOptions {
  const headersTimeout = limits.headersTimeoutMs;
  return {
    headersTimeout,
    requestTimeout: headersTimeout + limits.bodyTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

/** Caps the connections per client address (see the file's comment); 0 leaves them uncapped. */
export function capConnections(server: http.Server, perAddress: number, log: Logger): void {
  if (perAddress === 0) return;
  const open = new Map<string, number>();
  server.on("connection", (socket: net.Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      log.warn("refused a connection: too many open from one address", { address, open: count - 1 });
      const body = JSON.stringify({
        error: {
          code: "too_many_connections",
          message: `This address already has ${perAddress} connections open; close some and retry.`,
        },
      });
      socket.end(
        "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n" +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.destroySoon();
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Gives a request's body `ms` to arrive; if it has not by then, answers 408 (when nothing was
 * answered yet) and closes the connection. Call when the request's headers are in.
 */
export function watchBodyTime(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ms: number,
  log: Logger,
): void {
  if (req.complete) return;
  const timer = setTimeout(() => {
    if (req.complete || req.socket.destroyed) return;
    log.warn("dropped a request whose body did not arrive in time", {
      method: req.method,
      path: (req.url ?? "/").split("?")[0]!.slice(0, 200),
      address: req.socket.remoteAddress,
      ms,
    });
    const socket = req.socket;
    if (res.headersSent || res.destroyed) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify({
      error: {
        code: "request_timeout",
        message: `The request body did not arrive within ${Math.round(ms / 1000)} s; send it in one go and retry.`,
      },
    });
    res.statusCode = 408;
    res.setHeader("Connection", "close");
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Length", Buffer.byteLength(body));
    res.end(body);
    // A client that stalls will not read either: do not wait for it.
    setTimeout(() => socket.destroy(), 1000).unref();
  }, ms);
  timer.unref();
  // Cleared once the response is over and the body was all read; else it also bounds the time
  // a client may go on sending after its answer (see `sendError`).
  res.once("close", () => {
    if (req.complete || req.socket.destroyed) clearTimeout(timer);
  });
}
