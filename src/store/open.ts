import type { Logger } from "../logger.js";
import { PgStore } from "./postgres.js";
import { openDatabase, SqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export interface StoreSettings {
  DATA_DIR: string;
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_MAX: number;
}

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file in DATA_DIR. */
export async function openStore(settings: StoreSettings, logger?: Logger): Promise<Store> {
  if (settings.DATABASE_URL)
    return PgStore.open({ connectionString: settings.DATABASE_URL, poolMax: settings.DATABASE_POOL_MAX, ...(logger ? { logger } : {}) });
  return new SqliteStore(openDatabase(settings.DATA_DIR));
}
