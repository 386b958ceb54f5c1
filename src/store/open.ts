import type { Logger } from "../logger.js";
import { CachedStore } from "./cached.js";
import { PgStore } from "./postgres.js";
import { openDatabase, SqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export interface StoreSettings {
  DATA_DIR: string;
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_MAX: number;
}

/**
 * How long an instance on PostgreSQL trusts a cached setting or conversation row: a change made on
 * another instance ("set authority oldham" answered by instance 2) is seen by this one within it.
 * Changes made on this instance are seen at once (the cache is written through).
 */
export const SHARED_CACHE_TTL_MS = 5_000;

/**
 * PostgreSQL when DATABASE_URL is set, else the embedded SQLite file in DATA_DIR; either way behind
 * the in-process caches and the audit batching of CachedStore. SQLite's cache never expires: one
 * process owns the file.
 */
export async function openStore(settings: StoreSettings, logger?: Logger): Promise<Store> {
  const log = logger ? { logger } : {};
  if (settings.DATABASE_URL)
    return new CachedStore(await PgStore.open({ connectionString: settings.DATABASE_URL, poolMax: settings.DATABASE_POOL_MAX, ...log }), { ttlMs: SHARED_CACHE_TTL_MS, ...log });
  return new CachedStore(new SqliteStore(openDatabase(settings.DATA_DIR)), { ttlMs: Number.POSITIVE_INFINITY, ...log });
}
