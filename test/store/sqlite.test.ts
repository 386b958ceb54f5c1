import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, openDatabase, SqliteStore } from "../../src/store/index.js";
import { storeContract } from "./contract.js";

describe("the SQLite store: the Store contract", () => {
  storeContract({ open: async () => new SqliteStore(openDatabase(":memory:")), openEmpty: async () => new SqliteStore(openDatabase(":memory:")) });
});

describe("the SQLite store: migrations", () => {
  it("run once, recorded in user_version (one scheme)", () => {
    const db = openDatabase(":memory:");
    new SqliteStore(db);
    new SqliteStore(db);
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
  });

  it("take over a database from before (reminders under their own version key) and keep its rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "store-old-"));
    try {
      const db = new Database(join(dir, "threshold-assistant.db"));
      db.exec(MIGRATIONS[0]!);
      db.pragma("user_version = 1");
      // The old second scheme: table schema_versions, key "reminders".
      db.exec(MIGRATIONS[1]!.replace("DROP TABLE IF EXISTS schema_versions;", ""));
      db.exec("CREATE TABLE schema_versions (key TEXT PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO schema_versions VALUES ('reminders', 1);");
      db.prepare(
        "INSERT INTO reminders (id, conversation_id, rule, label, due, due_at, kind, send_at, state, set_by, created_at) VALUES ('old', 'c', 'icpc', 'ICPC', '2027-01-13', '2027-01-14T00:00:00.000Z', 'day', '2027-01-13T09:00:00.000Z', 'pending', 'u', '2027-01-01T00:00:00.000Z')",
      ).run();
      db.close();
      const store = new SqliteStore(openDatabase(dir));
      expect((await store.reminders.get("old"))?.state).toBe("pending");
      expect((await store.health()).schemaVersion).toBe(MIGRATIONS.length);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
