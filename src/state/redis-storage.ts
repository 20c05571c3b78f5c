/**
 * A botbuilder `Storage` on Redis (ioredis), shared by several replicas. Each item is one JSON
 * string under "<prefix><key>"; a write with an eTag is checked and applied in one Lua script, so
 * optimistic concurrency holds across processes (botbuilder-storage-redis has none). Every key has
 * a time to live: until the item's own `expiresAt` (ms since the epoch), else 30 days from its
 * last write, so forgotten conversations leave Redis by themselves.
 */
import type { Storage, StoreItems } from "botbuilder";
import { Redis } from "ioredis";
import { DEFAULT_ITEM_TTL_MS, ETagConflictError, expiryOf, newETag } from "./file-storage.js";

/**
 * Sets KEYS[1] to ARGV[1], expiring in ARGV[3] ms, unless ARGV[2] is a specific eTag that differs
 * from the stored one.
 */
const CHECK_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[2] ~= '' and ARGV[2] ~= '*' and current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and stored['eTag'] ~= nil and stored['eTag'] ~= ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

export interface RedisStorageOptions {
  /** Prefix of every key; default "policybot:". */
  prefix?: string;
  /** Time to live of an item without its own `expiresAt`, from its last write; default 30 days. */
  defaultTtlMs?: number;
  /** Clock in ms (for `expiresAt`); default `Date.now`. */
  now?: () => number;
}

export class RedisStorage implements Storage {
  private readonly prefix: string;
  private readonly defaultTtlMs: number;
  private readonly now: () => number;

  constructor(
    /** The connection, shared with the replicas' handled-event claims (`createRedisSeenEvents`). */
    readonly redis: Redis,
    options: RedisStorageOptions = {},
  ) {
    this.prefix = options.prefix ?? "policybot:";
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_ITEM_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Connects to `url` (redis://host:port/db); commands fail fast while Redis is down, and no
   * connection attempt or command waits longer than its timeout (10 s to connect, 5 s a command).
   */
  static connect(url: string, options: RedisStorageOptions = {}): RedisStorage {
    return new RedisStorage(
      new Redis(url, {
        maxRetriesPerRequest: 2,
        enableOfflineQueue: true,
        connectTimeout: 10_000,
        commandTimeout: 5_000,
      }),
      options,
    );
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const values = await this.redis.mget(keys.map((k) => this.prefix + k));
    const out: StoreItems = {};
    keys.forEach((k, i) => {
      const v = values[i];
      if (v) out[k] = JSON.parse(v);
    });
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const value = JSON.stringify({ ...item, eTag: newETag() });
      const now = this.now();
      const ttlMs = Math.max(1, Math.round(expiryOf(item ?? {}, now, this.defaultTtlMs) - now));
      const ok = await this.redis.eval(CHECK_AND_SET, 1, this.prefix + key, value, item?.eTag ?? "", ttlMs);
      if (ok !== 1) throw new ETagConflictError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.redis.quit();
  }
}
