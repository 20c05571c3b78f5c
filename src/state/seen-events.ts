/**
 * Which deliveries were handled already: platforms retry an event they think unanswered, and may
 * deliver one message twice (Slack `message` + `app_mention`, a WeCom callback retried after 5 s,
 * DingTalk callback and stream both on). Each event or message id is claimed once; a replica that
 * claims an id another replica holds gets false. In memory for one process; on Redis (`SET NX PX`)
 * when several replicas share one `REDIS_URL`.
 */
import type { Redis } from "ioredis";

/** How long an id is remembered as handled: 1 hour (platforms retry within minutes). */
export const DEFAULT_SEEN_TTL_MS = 60 * 60 * 1000;

/** Remembers the ids of what was handled, so that a retried delivery is answered once. */
export interface SeenEvents {
  /** True the first time `id` is offered within the time to live (and records it); false after. */
  firstTime(id: string): Promise<boolean>;
}

/** Options of the `SeenEvents` stores. */
export interface SeenEventsOptions {
  /** How long an id is remembered, in ms; default 1 hour. */
  ttlMs?: number;
  /** Most ids kept in memory; the oldest go first beyond it. Default 10,000. */
  maxEntries?: number;
  /** Clock in ms; default `Date.now`. */
  now?: () => number;
}

/** The in-memory claim, synchronous: true the first time `id` is offered within the time to live. */
export function memoryClaims(options: SeenEventsOptions = {}): (id: string) => boolean {
  const ttlMs = options.ttlMs ?? DEFAULT_SEEN_TTL_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const expiry = new Map<string, number>(); // insertion order = age order
  return (id: string): boolean => {
    const t = now();
    for (const [key, expires] of expiry) {
      if (expires > t && expiry.size < maxEntries) break;
      expiry.delete(key);
    }
    const expires = expiry.get(id);
    if (expires !== undefined && expires > t) return false;
    expiry.delete(id);
    expiry.set(id, t + ttlMs);
    return true;
  };
}

/** An in-memory `SeenEvents` for one process. */
export function createSeenEvents(options: SeenEventsOptions = {}): SeenEvents {
  const claim = memoryClaims(options);
  return { firstTime: async (id) => claim(id) };
}

/** Options of `createRedisSeenEvents`. */
export interface RedisSeenEventsOptions extends SeenEventsOptions {
  /** Key prefix; default "policybot:seen:". */
  prefix?: string;
  /** Told when Redis fails and the claim falls back to this process's memory. */
  onError?: (err: unknown) => void;
}

/**
 * A `SeenEvents` shared by every replica on one Redis: `SET <prefix><id> 1 NX PX <ttl>` succeeds
 * for exactly one claimant. When Redis is unreachable the claim falls back to this process's memory
 * (a duplicate answer across replicas beats a lost one), and the memory always answers first for
 * ids this process has seen, so a local retry costs no round trip.
 */
export function createRedisSeenEvents(redis: Redis, options: RedisSeenEventsOptions = {}): SeenEvents {
  const ttlMs = options.ttlMs ?? DEFAULT_SEEN_TTL_MS;
  const prefix = options.prefix ?? "policybot:seen:";
  const local = memoryClaims(options);
  return {
    async firstTime(id: string): Promise<boolean> {
      if (!local(id)) return false;
      try {
        return (await redis.set(prefix + id, "1", "PX", ttlMs, "NX")) === "OK";
      } catch (err) {
        options.onError?.(err);
        return true;
      }
    },
  };
}

/** True when every id is offered for the first time; stops at the first already seen. */
export async function firstDelivery(
  seen: SeenEvents,
  ids: readonly (string | undefined)[],
): Promise<boolean> {
  for (const id of ids) if (id !== undefined && !(await seen.firstTime(id))) return false;
  return true;
}
