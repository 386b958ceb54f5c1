import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createRequire } from "node:module";
import type { RateLimiterAbstract, RateLimiterSQLite } from "rate-limiter-flexible";
import { z } from "zod";
import { AuthorityId } from "../knowledge/schema.js";
import { ReminderRow, type NewReminder, type Reminder, type ReminderStore } from "./reminders.js";
import type { AuditEntry, FeedbackCount, LimiterSpec, ScopeSettings, Store, StoreDump, StoreHealth, StoredConversation } from "./store.js";

// rate-limiter-flexible's index loads every backend it supports (Redis, Mongo, MySQL, …) at start;
// the class is taken from its own module instead (the same module the library's limiters use).
const SQLiteLimiter = createRequire(import.meta.url)("rate-limiter-flexible/lib/RateLimiterSQLite.js") as typeof RateLimiterSQLite;

/**
 * Ordered migrations; the user_version pragma records how many have run (the one scheme for this
 * store). Append, never edit. Migration 2 takes over the reminder tables that an older version
 * kept under a second scheme (table schema_versions, key "reminders"): IF NOT EXISTS keeps their rows.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (scope_key TEXT PRIMARY KEY, authority TEXT, digest INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
   CREATE TABLE conversations (conversation_id TEXT PRIMARY KEY, reference TEXT NOT NULL, scope TEXT NOT NULL, tenant_id TEXT, updated_at TEXT NOT NULL);
   CREATE TABLE feedback (kind TEXT NOT NULL, level TEXT NOT NULL, helpful INTEGER NOT NULL DEFAULT 0, not_helpful INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, level));
   CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation_hash TEXT NOT NULL, authority TEXT, kind TEXT NOT NULL, level TEXT, pack_version TEXT);
   CREATE INDEX audit_at ON audit (at);`,
  `CREATE TABLE IF NOT EXISTS reminders (
     id TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     authority TEXT,
     rule TEXT NOT NULL,
     label TEXT NOT NULL CHECK (length(label) <= 60),
     from_day TEXT,
     due TEXT NOT NULL,
     due_at TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('2wd', '1wd', 'day', 'custom', 'digest')),
     send_at TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'sent', 'undeliverable', 'cancelled')),
     lease_owner TEXT,
     lease_until TEXT,
     send_started_at TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     outcome TEXT,
     set_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     sent_at TEXT
   );
   CREATE INDEX IF NOT EXISTS reminders_due ON reminders (state, send_at);
   CREATE INDEX IF NOT EXISTS reminders_conversation ON reminders (conversation_id, state);
   CREATE TABLE IF NOT EXISTS reminder_digests (conversation_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, set_by TEXT NOT NULL, updated_at TEXT NOT NULL);
   DROP TABLE IF EXISTS schema_versions;`,
  // rate-limiter-flexible's table (its own layout), created here so this store has one scheme.
  `CREATE TABLE rate_limits (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER);`,
];

const SettingsRow = z.object({ authority: AuthorityId.nullable(), digest: z.number() });
const ConversationRow = z.object({
  conversation_id: z.string(),
  reference: z.string(),
  scope: z.enum(["personal", "groupChat", "team", "channel", "unknown"]),
  tenant_id: z.string().nullable(),
  updated_at: z.string(),
});

export function openDatabase(dataDir: string, file = "threshold-assistant.db"): Database.Database {
  const path = dataDir === ":memory:" ? ":memory:" : join(dataDir, file);
  if (dataDir !== ":memory:") mkdirSync(dataDir, { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Runs the migrations not yet applied, each in a transaction; returns how many ran. */
export function migrate(db: Database.Database): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let i = current; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return Math.max(0, MIGRATIONS.length - current);
}

const ids = (rows: unknown[]) => (rows as { id: string }[]).map((r) => r.id);

class SqliteReminders implements ReminderStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO reminders (id, conversation_id, authority, rule, label, from_day, due, due_at, kind, send_at, state, set_by, created_at)
         VALUES (@id, @conversation_id, @authority, @rule, @label, @from_day, @due, @due_at, @kind, @send_at, 'pending', @set_by, @created_at)
         ON CONFLICT(id) DO NOTHING`,
      ),
      restore: db.prepare(
        `INSERT INTO reminders VALUES (@id, @conversation_id, @authority, @rule, @label, @from_day, @due, @due_at, @kind, @send_at, @state, @lease_owner, @lease_until, @send_started_at, @attempts, @outcome, @set_by, @created_at, @sent_at)
         ON CONFLICT(id) DO NOTHING`,
      ),
      all: db.prepare("SELECT * FROM reminders ORDER BY id"),
      get: db.prepare("SELECT * FROM reminders WHERE id = ?"),
      pendingFor: db.prepare("SELECT * FROM reminders WHERE conversation_id = ? AND state IN ('pending', 'claimed') AND send_started_at IS NULL ORDER BY send_at, id"),
      dueBetween: db.prepare(
        "SELECT * FROM reminders WHERE conversation_id = ? AND kind <> 'digest' AND state <> 'cancelled' AND due >= ? AND substr(due, 1, 10) <= ? ORDER BY due, rule",
      ),
      findPending: db.prepare("SELECT * FROM reminders WHERE conversation_id = ? AND rule = ? AND due = ? AND kind = ? AND state = 'pending'"),
      cancel: db.prepare("UPDATE reminders SET state = 'cancelled', outcome = ? WHERE id = ? AND conversation_id = ? AND state = 'pending'"),
      cancelConversation: db.prepare(
        "UPDATE reminders SET state = 'cancelled', outcome = ? WHERE conversation_id = ? AND (state = 'pending' OR (state = 'claimed' AND send_started_at IS NULL)) RETURNING id",
      ),
      requeue: db.prepare(
        "UPDATE reminders SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE state = 'claimed' AND send_started_at IS NULL AND lease_until < @now RETURNING id",
      ),
      unconfirmed: db.prepare(
        "UPDATE reminders SET state = 'sent', outcome = 'unconfirmed', lease_owner = NULL WHERE state = 'claimed' AND send_started_at IS NOT NULL AND lease_until < @now RETURNING id",
      ),
      expire: db.prepare("UPDATE reminders SET state = 'cancelled', outcome = 'deadline-passed' WHERE state = 'pending' AND due_at <= ? RETURNING id"),
      claim: db.prepare(
        `UPDATE reminders SET state = 'claimed', lease_owner = @owner, lease_until = @leaseUntil
         WHERE id IN (SELECT id FROM reminders WHERE state = 'pending' AND send_at <= @now AND due_at <= @dueBefore ORDER BY send_at, id LIMIT @limit)
         RETURNING *`,
      ),
      startSend: db.prepare(
        `UPDATE reminders SET send_started_at = @now, attempts = attempts + 1, lease_until = @leaseUntil
         WHERE id = @id AND state = 'claimed' AND lease_owner = @owner AND send_started_at IS NULL`,
      ),
      sendFailed: db.prepare("UPDATE reminders SET send_started_at = NULL, outcome = @outcome WHERE id = @id AND lease_owner = @owner AND state = 'claimed'"),
      release: db.prepare(
        "UPDATE reminders SET state = 'pending', send_started_at = NULL, lease_owner = NULL, lease_until = NULL, send_at = @retryAt, outcome = @outcome WHERE id = @id AND lease_owner = @owner AND state = 'claimed'",
      ),
      releaseClaims: db.prepare(
        "UPDATE reminders SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE state = 'claimed' AND lease_owner = ? AND send_started_at IS NULL RETURNING id",
      ),
      finish: db.prepare("UPDATE reminders SET state = @state, outcome = @outcome, sent_at = @now, lease_owner = NULL, lease_until = NULL WHERE id = @id"),
      setDigest: db.prepare(
        `INSERT INTO reminder_digests (conversation_id, enabled, set_by, updated_at) VALUES (@conversationId, @enabled, @setBy, @now)
         ON CONFLICT(conversation_id) DO UPDATE SET enabled = excluded.enabled, set_by = excluded.set_by, updated_at = excluded.updated_at`,
      ),
      allDigests: db.prepare("SELECT conversation_id AS conversationId, enabled, set_by AS setBy, updated_at AS updatedAt FROM reminder_digests ORDER BY conversation_id"),
      digestEnabled: db.prepare("SELECT enabled FROM reminder_digests WHERE conversation_id = ?"),
      counts: db.prepare("SELECT state, COUNT(*) AS n FROM reminders GROUP BY state"),
    };
  }

  private rows(rows: unknown[]): Reminder[] {
    return rows.map((r) => ReminderRow.parse(r));
  }

  async insert(reminders: NewReminder[], now: Date): Promise<void> {
    const created_at = now.toISOString();
    this.db.transaction(() => {
      for (const r of reminders) this.s.insert.run({ ...r, created_at });
    })();
  }

  restore(rows: Reminder[]): number {
    return this.db.transaction(() => rows.reduce((n, r) => n + this.s.restore.run(r).changes, 0))();
  }

  all(): Reminder[] {
    return this.rows(this.s.all.all());
  }

  async get(id: string): Promise<Reminder | undefined> {
    const row = this.s.get.get(id);
    return row ? ReminderRow.parse(row) : undefined;
  }

  async pendingFor(conversationId: string): Promise<Reminder[]> {
    return this.rows(this.s.pendingFor.all(conversationId));
  }

  async dueBetween(conversationId: string, fromDay: string, toDay: string): Promise<Reminder[]> {
    return this.rows(this.s.dueBetween.all(conversationId, fromDay, toDay));
  }

  async findPending(conversationId: string, rule: string, due: string, kind: string): Promise<Reminder | undefined> {
    const row = this.s.findPending.get(conversationId, rule, due, kind);
    return row ? ReminderRow.parse(row) : undefined;
  }

  async cancel(id: string, conversationId: string, outcome: string): Promise<boolean> {
    return this.s.cancel.run(outcome, id, conversationId).changes > 0;
  }

  async cancelConversation(conversationId: string, outcome: string): Promise<string[]> {
    return ids(this.s.cancelConversation.all(outcome, conversationId));
  }

  async recoverExpired(now: Date) {
    const args = { now: now.toISOString() };
    return this.db.transaction(() => ({ requeued: ids(this.s.requeue.all(args)), unconfirmed: ids(this.s.unconfirmed.all(args)) }))();
  }

  async expireOverdue(now: Date): Promise<string[]> {
    return ids(this.s.expire.all(now.toISOString()));
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number, onlyDueBefore?: Date): Promise<Reminder[]> {
    return this.rows(
      this.s.claim.all({
        now: now.toISOString(),
        owner,
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        limit,
        dueBefore: onlyDueBefore?.toISOString() ?? "9999-12-31T23:59:59.999Z",
      }),
    );
  }

  async startSend(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.s.startSend.run({ id, owner, now: now.toISOString(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString() }).changes === 1;
  }

  async sendFailed(id: string, owner: string, outcome: string): Promise<void> {
    this.s.sendFailed.run({ id, owner, outcome });
  }

  async release(id: string, owner: string, retryAt: Date, outcome: string): Promise<void> {
    this.s.release.run({ id, owner, retryAt: retryAt.toISOString(), outcome });
  }

  async releaseClaims(owner: string): Promise<string[]> {
    return ids(this.s.releaseClaims.all(owner));
  }

  async finish(id: string, state: "sent" | "undeliverable", outcome: string, now: Date): Promise<void> {
    this.s.finish.run({ id, state, outcome, now: now.toISOString() });
  }

  async setDigest(conversationId: string, enabled: boolean, setBy: string, now: Date): Promise<void> {
    this.s.setDigest.run({ conversationId, enabled: enabled ? 1 : 0, setBy, now: now.toISOString() });
  }

  async digestEnabled(conversationId: string): Promise<boolean> {
    return (this.s.digestEnabled.get(conversationId) as { enabled: number } | undefined)?.enabled === 1;
  }

  digests(): StoreDump["digests"] {
    return (this.s.allDigests.all() as { conversationId: string; enabled: number; setBy: string; updatedAt: string }[]).map((d) => ({ ...d, enabled: d.enabled === 1 }));
  }

  async counts(): Promise<Record<string, number>> {
    return Object.fromEntries((this.s.counts.all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
  }
}

/** The embedded store: one file in DATA_DIR, one instance. Calls are synchronous underneath. */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly reminders: SqliteReminders;
  private open = true;
  private readonly stmts;
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly db: Database.Database) {
    migrate(db);
    this.reminders = new SqliteReminders(db);
    this.stmts = {
      getSettings: db.prepare("SELECT authority, digest FROM settings WHERE scope_key = ?"),
      allSettings: db.prepare("SELECT scope_key AS scopeKey, authority, digest, updated_at AS updatedAt FROM settings ORDER BY scope_key"),
      putSettings: db.prepare(
        `INSERT INTO settings (scope_key, authority, digest, updated_at) VALUES (@scopeKey, @authority, @digest, @at)
         ON CONFLICT(scope_key) DO UPDATE SET authority = excluded.authority, digest = excluded.digest, updated_at = excluded.updated_at`,
      ),
      putConversation: db.prepare(
        `INSERT INTO conversations (conversation_id, reference, scope, tenant_id, updated_at) VALUES (@conversationId, @reference, @scope, @tenantId, @at)
         ON CONFLICT(conversation_id) DO UPDATE SET reference = excluded.reference, scope = excluded.scope, tenant_id = excluded.tenant_id, updated_at = excluded.updated_at`,
      ),
      getConversation: db.prepare("SELECT * FROM conversations WHERE conversation_id = ?"),
      deleteConversation: db.prepare("DELETE FROM conversations WHERE conversation_id = ?"),
      listConversations: db.prepare("SELECT * FROM conversations ORDER BY conversation_id"),
      feedback: db.prepare(
        `INSERT INTO feedback (kind, level, helpful, not_helpful) VALUES (@kind, @level, @helpful, @notHelpful)
         ON CONFLICT(kind, level) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
      ),
      feedbackCounts: db.prepare("SELECT kind, level, helpful, not_helpful AS notHelpful FROM feedback ORDER BY kind, level"),
      audit: db.prepare(
        "INSERT INTO audit (at, conversation_hash, authority, kind, level, pack_version) VALUES (@at, @conversationHash, @authority, @kind, @level, @packVersion)",
      ),
      allAudit: db.prepare(
        "SELECT at, conversation_hash AS conversationHash, authority, kind, level, pack_version AS packVersion FROM audit ORDER BY at, id",
      ),
      pruneAudit: db.prepare("DELETE FROM audit WHERE at < ?"),
      auditCount: db.prepare("SELECT COUNT(*) AS n FROM audit"),
    };
  }

  async getSettings(scopeKey: string): Promise<ScopeSettings> {
    const row = this.stmts.getSettings.get(scopeKey);
    if (!row) return {};
    const r = SettingsRow.parse(row);
    return { ...(r.authority ? { authority: r.authority } : {}), digest: r.digest === 1 };
  }

  async updateSettings(scopeKey: string, patch: ScopeSettings): Promise<ScopeSettings> {
    return this.db.transaction(() => {
      const row = this.stmts.getSettings.get(scopeKey);
      const r = row ? SettingsRow.parse(row) : undefined;
      const next: ScopeSettings = { ...(r?.authority ? { authority: r.authority } : {}), ...(r ? { digest: r.digest === 1 } : {}), ...patch };
      this.stmts.putSettings.run({ scopeKey, authority: next.authority ?? null, digest: next.digest ? 1 : 0, at: new Date().toISOString() });
      return next;
    })();
  }

  async saveConversation(c: Omit<StoredConversation, "updatedAt">, at: Date): Promise<void> {
    this.stmts.putConversation.run({
      conversationId: c.conversationId,
      reference: JSON.stringify(c.reference),
      scope: c.scope,
      tenantId: c.tenantId ?? null,
      at: at.toISOString(),
    });
  }

  private toConversation(row: unknown): StoredConversation {
    const r = ConversationRow.parse(row);
    return {
      conversationId: r.conversation_id,
      reference: JSON.parse(r.reference) as unknown,
      scope: r.scope,
      ...(r.tenant_id ? { tenantId: r.tenant_id } : {}),
      updatedAt: r.updated_at,
    };
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const row = this.stmts.getConversation.get(conversationId);
    return row ? this.toConversation(row) : undefined;
  }

  async removeConversation(conversationId: string): Promise<boolean> {
    return this.stmts.deleteConversation.run(conversationId).changes > 0;
  }

  async listConversations(): Promise<StoredConversation[]> {
    return this.stmts.listConversations.all().map((row) => this.toConversation(row));
  }

  async recordFeedback(kind: string, level: string | null, helpful: boolean): Promise<void> {
    this.stmts.feedback.run({ kind, level: level ?? "-", helpful: helpful ? 1 : 0, notHelpful: helpful ? 0 : 1 });
  }

  async feedbackCounts(): Promise<FeedbackCount[]> {
    return this.stmts.feedbackCounts.all() as FeedbackCount[];
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.stmts.audit.run(entry);
  }

  async auditBatch(entries: AuditEntry[]): Promise<void> {
    this.db.transaction(() => {
      for (const e of entries) this.stmts.audit.run(e);
    })();
  }

  async pruneAudit(olderThan: Date): Promise<number> {
    return this.stmts.pruneAudit.run(olderThan.toISOString()).changes;
  }

  async auditCount(): Promise<number> {
    return (this.stmts.auditCount.get() as { n: number }).n;
  }

  limiter(spec: LimiterSpec): RateLimiterAbstract {
    let l = this.limiters.get(spec.name);
    if (!l) {
      l = new SQLiteLimiter({
        storeClient: this.db,
        storeType: "better-sqlite3",
        tableName: "rate_limits",
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: spec.name,
        points: spec.points,
        duration: spec.durationMs / 1000,
      });
      this.limiters.set(spec.name, l);
    }
    return l;
  }

  async exportDump(): Promise<StoreDump> {
    return this.db.transaction(() => ({
      format: "threshold-assistant-store" as const,
      version: 1 as const,
      exportedAt: new Date().toISOString(),
      settings: (this.stmts.allSettings.all() as { scopeKey: string; authority: string | null; digest: number; updatedAt: string }[]).map((s) => ({ ...s, digest: s.digest === 1 })),
      conversations: this.stmts.listConversations.all().map((row) => this.toConversation(row)),
      feedback: this.stmts.feedbackCounts.all() as FeedbackCount[],
      audit: this.stmts.allAudit.all() as AuditEntry[],
      reminders: this.reminders.all(),
      digests: this.reminders.digests(),
    }))();
  }

  async importDump(dump: StoreDump): Promise<Record<string, number>> {
    return this.db.transaction(() => {
      for (const s of dump.settings) this.stmts.putSettings.run({ scopeKey: s.scopeKey, authority: s.authority, digest: s.digest ? 1 : 0, at: s.updatedAt });
      for (const c of dump.conversations)
        this.stmts.putConversation.run({ conversationId: c.conversationId, reference: JSON.stringify(c.reference), scope: c.scope, tenantId: c.tenantId ?? null, at: c.updatedAt });
      for (const f of dump.feedback) this.stmts.feedback.run(f);
      for (const a of dump.audit) this.stmts.audit.run(a);
      const reminders = this.reminders.restore(dump.reminders);
      for (const d of dump.digests) void this.reminders.setDigest(d.conversationId, d.enabled, d.setBy, new Date(d.updatedAt));
      return { settings: dump.settings.length, conversations: dump.conversations.length, feedback: dump.feedback.length, audit: dump.audit.length, reminders, digests: dump.digests.length };
    })();
  }

  async health(): Promise<StoreHealth> {
    try {
      this.db.prepare("SELECT 1").get();
      return { kind: "sqlite", ok: this.isOpen(), schemaVersion: this.db.pragma("user_version", { simple: true }) as number };
    } catch (e) {
      return { kind: "sqlite", ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  isOpen(): boolean {
    return this.open && this.db.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}
