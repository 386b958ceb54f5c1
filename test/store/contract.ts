import { afterEach, beforeEach, expect, it } from "vitest";
import type { NewReminder, Store } from "../../src/store/index.js";

/**
 * The Store contract: every implementation passes the same tests. `open` gives an empty store;
 * `reopen` a second handle on the same data (another instance), where the store has one.
 */
export interface ContractTarget {
  open(): Promise<Store>;
  /** An empty store apart from the first (another database). */
  openEmpty(): Promise<Store>;
  reopen?: () => Promise<Store>;
  cleanup?: () => Promise<void>;
}

const reminder = (id: string, over: Partial<NewReminder> = {}): NewReminder => ({
  id,
  conversation_id: "c1",
  authority: "luton",
  rule: "icpc",
  label: "ICPC",
  from_day: "2026-12-18",
  due: "2027-01-13",
  due_at: "2027-01-13T23:59:59.000Z",
  kind: "2wd",
  send_at: "2027-01-11T09:00:00.000Z",
  set_by: "u",
  ...over,
});

export function storeContract(target: ContractTarget): void {
  let s: Store;
  const others: Store[] = [];
  beforeEach(async () => {
    s = await target.open();
  });
  afterEach(async () => {
    for (const o of others.splice(0)) await o.close();
    await s.close();
    await target.cleanup?.();
  });

  it("keeps settings per scope and merges updates", async () => {
    expect(await s.getSettings("user:a")).toEqual({});
    await s.updateSettings("user:a", { authority: "luton" });
    expect(await s.updateSettings("user:a", { digest: true })).toEqual({ authority: "luton", digest: true });
    expect(await s.getSettings("user:a")).toEqual({ authority: "luton", digest: true });
    expect(await s.getSettings("conversation:b")).toEqual({});
  });

  it("saves, refreshes, lists and removes conversation references", async () => {
    await s.saveConversation({ conversationId: "c1", reference: { serviceUrl: "http://x" }, scope: "channel", tenantId: "t1" }, new Date("2026-01-01T00:00:00Z"));
    await s.saveConversation({ conversationId: "c1", reference: { serviceUrl: "http://y" }, scope: "channel", tenantId: "t1" }, new Date("2026-01-02T00:00:00Z"));
    await s.saveConversation({ conversationId: "c0", reference: { serviceUrl: "http://z" }, scope: "personal" }, new Date("2026-01-02T00:00:00Z"));
    expect(await s.getConversation("c1")).toEqual({ conversationId: "c1", reference: { serviceUrl: "http://y" }, scope: "channel", tenantId: "t1", updatedAt: "2026-01-02T00:00:00.000Z" });
    expect((await s.listConversations()).map((c) => c.conversationId)).toEqual(["c0", "c1"]);
    expect(await s.removeConversation("c1")).toBe(true);
    expect(await s.removeConversation("c1")).toBe(false);
    expect(await s.getConversation("c1")).toBeUndefined();
  });

  it("counts feedback per kind and level", async () => {
    await s.recordFeedback("threshold", "4", true);
    await s.recordFeedback("threshold", "4", false);
    await s.recordFeedback("threshold", "4", true);
    await s.recordFeedback("route", null, true);
    expect(await s.feedbackCounts()).toEqual([
      { kind: "route", level: "-", helpful: 1, notHelpful: 0 },
      { kind: "threshold", level: "4", helpful: 2, notHelpful: 1 },
    ]);
  });

  it("prunes audit entries older than the retention period", async () => {
    const entry = { conversationHash: "h", authority: "luton", kind: "threshold", level: "specialist", packVersion: "v0.12" };
    await s.audit({ ...entry, at: "2026-01-01T09:00:00.000Z" });
    await s.audit({ ...entry, at: "2026-06-01T09:00:00.000Z" });
    expect(await s.pruneAudit(new Date("2026-03-01T00:00:00Z"))).toBe(1);
    expect(await s.auditCount()).toBe(1);
  });

  it("reminders: insert is idempotent by id; list, find, cancel and count", async () => {
    const now = new Date("2027-01-04T10:00:00Z");
    await s.reminders.insert([reminder("r1"), reminder("r2", { kind: "day", send_at: "2027-01-13T09:00:00.000Z" })], now);
    await s.reminders.insert([reminder("r1", { label: "changed" })], now);
    expect((await s.reminders.get("r1"))?.label).toBe("ICPC");
    expect(await s.reminders.get("r1")).toMatchObject({ state: "pending", attempts: 0, created_at: now.toISOString(), send_at: "2027-01-11T09:00:00.000Z", due_at: "2027-01-13T23:59:59.000Z" });
    expect((await s.reminders.pendingFor("c1")).map((r) => r.id)).toEqual(["r1", "r2"]);
    expect((await s.reminders.findPending("c1", "icpc", "2027-01-13", "day"))?.id).toBe("r2");
    expect((await s.reminders.dueBetween("c1", "2027-01-10", "2027-01-20")).length).toBe(2);
    expect(await s.reminders.cancel("r2", "other-conversation", "cancelled")).toBe(false);
    expect(await s.reminders.cancel("r2", "c1", "cancelled")).toBe(true);
    expect(await s.reminders.counts()).toEqual({ pending: 1, cancelled: 1 });
    expect(await s.reminders.cancelConversation("c1", "conversation-removed")).toEqual(["r1"]);
  });

  it("reminders: claim, start, finish; a claimed row is not claimed again; expired deadlines are dropped", async () => {
    const now = new Date("2027-01-11T09:00:30Z");
    await s.reminders.insert(
      [reminder("a"), reminder("b"), reminder("later", { send_at: "2027-01-11T10:00:00.000Z" }), reminder("gone", { due_at: "2027-01-10T00:00:00.000Z" })],
      new Date("2027-01-04T10:00:00Z"),
    );
    expect(await s.reminders.expireOverdue(now)).toEqual(["gone"]);
    const first = await s.reminders.claimDue(now, "owner-1", 60_000, 1);
    expect(first.map((r) => r.id)).toEqual(["a"]);
    expect(first[0]).toMatchObject({ state: "claimed", lease_owner: "owner-1", lease_until: "2027-01-11T09:01:30.000Z" });
    const rest = await s.reminders.claimDue(now, "owner-2", 60_000, 10);
    expect(rest.map((r) => r.id)).toEqual(["b"]);
    expect(await s.reminders.startSend("a", "owner-2", now, 60_000)).toBe(false);
    expect(await s.reminders.startSend("a", "owner-1", now, 60_000)).toBe(true);
    expect(await s.reminders.startSend("a", "owner-1", now, 60_000)).toBe(false);
    await s.reminders.finish("a", "sent", "sent", now);
    expect(await s.reminders.get("a")).toMatchObject({ state: "sent", outcome: "sent", attempts: 1, sent_at: now.toISOString(), lease_owner: null });
    // Only reminders whose deadline comes before a given instant (outside the sending window).
    expect(await s.reminders.claimDue(new Date("2027-01-11T11:00:00Z"), "owner-3", 60_000, 10, new Date("2027-01-11T00:00:00Z"))).toEqual([]);
  });

  it("reminders: an expired lease requeues an unstarted row and ends a started one as sent, never twice", async () => {
    const t0 = new Date("2027-01-11T09:00:00Z");
    await s.reminders.insert([reminder("unstarted"), reminder("started")], t0);
    await s.reminders.claimDue(t0, "crashed", 1_000, 10);
    expect(await s.reminders.startSend("started", "crashed", t0, 1_000)).toBe(true);
    expect(await s.reminders.recoverExpired(t0)).toEqual({ requeued: [], unconfirmed: [] });
    const later = new Date(t0.getTime() + 5_000);
    expect(await s.reminders.recoverExpired(later)).toEqual({ requeued: ["unstarted"], unconfirmed: ["started"] });
    expect(await s.reminders.get("started")).toMatchObject({ state: "sent", outcome: "unconfirmed" });
    expect((await s.reminders.claimDue(later, "next", 1_000, 10)).map((r) => r.id)).toEqual(["unstarted"]);
  });

  it("reminders: a refused send can be retried; release puts it back for later; shutdown hands back unstarted claims", async () => {
    const t0 = new Date("2027-01-11T09:00:00Z");
    await s.reminders.insert([reminder("x"), reminder("y"), reminder("z")], t0);
    await s.reminders.claimDue(t0, "me", 60_000, 10);
    expect(await s.reminders.startSend("x", "me", t0, 60_000)).toBe(true);
    await s.reminders.sendFailed("x", "me", "503");
    expect(await s.reminders.get("x")).toMatchObject({ state: "claimed", send_started_at: null, outcome: "503", attempts: 1 });
    await s.reminders.release("x", "me", new Date("2027-01-11T09:10:00Z"), "503");
    expect(await s.reminders.get("x")).toMatchObject({ state: "pending", send_at: "2027-01-11T09:10:00.000Z", lease_owner: null });
    expect(await s.reminders.startSend("z", "me", t0, 60_000)).toBe(true);
    expect((await s.reminders.releaseClaims("me")).sort()).toEqual(["y"]);
    expect(await s.reminders.get("z")).toMatchObject({ state: "claimed" });
  });

  it("digests: on and off per conversation", async () => {
    const now = new Date("2027-01-04T10:00:00Z");
    expect(await s.reminders.digestEnabled("c1")).toBe(false);
    await s.reminders.setDigest("c1", true, "u", now);
    expect(await s.reminders.digestEnabled("c1")).toBe(true);
    await s.reminders.setDigest("c1", false, "u", now);
    expect(await s.reminders.digestEnabled("c1")).toBe(false);
  });

  it("pacing limiters count in the store", async () => {
    const l = s.limiter({ name: "contract", points: 2, durationMs: 60_000 });
    await l.consume("k");
    await l.consume("k");
    await expect(l.consume("k")).rejects.toMatchObject({ remainingPoints: 0 });
    await expect(l.consume("other")).resolves.toMatchObject({ remainingPoints: 1 });
  });

  it("exports every row and imports them into an empty store unchanged", async () => {
    const now = new Date("2027-01-04T10:00:00Z");
    await s.updateSettings("user:a", { authority: "oldham", digest: true });
    await s.saveConversation({ conversationId: "c1", reference: { serviceUrl: "http://x", conversation: { id: "c1" } }, scope: "channel", tenantId: "t" }, now);
    await s.recordFeedback("route", null, false);
    await s.audit({ at: now.toISOString(), conversationHash: "h", authority: null, kind: "help", level: null, packVersion: null });
    await s.reminders.insert([reminder("r1"), reminder("r2")], now);
    await s.reminders.claimDue(new Date("2027-01-11T09:00:00Z"), "o", 60_000, 1);
    await s.reminders.setDigest("c1", true, "u", now);
    const dump = await s.exportDump();
    const copy = await target.openEmpty();
    others.push(copy);
    expect(await copy.importDump(JSON.parse(JSON.stringify(dump)))).toMatchObject({ settings: 1, conversations: 1, feedback: 1, audit: 1, reminders: 2, digests: 1 });
    const again = await copy.exportDump();
    expect({ ...again, exportedAt: "" }).toEqual({ ...dump, exportedAt: "" });
  });

  it("reports its health", async () => {
    expect(await s.health()).toMatchObject({ kind: s.kind, ok: true });
    expect(s.isOpen()).toBe(true);
  });

  if (target.reopen)
    it("a second instance on the same data sees the first one's rows and cannot take its claims", async () => {
      const other = await target.reopen!();
      others.push(other);
      const now = new Date("2027-01-11T09:00:00Z");
      await s.saveConversation({ conversationId: "shared", reference: {}, scope: "channel" }, now);
      expect((await other.getConversation("shared"))?.conversationId).toBe("shared");
      await s.reminders.insert(Array.from({ length: 50 }, (_, i) => reminder(`m${i}`)), now);
      const [a, b] = await Promise.all([s.reminders.claimDue(now, "one", 60_000, 30), other.reminders.claimDue(now, "two", 60_000, 30)]);
      const ids = [...a, ...b].map((r) => r.id);
      expect(ids.length).toBe(50);
      expect(new Set(ids).size).toBe(50);
    });
}
