/**
 * The host names the service answers to (ALLOWED_HOSTS), checked on every request and websocket
 * upgrade: a page on another site that makes its own name resolve to this machine (DNS rebinding)
 * sends its own name as `Host`, and is refused (421) instead of reading an instance without a token.
 *
 * Entries are host names or addresses, without port ("policy.example.com", "10.0.0.5", "::1");
 * one starting with a dot (".example.com") also admits every subdomain; "*" admits any host.
 * Default: localhost and the loopback addresses — and any host when the service listens on a
 * public address and requires an API token (then the token is the protection).
 */
import type http from "node:http";
import type { Duplex } from "node:stream";

/** Allowed host names (lower case, no port), or "any". */
export type AllowedHosts = "any" | readonly string[];

/** The names of this machine itself, always meant when no ALLOWED_HOSTS is set. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "::1"];

/** True for a listening address reachable only from this machine ("127.0.0.1", "::1", "localhost"). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The default: loopback names, or any host for a public listener with a token. */
export function defaultAllowedHosts(listenHost: string, hasApiToken: boolean): AllowedHosts {
  return hasApiToken && !isLoopback(listenHost) ? "any" : LOOPBACK_HOSTS;
}

/** Parses ALLOWED_HOSTS (comma-separated); returns the hosts, or a problem to report. */
export function parseAllowedHosts(raw: string): { hosts: AllowedHosts } | { problem: string } {
  const entries = raw
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== "");
  if (entries.includes("*")) return { hosts: "any" };
  const bad = entries.find((e) => !/^\.?[a-z0-9._:-]{1,253}$/.test(e.replace(/^\[|\]$/g, "")));
  if (bad !== undefined || entries.length === 0) {
    return {
      problem:
        `ALLOWED_HOSTS is "${raw.slice(0, 200)}"; list host names without scheme or port, comma-separated ` +
        '(e.g. "policy.example.com,localhost", ".example.com" for every subdomain, "*" for any host).',
    };
  }
  return { hosts: entries.map((e) => e.replace(/^\[|\]$/g, "")) };
}

/** The host name of a `Host` header: lower case, without port, brackets or a trailing dot. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const h = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (bracketed) return bracketed[1];
  const named = /^([a-z0-9._-]{1,253})(?::\d{1,5})?$/.exec(h);
  return named ? named[1]!.replace(/\.$/, "") : undefined;
}

/** True when a request with this `Host` header may be answered. */
export function isHostAllowed(header: string | undefined, allowed: AllowedHosts): boolean {
  if (allowed === "any") return true;
  const name = hostNameOf(header);
  if (name === undefined) return false;
  return allowed.some((entry) =>
    entry.startsWith(".") ? name.endsWith(entry) || name === entry.slice(1) : name === entry,
  );
}

/** The message of a refused host. */
export function hostRefusal(header: string | undefined): string {
  const shown = (header ?? "").replace(/[^\x21-\x7e]/g, "?").slice(0, 100);
  return header === undefined
    ? "The request has no Host header; send the host name you reach this service by."
    : `This service does not answer to the host "${shown}". If you reach it by that name (e.g. behind ` +
        "a reverse proxy), add the name to ALLOWED_HOSTS (comma-separated) and restart.";
}

/**
 * Refuses websocket upgrades (and any other `upgrade`) for hosts not allowed, before any
 * upgrade listener — attached later, e.g. the web chat's websocket server — sees them.
 */
export function guardUpgrades(server: http.Server, allowed: AllowedHosts): void {
  if (allowed === "any") return;
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== "upgrade") return emit(event, ...args);
    const req = args[0] as http.IncomingMessage;
    if (isHostAllowed(req.headers.host, allowed)) return emit(event, ...args);
    const socket = args[1] as Duplex;
    const body = JSON.stringify({
      error: { code: "host_not_allowed", message: hostRefusal(req.headers.host) },
    });
    socket.end(
      "HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n" +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.once("finish", () => socket.destroy());
    return true;
  }) as typeof server.emit;
}
