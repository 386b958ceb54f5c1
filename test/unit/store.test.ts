import { describe, expect, it } from "vitest";
import { openDatabase, SqliteStore } from "../../src/store/index.js";

const store = () => new SqliteStore(openDatabase(":memory:"));

describe("the SQLite store", () => {
  it("keeps settings per scope and merges updates", () => {
    const s = store();
    expect(s.getSettings("user:a")).toEqual({});
    s.updateSettings("user:a", { authority: "luton" });
    s.updateSettings("user:a", { digest: true });
    expect(s.getSettings("user:a")).toEqual({ authority: "luton", digest: true });
    expect(s.getSettings("conversation:b")).toEqual({});
  });

  it("saves, refreshes and removes conversation references", () => {
    const s = store();
    s.saveConversation({ conversationId: "c1", reference: { serviceUrl: "http://x" }, scope: "channel" }, new Date("2026-01-01T00:00:00Z"));
    s.saveConversation({ conversationId: "c1", reference: { serviceUrl: "http://y" }, scope: "channel" }, new Date("2026-01-02T00:00:00Z"));
    expect(s.getConversation("c1")).toMatchObject({ reference: { serviceUrl: "http://y" }, updatedAt: "2026-01-02T00:00:00.000Z" });
    expect(s.removeConversation("c1")).toBe(true);
    expect(s.removeConversation("c1")).toBe(false);
  });

  it("counts feedback per kind and level", () => {
    const s = store();
    s.recordFeedback("threshold", "4", true);
    s.recordFeedback("threshold", "4", false);
    s.recordFeedback("threshold", "4", true);
    s.recordFeedback("route", null, true);
    expect(s.feedbackCounts()).toEqual([
      { kind: "route", level: "-", helpful: 1, notHelpful: 0 },
      { kind: "threshold", level: "4", helpful: 2, notHelpful: 1 },
    ]);
  });

  it("prunes audit entries older than the retention period", () => {
    const s = store();
    const entry = { conversationHash: "h", authority: "luton", kind: "threshold", level: "specialist", packVersion: "v0.12" };
    s.audit({ ...entry, at: "2026-01-01T09:00:00.000Z" });
    s.audit({ ...entry, at: "2026-06-01T09:00:00.000Z" });
    expect(s.pruneAudit(new Date("2026-03-01T00:00:00Z"))).toBe(1);
    expect(s.auditCount()).toBe(1);
  });

  it("runs its migrations once", () => {
    const db = openDatabase(":memory:");
    new SqliteStore(db);
    new SqliteStore(db);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
  });
});
