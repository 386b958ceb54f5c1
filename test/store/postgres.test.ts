import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PG_MIGRATIONS, PgStore } from "../../src/store/index.js";
import { describePg, freshDatabase } from "../helpers/postgres.js";
import { storeContract } from "./contract.js";

describePg("the PostgreSQL store: the Store contract", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const extra: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  const wipe = async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query("TRUNCATE settings, conversations, feedback, audit, reminders, reminder_digests, rate_limits");
    await c.end();
  };
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    for (const d of extra) await d.drop();
    await db?.drop();
  });
  storeContract({
    open: async () => PgStore.open({ connectionString: db.url, poolMax: 4 }),
    openEmpty: async () => {
      const d = await freshDatabase();
      extra.push(d);
      return PgStore.open({ connectionString: d.url, poolMax: 2 });
    },
    reopen: async () => PgStore.open({ connectionString: db.url, poolMax: 4 }),
    // Each test starts from empty tables (the contract's import test opens a second, empty store).
    cleanup: wipe,
  });
});

describePg("the PostgreSQL store: migrations", () => {
  it("four instances starting at once: the migrations run once, under the advisory lock", async () => {
    const db = await freshDatabase();
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => PgStore.open({ connectionString: db.url, poolMax: 2 })));
      expect(stores.map((s) => s.migrationsApplied).reduce((a, b) => a + b, 0)).toBe(PG_MIGRATIONS.length);
      const { rows } = await stores[0]!.pool.query("SELECT version, applied_by FROM schema_migrations ORDER BY version");
      expect(rows.map((r: { version: number }) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      expect(new Set(rows.map((r: { applied_by: string }) => r.applied_by)).size).toBe(1);
      for (const s of stores) await s.close();
      const later = await PgStore.open({ connectionString: db.url, poolMax: 2 });
      expect(later.migrationsApplied).toBe(0);
      await later.close();
    } finally {
      await db.drop();
    }
  });

  it("a database that cannot be reached fails the start-up after retrying, with the reason", async () => {
    await expect(PgStore.open({ connectionString: "postgres://nobody@127.0.0.1:1/none", connectRetries: 1 })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
