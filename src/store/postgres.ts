import { randomUUID } from "node:crypto";
import type pg from "pg";
import pRetry from "p-retry";
import { createRequire } from "node:module";
import type { RateLimiterAbstract, RateLimiterPostgres } from "rate-limiter-flexible";
import { z } from "zod";
import { AuthorityId } from "../knowledge/schema.js";
import type { Logger } from "../logger.js";
import { ReminderRow, type NewReminder, type Reminder, type ReminderStore } from "./reminders.js";
import type { AuditEntry, FeedbackCount, LimiterSpec, ScopeSettings, Store, StoreDump, StoreHealth, StoredConversation } from "./store.js";

// rate-limiter-flexible's index loads every backend it supports (Redis, Mongo, MySQL, …) at start;
// the class is taken from its own module instead (the same module the library's limiters use).
const PostgresLimiter = createRequire(import.meta.url)("rate-limiter-flexible/lib/RateLimiterPostgres.js") as typeof RateLimiterPostgres;

/**
 * Ordered migrations, recorded one row per version in schema_migrations. They run at start-up
 * under a session advisory lock, so when several instances start together one migrates and the
 * others wait, then find nothing left to do. Append, never edit.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (scope_key text PRIMARY KEY, authority text, digest boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL);
   CREATE TABLE conversations (conversation_id text PRIMARY KEY, reference jsonb NOT NULL, scope text NOT NULL, tenant_id text, updated_at timestamptz NOT NULL);
   CREATE TABLE feedback (kind text NOT NULL, level text NOT NULL, helpful integer NOT NULL DEFAULT 0, not_helpful integer NOT NULL DEFAULT 0, PRIMARY KEY (kind, level));
   CREATE TABLE audit (id bigserial PRIMARY KEY, at timestamptz NOT NULL, conversation_hash text NOT NULL, authority text, kind text NOT NULL, level text, pack_version text);
   CREATE INDEX audit_at ON audit (at);
   CREATE TABLE reminders (
     id text PRIMARY KEY,
     conversation_id text NOT NULL,
     authority text,
     rule text NOT NULL,
     label text NOT NULL CHECK (length(label) <= 60),
     from_day text,
     due text NOT NULL,
     due_at timestamptz NOT NULL,
     kind text NOT NULL CHECK (kind IN ('2wd', '1wd', 'day', 'custom', 'digest')),
     send_at timestamptz NOT NULL,
     state text NOT NULL CHECK (state IN ('pending', 'claimed', 'sent', 'undeliverable', 'cancelled')),
     lease_owner text,
     lease_until timestamptz,
     send_started_at timestamptz,
     attempts integer NOT NULL DEFAULT 0,
     outcome text,
     set_by text NOT NULL,
     created_at timestamptz NOT NULL,
     sent_at timestamptz
   );
   CREATE INDEX reminders_due ON reminders (send_at) WHERE state = 'pending';
   CREATE INDEX reminders_claimed ON reminders (lease_until) WHERE state = 'claimed';
   CREATE INDEX reminders_conversation ON reminders (conversation_id, state);
   CREATE TABLE reminder_digests (conversation_id text PRIMARY KEY, enabled boolean NOT NULL, set_by text NOT NULL, updated_at timestamptz NOT NULL);
   CREATE TABLE rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint);`,
];

/** Any fixed number: the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK = 727_417_017;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));
const isoRequired = (v: unknown): string => iso(v) ?? "";

function toReminder(row: Record<string, unknown>): Reminder {
  return ReminderRow.parse({
    ...row,
    due_at: isoRequired(row.due_at),
    send_at: isoRequired(row.send_at),
    lease_until: iso(row.lease_until),
    send_started_at: iso(row.send_started_at),
    created_at: isoRequired(row.created_at),
    sent_at: iso(row.sent_at),
  });
}

const ConversationRow = z.object({
  conversation_id: z.string(),
  reference: z.unknown(),
  scope: z.enum(["personal", "groupChat", "team", "channel", "unknown"]),
  tenant_id: z.string().nullable(),
  updated_at: z.date(),
});

function toConversation(row: unknown): StoredConversation {
  const r = ConversationRow.parse(row);
  return { conversationId: r.conversation_id, reference: r.reference, scope: r.scope, ...(r.tenant_id ? { tenantId: r.tenant_id } : {}), updatedAt: r.updated_at.toISOString() };
}

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const result = await work(c);
    await c.query("COMMIT");
    return result;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

const ids = (r: pg.QueryResult) => r.rows.map((x: { id: string }) => x.id);
const REMINDER_COLUMNS = "id, conversation_id, authority, rule, label, from_day, due, due_at, kind, send_at, state, lease_owner, lease_until, send_started_at, attempts, outcome, set_by, created_at, sent_at";

class PgReminders implements ReminderStore {
  constructor(private readonly pool: pg.Pool) {}

  private async many(text: string, values: unknown[], db: Queryable = this.pool): Promise<Reminder[]> {
    return (await db.query(text, values)).rows.map(toReminder);
  }

  async insert(reminders: NewReminder[], now: Date): Promise<void> {
    if (!reminders.length) return;
    // One statement for the batch: arrays unnested, so a thousand rows are one round trip.
    const cols = ["id", "conversation_id", "authority", "rule", "label", "from_day", "due", "due_at", "kind", "send_at", "set_by"] as const;
    await this.pool.query(
      `INSERT INTO reminders (${cols.join(", ")}, state, created_at)
       SELECT id, conversation_id, authority, rule, label, from_day, due, due_at::timestamptz, kind, send_at::timestamptz, set_by, 'pending', $12
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS t(${cols.join(", ")})
       ON CONFLICT (id) DO NOTHING`,
      [...cols.map((c) => reminders.map((r) => r[c])), now.toISOString()],
    );
  }

  async restore(rows: Reminder[]): Promise<number> {
    let n = 0;
    for (const r of rows) {
      const res = await this.pool.query(
        `INSERT INTO reminders (${REMINDER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.conversation_id, r.authority, r.rule, r.label, r.from_day, r.due, r.due_at, r.kind, r.send_at, r.state, r.lease_owner, r.lease_until, r.send_started_at, r.attempts, r.outcome, r.set_by, r.created_at, r.sent_at],
      );
      n += res.rowCount ?? 0;
    }
    return n;
  }

  all(): Promise<Reminder[]> {
    return this.many("SELECT * FROM reminders ORDER BY id", []);
  }

  async get(id: string): Promise<Reminder | undefined> {
    return (await this.many("SELECT * FROM reminders WHERE id = $1", [id]))[0];
  }

  pendingFor(conversationId: string): Promise<Reminder[]> {
    return this.many("SELECT * FROM reminders WHERE conversation_id = $1 AND state IN ('pending', 'claimed') AND send_started_at IS NULL ORDER BY send_at, id", [conversationId]);
  }

  dueBetween(conversationId: string, fromDay: string, toDay: string): Promise<Reminder[]> {
    return this.many(
      "SELECT * FROM reminders WHERE conversation_id = $1 AND kind <> 'digest' AND state <> 'cancelled' AND due >= $2 AND substr(due, 1, 10) <= $3 ORDER BY due, rule",
      [conversationId, fromDay, toDay],
    );
  }

  async findPending(conversationId: string, rule: string, due: string, kind: string): Promise<Reminder | undefined> {
    return (await this.many("SELECT * FROM reminders WHERE conversation_id = $1 AND rule = $2 AND due = $3 AND kind = $4 AND state = 'pending'", [conversationId, rule, due, kind]))[0];
  }

  async cancel(id: string, conversationId: string, outcome: string): Promise<boolean> {
    const r = await this.pool.query("UPDATE reminders SET state = 'cancelled', outcome = $1 WHERE id = $2 AND conversation_id = $3 AND state = 'pending'", [outcome, id, conversationId]);
    return (r.rowCount ?? 0) > 0;
  }

  async cancelConversation(conversationId: string, outcome: string): Promise<string[]> {
    return ids(
      await this.pool.query(
        "UPDATE reminders SET state = 'cancelled', outcome = $1 WHERE conversation_id = $2 AND (state = 'pending' OR (state = 'claimed' AND send_started_at IS NULL)) RETURNING id",
        [outcome, conversationId],
      ),
    );
  }

  /**
   * Each UPDATE re-checks its WHERE on rows another instance changed meanwhile (READ COMMITTED),
   * so two instances recovering at once never both take a row.
   */
  recoverExpired(now: Date) {
    return inTransaction(this.pool, async (c) => ({
      requeued: ids(
        await c.query(
          "UPDATE reminders SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE state = 'claimed' AND send_started_at IS NULL AND lease_until < $1 RETURNING id",
          [now],
        ),
      ),
      unconfirmed: ids(
        await c.query(
          "UPDATE reminders SET state = 'sent', outcome = 'unconfirmed', lease_owner = NULL WHERE state = 'claimed' AND send_started_at IS NOT NULL AND lease_until < $1 RETURNING id",
          [now],
        ),
      ),
    }));
  }

  async expireOverdue(now: Date): Promise<string[]> {
    return ids(await this.pool.query("UPDATE reminders SET state = 'cancelled', outcome = 'deadline-passed' WHERE state = 'pending' AND due_at <= $1 RETURNING id", [now]));
  }

  /** Row leases: rows another instance is claiming right now are skipped, not waited for. */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number, onlyDueBefore?: Date): Promise<Reminder[]> {
    return this.many(
      `UPDATE reminders SET state = 'claimed', lease_owner = $2, lease_until = $3
       WHERE id IN (
         SELECT id FROM reminders WHERE state = 'pending' AND send_at <= $1 AND ($5::timestamptz IS NULL OR due_at <= $5)
         ORDER BY send_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, owner, new Date(now.getTime() + leaseMs), limit, onlyDueBefore ?? null],
    );
  }

  async startSend(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE reminders SET send_started_at = $3, attempts = attempts + 1, lease_until = $4
       WHERE id = $1 AND state = 'claimed' AND lease_owner = $2 AND send_started_at IS NULL`,
      [id, owner, now, new Date(now.getTime() + leaseMs)],
    );
    return r.rowCount === 1;
  }

  async sendFailed(id: string, owner: string, outcome: string): Promise<void> {
    await this.pool.query("UPDATE reminders SET send_started_at = NULL, outcome = $3 WHERE id = $1 AND lease_owner = $2 AND state = 'claimed'", [id, owner, outcome]);
  }

  async release(id: string, owner: string, retryAt: Date, outcome: string): Promise<void> {
    await this.pool.query(
      "UPDATE reminders SET state = 'pending', send_started_at = NULL, lease_owner = NULL, lease_until = NULL, send_at = $3, outcome = $4 WHERE id = $1 AND lease_owner = $2 AND state = 'claimed'",
      [id, owner, retryAt, outcome],
    );
  }

  async releaseClaims(owner: string): Promise<string[]> {
    return ids(
      await this.pool.query(
        "UPDATE reminders SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE state = 'claimed' AND lease_owner = $1 AND send_started_at IS NULL RETURNING id",
        [owner],
      ),
    );
  }

  async finish(id: string, state: "sent" | "undeliverable", outcome: string, now: Date): Promise<void> {
    await this.pool.query("UPDATE reminders SET state = $2, outcome = $3, sent_at = $4, lease_owner = NULL, lease_until = NULL WHERE id = $1", [id, state, outcome, now]);
  }

  async setDigest(conversationId: string, enabled: boolean, setBy: string, now: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO reminder_digests (conversation_id, enabled, set_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (conversation_id) DO UPDATE SET enabled = excluded.enabled, set_by = excluded.set_by, updated_at = excluded.updated_at`,
      [conversationId, enabled, setBy, now],
    );
  }

  async digestEnabled(conversationId: string): Promise<boolean> {
    const r = await this.pool.query("SELECT enabled FROM reminder_digests WHERE conversation_id = $1", [conversationId]);
    return (r.rows[0] as { enabled?: boolean } | undefined)?.enabled === true;
  }

  async digests(): Promise<StoreDump["digests"]> {
    const r = await this.pool.query("SELECT conversation_id, enabled, set_by, updated_at FROM reminder_digests ORDER BY conversation_id");
    return (r.rows as { conversation_id: string; enabled: boolean; set_by: string; updated_at: Date }[]).map((d) => ({
      conversationId: d.conversation_id,
      enabled: d.enabled,
      setBy: d.set_by,
      updatedAt: d.updated_at.toISOString(),
    }));
  }

  async counts(): Promise<Record<string, number>> {
    const r = await this.pool.query("SELECT state, COUNT(*)::int AS n FROM reminders GROUP BY state");
    return Object.fromEntries((r.rows as { state: string; n: number }[]).map((x) => [x.state, x.n]));
  }
}

export interface PgStoreOptions {
  connectionString: string;
  /** Connections this instance may open (the pool's maximum). */
  poolMax?: number;
  logger?: Logger;
  /** Tries at start-up before giving up when the database cannot be reached. */
  connectRetries?: number;
}

const SettingsRow = z.object({ authority: AuthorityId.nullable(), digest: z.boolean() });

/**
 * PostgreSQL through a `pg` pool: several bot instances behind a load balancer share one database.
 * A lost connection costs only the queries made while it is down (the pool opens a fresh
 * connection for the next one); callers decide how to wait (the scheduler backs off, the bot
 * answers without the database).
 */
export class PgStore implements Store {
  readonly kind = "postgres" as const;
  readonly reminders: PgReminders;
  /** How many migrations this instance ran at start-up (0 when another instance had run them). */
  migrationsApplied = 0;
  private open = true;
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  private constructor(
    readonly pool: pg.Pool,
    private readonly logger?: Logger,
  ) {
    this.reminders = new PgReminders(pool);
  }

  static async open(o: PgStoreOptions): Promise<PgStore> {
    // The driver is loaded only by an instance that uses PostgreSQL (SQLite instances never need it).
    const { default: driver } = await import("pg");
    const pool = new driver.Pool({
      connectionString: o.connectionString,
      max: o.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      application_name: "threshold-assistant",
    });
    // An idle connection that the server drops must not crash the process; the pool replaces it.
    const lost = (e: Error) => o.logger?.warn({ errType: e.name, code: (e as { code?: string }).code }, "database connection lost; the pool reconnects on the next query");
    pool.on("error", lost);
    // A connection that drops while checked out (between a transaction's statements, or inside the
    // rate limiter's) errors its query; the client's own error event must not crash the process.
    pool.on("connect", (client) => client.on("error", lost));
    const store = new PgStore(pool, o.logger);
    try {
      store.migrationsApplied = await pRetry(() => store.migrate(), {
        retries: o.connectRetries ?? 6,
        minTimeout: 500,
        maxTimeout: 10_000,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) =>
          o.logger?.warn({ attempt: attemptNumber, retriesLeft, errType: error.name, code: (error as { code?: string }).code }, "database not reachable at start-up; retrying"),
      });
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
    return store;
  }

  /** Applies the migrations not yet recorded, holding the advisory lock; returns how many ran here. */
  private async migrate(): Promise<number> {
    const c = await this.pool.connect();
    const instance = randomUUID();
    let applied = 0;
    try {
      await c.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      try {
        await c.query(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL)",
        );
        const { rows } = await c.query("SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_migrations");
        const current = (rows[0] as { v: number }).v;
        for (let i = current; i < PG_MIGRATIONS.length; i++) {
          await c.query("BEGIN");
          try {
            await c.query(PG_MIGRATIONS[i]!);
            await c.query("INSERT INTO schema_migrations (version, applied_by) VALUES ($1, $2)", [i + 1, instance]);
            await c.query("COMMIT");
          } catch (e) {
            await c.query("ROLLBACK").catch(() => undefined);
            throw e;
          }
          applied++;
        }
      } finally {
        await c.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
      }
    } finally {
      c.release();
    }
    if (applied) this.logger?.info({ applied, version: PG_MIGRATIONS.length }, "database migrations applied");
    return applied;
  }

  async getSettings(scopeKey: string): Promise<ScopeSettings> {
    const r = await this.pool.query("SELECT authority, digest FROM settings WHERE scope_key = $1", [scopeKey]);
    if (!r.rows[0]) return {};
    const s = SettingsRow.parse(r.rows[0]);
    return { ...(s.authority ? { authority: s.authority } : {}), digest: s.digest };
  }

  async updateSettings(scopeKey: string, patch: ScopeSettings): Promise<ScopeSettings> {
    // One statement, so two instances changing different fields at once both keep their change.
    const r = await this.pool.query(
      `INSERT INTO settings (scope_key, authority, digest, updated_at) VALUES ($1, $2, COALESCE($3, false), now())
       ON CONFLICT (scope_key) DO UPDATE SET
         authority = CASE WHEN $4 THEN excluded.authority ELSE settings.authority END,
         digest = COALESCE($3, settings.digest),
         updated_at = now()
       RETURNING authority, digest`,
      [scopeKey, patch.authority ?? null, patch.digest ?? null, "authority" in patch],
    );
    const s = SettingsRow.parse(r.rows[0]);
    return { ...(s.authority ? { authority: s.authority } : {}), digest: s.digest };
  }

  async saveConversation(c: Omit<StoredConversation, "updatedAt">, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO conversations (conversation_id, reference, scope, tenant_id, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (conversation_id) DO UPDATE SET reference = excluded.reference, scope = excluded.scope, tenant_id = excluded.tenant_id, updated_at = excluded.updated_at`,
      [c.conversationId, JSON.stringify(c.reference), c.scope, c.tenantId ?? null, at],
    );
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const r = await this.pool.query("SELECT * FROM conversations WHERE conversation_id = $1", [conversationId]);
    return r.rows[0] ? toConversation(r.rows[0]) : undefined;
  }

  async removeConversation(conversationId: string): Promise<boolean> {
    return ((await this.pool.query("DELETE FROM conversations WHERE conversation_id = $1", [conversationId])).rowCount ?? 0) > 0;
  }

  async listConversations(): Promise<StoredConversation[]> {
    return (await this.pool.query("SELECT * FROM conversations ORDER BY conversation_id")).rows.map(toConversation);
  }

  async recordFeedback(kind: string, level: string | null, helpful: boolean): Promise<void> {
    await this.addFeedback({ kind, level: level ?? "-", helpful: helpful ? 1 : 0, notHelpful: helpful ? 0 : 1 });
  }

  private async addFeedback(f: FeedbackCount): Promise<void> {
    await this.pool.query(
      `INSERT INTO feedback (kind, level, helpful, not_helpful) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, level) DO UPDATE SET helpful = feedback.helpful + excluded.helpful, not_helpful = feedback.not_helpful + excluded.not_helpful`,
      [f.kind, f.level, f.helpful, f.notHelpful],
    );
  }

  async feedbackCounts(): Promise<FeedbackCount[]> {
    return (await this.pool.query('SELECT kind, level, helpful, not_helpful AS "notHelpful" FROM feedback ORDER BY kind COLLATE "C", level COLLATE "C"')).rows as FeedbackCount[];
  }

  async audit(e: AuditEntry): Promise<void> {
    await this.pool.query("INSERT INTO audit (at, conversation_hash, authority, kind, level, pack_version) VALUES ($1, $2, $3, $4, $5, $6)", [
      e.at,
      e.conversationHash,
      e.authority,
      e.kind,
      e.level,
      e.packVersion,
    ]);
  }

  async auditBatch(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement for the batch: its rows as parallel arrays.
    await this.pool.query(
      `INSERT INTO audit (at, conversation_hash, authority, kind, level, pack_version)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        entries.map((e) => e.at),
        entries.map((e) => e.conversationHash),
        entries.map((e) => e.authority),
        entries.map((e) => e.kind),
        entries.map((e) => e.level),
        entries.map((e) => e.packVersion),
      ],
    );
  }

  async pruneAudit(olderThan: Date): Promise<number> {
    return (await this.pool.query("DELETE FROM audit WHERE at < $1", [olderThan])).rowCount ?? 0;
  }

  async auditCount(): Promise<number> {
    return ((await this.pool.query("SELECT COUNT(*)::int AS n FROM audit")).rows[0] as { n: number }).n;
  }

  limiter(spec: LimiterSpec): RateLimiterAbstract {
    let l = this.limiters.get(spec.name);
    if (!l) {
      l = new PostgresLimiter({
        storeClient: this.pool,
        storeType: "pool",
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
    const q = async (text: string) => (await this.pool.query(text)).rows as Record<string, unknown>[];
    return {
      format: "threshold-assistant-store",
      version: 1,
      exportedAt: new Date().toISOString(),
      settings: (await q("SELECT scope_key, authority, digest, updated_at FROM settings ORDER BY scope_key")).map((s) => ({
        scopeKey: String(s.scope_key),
        authority: (s.authority as string | null) ?? null,
        digest: s.digest === true,
        updatedAt: isoRequired(s.updated_at),
      })),
      conversations: await this.listConversations(),
      feedback: await this.feedbackCounts(),
      audit: (await q('SELECT at, conversation_hash AS "conversationHash", authority, kind, level, pack_version AS "packVersion" FROM audit ORDER BY at, id')).map((a) => ({
        ...(a as unknown as AuditEntry),
        at: isoRequired(a.at),
      })),
      reminders: await this.reminders.all(),
      digests: await this.reminders.digests(),
    };
  }

  async importDump(dump: StoreDump): Promise<Record<string, number>> {
    for (const s of dump.settings)
      await this.pool.query(
        `INSERT INTO settings (scope_key, authority, digest, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope_key) DO UPDATE SET authority = excluded.authority, digest = excluded.digest, updated_at = excluded.updated_at`,
        [s.scopeKey, s.authority, s.digest, s.updatedAt],
      );
    for (const c of dump.conversations) await this.saveConversation(c, new Date(c.updatedAt));
    for (const f of dump.feedback) await this.addFeedback(f);
    for (const a of dump.audit) await this.audit(a);
    const reminders = await this.reminders.restore(dump.reminders);
    for (const d of dump.digests) await this.reminders.setDigest(d.conversationId, d.enabled, d.setBy, new Date(d.updatedAt));
    return { settings: dump.settings.length, conversations: dump.conversations.length, feedback: dump.feedback.length, audit: dump.audit.length, reminders, digests: dump.digests.length };
  }

  async health(): Promise<StoreHealth> {
    try {
      const r = await this.pool.query("SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_migrations");
      return { kind: "postgres", ok: this.open, schemaVersion: (r.rows[0] as { v: number }).v };
    } catch (e) {
      return { kind: "postgres", ok: false, error: (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e)) };
    }
  }

  isOpen(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.pool.end();
  }
}
