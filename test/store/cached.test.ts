import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CachedStore, openDatabase, PgStore, SqliteStore, type AuditEntry, type Store } from "../../src/store/index.js";
import { describePg, freshDatabase } from "../helpers/postgres.js";
import { storeContract } from "./contract.js";

const entry = (i: number): AuditEntry => ({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), conversationHash: `h${i}`, authority: "luton", kind: "threshold", level: null, packVersion: "1" });
const sqlite = () => new SqliteStore(openDatabase(":memory:"));

describe("the caches in front of the SQLite store: the Store contract", () => {
  storeContract({ open: async () => new CachedStore(sqlite(), { ttlMs: Infinity }), openEmpty: async () => new CachedStore(sqlite(), { ttlMs: Infinity }) });
});

describe("the caches in front of a store", () => {
  const spied = (ttlMs = Infinity, clock?: () => number) => {
    const inner = sqlite();
    const calls = {
      getSettings: vi.spyOn(inner, "getSettings"),
      saveConversation: vi.spyOn(inner, "saveConversation"),
      getConversation: vi.spyOn(inner, "getConversation"),
      auditBatch: vi.spyOn(inner, "auditBatch"),
      audit: vi.spyOn(inner, "audit"),
    };
    return { inner, calls, store: new CachedStore(inner, { ttlMs, ...(clock ? { clock } : {}) }) as Store };
  };
  const reference = (activityId: string, serviceUrl = "https://smba.example/uk/") => ({ activityId, serviceUrl, channelId: "msteams", conversation: { id: "a:1" }, bot: { id: "28:b" }, user: { id: "29:u" } });

  it("reads a setting once and writes changes through", async () => {
    const { store, calls, inner } = spied();
    expect(await store.getSettings("user:a")).toEqual({});
    expect(await store.getSettings("user:a")).toEqual({});
    expect(calls.getSettings).toHaveBeenCalledTimes(1);
    expect(await store.updateSettings("user:a", { authority: "luton" })).toEqual({ authority: "luton", digest: false });
    expect(await inner.getSettings("user:a")).toEqual(await store.getSettings("user:a"));
    expect(await store.getSettings("user:a")).toEqual({ authority: "luton", digest: false });
    expect(await inner.getSettings("user:a")).toEqual({ authority: "luton", digest: false });
    expect(calls.getSettings).toHaveBeenCalledTimes(3); // the two above, on the store itself
  });

  it("reads a setting again once its time is up (another instance may have changed it)", async () => {
    let now = 0;
    const { store, calls, inner } = spied(5_000, () => now);
    await store.getSettings("user:a");
    await inner.updateSettings("user:a", { authority: "oldham" }); // "another instance"
    now = 4_000;
    expect(await store.getSettings("user:a")).toEqual({});
    now = 5_001;
    expect(await store.getSettings("user:a")).toEqual({ authority: "oldham", digest: false });
    expect(calls.getSettings).toHaveBeenCalledTimes(2);
  });

  it("does not rewrite a conversation reference that did not change (the message id aside)", async () => {
    const { store, calls } = spied();
    for (let i = 0; i < 5; i++) {
      await store.getConversation("a:1");
      await store.saveConversation({ conversationId: "a:1", reference: reference(`m${i}`), scope: "personal", tenantId: "t" }, new Date(Date.UTC(2026, 0, 1 + i)));
    }
    expect(calls.saveConversation).toHaveBeenCalledTimes(1);
    expect(calls.getConversation).toHaveBeenCalledTimes(1);
    await store.saveConversation({ conversationId: "a:1", reference: reference("m9", "https://smba.example/emea/"), scope: "personal", tenantId: "t" }, new Date("2026-02-01T00:00:00Z"));
    expect(calls.saveConversation).toHaveBeenCalledTimes(2);
    expect(await store.getConversation("a:1")).toMatchObject({ reference: { serviceUrl: "https://smba.example/emea/" }, updatedAt: "2026-02-01T00:00:00.000Z" });
    expect(await store.removeConversation("a:1")).toBe(true);
    expect(await store.getConversation("a:1")).toBeUndefined();
  });

  it("after its time is up, compares with the row in the database, and still does not rewrite an unchanged one", async () => {
    let now = 0;
    const { store, calls } = spied(5_000, () => now);
    await store.saveConversation({ conversationId: "a:1", reference: reference("m0"), scope: "personal" }, new Date("2026-01-01T00:00:00Z"));
    now = 10_000;
    expect(await store.getConversation("a:1")).toBeDefined();
    await store.saveConversation({ conversationId: "a:1", reference: reference("m1"), scope: "personal" }, new Date("2026-01-02T00:00:00Z"));
    expect(calls.saveConversation).toHaveBeenCalledTimes(1);
  });

  it("writes audit rows in batches, and before anything reads the audit trail", async () => {
    const { store, calls } = spied();
    for (let i = 0; i < 450; i++) await store.audit(entry(i));
    expect(await store.auditCount()).toBe(450);
    expect(calls.audit).not.toHaveBeenCalled();
    expect(calls.auditBatch.mock.calls.length).toBeLessThanOrEqual(3);
    await store.audit(entry(500));
    await store.close();
    const reopened = calls.auditBatch.mock.calls.reduce((n, c) => n + c[0].length, 0);
    expect(reopened).toBe(451);
  });

  it("keeps audit rows while the database fails, and writes them when it is back", async () => {
    const { store, calls } = spied();
    calls.auditBatch.mockRejectedValueOnce(new Error("down"));
    await store.audit(entry(1));
    await expect(store.auditCount()).rejects.toThrow("down");
    await store.audit(entry(2));
    expect(await store.auditCount()).toBe(2);
  });
});

describePg("the caches in front of the PostgreSQL store: the Store contract", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const extra: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    for (const d of extra) await d.drop();
    await db?.drop();
  });
  const cached = async (url: string) => new CachedStore(await PgStore.open({ connectionString: url, poolMax: 2 }), { ttlMs: 5_000 });
  storeContract({
    open: () => cached(db.url),
    openEmpty: async () => {
      const d = await freshDatabase();
      extra.push(d);
      return cached(d.url);
    },
    reopen: () => cached(db.url),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query("TRUNCATE settings, conversations, feedback, audit, reminders, reminder_digests, rate_limits");
      await c.end();
    },
  });
});

describePg("the caches in front of the PostgreSQL store", () => {
  it("pass the Store contract, batch audit rows in one statement, and see another instance's setting within the time allowed", async () => {
    const db = await freshDatabase();
    try {
      let now = 0;
      const a = new CachedStore(await PgStore.open({ connectionString: db.url, poolMax: 2 }), { ttlMs: 5_000, clock: () => now });
      const b = new CachedStore(await PgStore.open({ connectionString: db.url, poolMax: 2 }), { ttlMs: 5_000, clock: () => now });
      for (let i = 0; i < 300; i++) await a.audit(entry(i));
      expect(await b.auditCount()).toBeLessThan(300); // the last rows still wait in a's batch
      expect(await a.auditCount()).toBe(300);
      expect(await b.getSettings("conversation:x")).toEqual({});
      await a.updateSettings("conversation:x", { authority: "oldham" });
      expect(await a.getSettings("conversation:x")).toEqual({ authority: "oldham", digest: false });
      now = 5_001;
      expect(await b.getSettings("conversation:x")).toEqual({ authority: "oldham", digest: false });
      await a.saveConversation({ conversationId: "c", reference: { serviceUrl: "https://x/", bot: { id: "b", name: "n" }, activityId: "1" }, scope: "personal" }, new Date());
      now = 20_000;
      const inner = a.underlying as PgStore;
      const save = vi.spyOn(inner, "saveConversation");
      await a.getConversation("c");
      await a.saveConversation({ conversationId: "c", reference: { activityId: "2", bot: { name: "n", id: "b" }, serviceUrl: "https://x/" }, scope: "personal" }, new Date());
      expect(save).not.toHaveBeenCalled();
      await a.close();
      await b.close();
    } finally {
      await db.drop();
    }
  });
});
