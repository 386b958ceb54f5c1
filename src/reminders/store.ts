import type Database from "better-sqlite3";
import { z } from "zod";
import { migrate } from "../store/index.js";

/**
 * Reminders, in the bot's SQLite database (own migration list, version key "reminders"). No
 * message text: a short checked label, ids, days and instants. States:
 *   pending → claimed (lease) → sent | undeliverable;  pending → cancelled.
 * A claimed row with `send_started_at` set was possibly delivered: it is never sent again.
 */
export const REMINDER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE reminders (
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
   CREATE INDEX reminders_due ON reminders (state, send_at);
   CREATE INDEX reminders_conversation ON reminders (conversation_id, state);
   CREATE TABLE reminder_digests (conversation_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, set_by TEXT NOT NULL, updated_at TEXT NOT NULL);`,
];

export const ReminderState = z.enum(["pending", "claimed", "sent", "undeliverable", "cancelled"]);
export type ReminderState = z.infer<typeof ReminderState>;

export const ReminderRow = z.object({
  id: z.string(),
  conversation_id: z.string(),
  authority: z.string().nullable(),
  rule: z.string(),
  label: z.string(),
  from_day: z.string().nullable(),
  due: z.string(),
  due_at: z.string(),
  kind: z.enum(["2wd", "1wd", "day", "custom", "digest"]),
  send_at: z.string(),
  state: ReminderState,
  lease_owner: z.string().nullable(),
  lease_until: z.string().nullable(),
  send_started_at: z.string().nullable(),
  attempts: z.number(),
  outcome: z.string().nullable(),
  set_by: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type Reminder = z.infer<typeof ReminderRow>;

export type NewReminder = Pick<Reminder, "id" | "conversation_id" | "authority" | "rule" | "label" | "from_day" | "due" | "due_at" | "kind" | "send_at" | "set_by">;

/** What the scheduler and the feature need; a PostgreSQL store can implement it with SKIP LOCKED claims. */
export interface ReminderStore {
  insert(reminders: NewReminder[], now: Date): void;
  get(id: string): Reminder | undefined;
  pendingFor(conversationId: string): Reminder[];
  /** Reminders (not digests) of a conversation whose deadline day lies in [fromDay, toDay], not cancelled. */
  dueBetween(conversationId: string, fromDay: string, toDay: string): Reminder[];
  findPending(conversationId: string, rule: string, due: string, kind: string): Reminder | undefined;
  cancel(id: string, conversationId: string, outcome: string): boolean;
  cancelConversation(conversationId: string, outcome: string): string[];
  /** Rows whose lease expired under another owner: unstarted ones go back to pending, started ones end as sent (unconfirmed). */
  recoverExpired(now: Date, owner: string): { requeued: string[]; unconfirmed: string[] };
  /** Pending reminders whose deadline has passed end as cancelled ("deadline-passed"). */
  expireOverdue(now: Date): string[];
  claimDue(now: Date, owner: string, leaseMs: number, limit: number, onlyDueBefore?: Date): Reminder[];
  /** The claim record checked before the network call; false when this owner no longer holds the claim. */
  startSend(id: string, owner: string, now: Date, leaseMs: number): boolean;
  /** The connector refused without delivering: the row may be sent again. */
  sendFailed(id: string, owner: string, outcome: string): void;
  release(id: string, owner: string, retryAt: Date, outcome: string): void;
  finish(id: string, state: "sent" | "undeliverable", outcome: string, now: Date): void;
  setDigest(conversationId: string, enabled: boolean, setBy: string, now: Date): void;
  digestEnabled(conversationId: string): boolean;
  counts(): Record<string, number>;
}

export class SqliteReminderStore implements ReminderStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    migrate(db, REMINDER_MIGRATIONS, "reminders");
    this.s = {
      insert: db.prepare(
        `INSERT INTO reminders (id, conversation_id, authority, rule, label, from_day, due, due_at, kind, send_at, state, set_by, created_at)
         VALUES (@id, @conversation_id, @authority, @rule, @label, @from_day, @due, @due_at, @kind, @send_at, 'pending', @set_by, @created_at)
         ON CONFLICT(id) DO NOTHING`,
      ),
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
        "UPDATE reminders SET state = 'pending', lease_owner = NULL, lease_until = NULL WHERE state = 'claimed' AND send_started_at IS NULL AND lease_until < @now AND lease_owner <> @owner RETURNING id",
      ),
      unconfirmed: db.prepare(
        "UPDATE reminders SET state = 'sent', outcome = 'unconfirmed', lease_owner = NULL WHERE state = 'claimed' AND send_started_at IS NOT NULL AND lease_until < @now AND lease_owner <> @owner RETURNING id",
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
      finish: db.prepare("UPDATE reminders SET state = @state, outcome = @outcome, sent_at = @now, lease_owner = NULL, lease_until = NULL WHERE id = @id"),
      setDigest: db.prepare(
        `INSERT INTO reminder_digests (conversation_id, enabled, set_by, updated_at) VALUES (@conversationId, @enabled, @setBy, @now)
         ON CONFLICT(conversation_id) DO UPDATE SET enabled = excluded.enabled, set_by = excluded.set_by, updated_at = excluded.updated_at`,
      ),
      digestEnabled: db.prepare("SELECT enabled FROM reminder_digests WHERE conversation_id = ?"),
      counts: db.prepare("SELECT state, COUNT(*) AS n FROM reminders GROUP BY state"),
    };
  }

  private rows(rows: unknown[]): Reminder[] {
    return rows.map((r) => ReminderRow.parse(r));
  }

  insert(reminders: NewReminder[], now: Date): void {
    const created_at = now.toISOString();
    this.db.transaction(() => {
      for (const r of reminders) this.s.insert.run({ ...r, created_at });
    })();
  }

  get(id: string): Reminder | undefined {
    const row = this.s.get.get(id);
    return row ? ReminderRow.parse(row) : undefined;
  }

  pendingFor(conversationId: string): Reminder[] {
    return this.rows(this.s.pendingFor.all(conversationId));
  }

  dueBetween(conversationId: string, fromDay: string, toDay: string): Reminder[] {
    return this.rows(this.s.dueBetween.all(conversationId, fromDay, toDay));
  }

  findPending(conversationId: string, rule: string, due: string, kind: string): Reminder | undefined {
    const row = this.s.findPending.get(conversationId, rule, due, kind);
    return row ? ReminderRow.parse(row) : undefined;
  }

  cancel(id: string, conversationId: string, outcome: string): boolean {
    return this.s.cancel.run(outcome, id, conversationId).changes > 0;
  }

  cancelConversation(conversationId: string, outcome: string): string[] {
    return (this.s.cancelConversation.all(outcome, conversationId) as { id: string }[]).map((r) => r.id);
  }

  recoverExpired(now: Date, owner: string) {
    const args = { now: now.toISOString(), owner };
    return this.db.transaction(() => ({
      requeued: (this.s.requeue.all(args) as { id: string }[]).map((r) => r.id),
      unconfirmed: (this.s.unconfirmed.all(args) as { id: string }[]).map((r) => r.id),
    }))();
  }

  expireOverdue(now: Date): string[] {
    return (this.s.expire.all(now.toISOString()) as { id: string }[]).map((r) => r.id);
  }

  claimDue(now: Date, owner: string, leaseMs: number, limit: number, onlyDueBefore?: Date): Reminder[] {
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

  startSend(id: string, owner: string, now: Date, leaseMs: number): boolean {
    return this.s.startSend.run({ id, owner, now: now.toISOString(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString() }).changes === 1;
  }

  sendFailed(id: string, owner: string, outcome: string): void {
    this.s.sendFailed.run({ id, owner, outcome });
  }

  release(id: string, owner: string, retryAt: Date, outcome: string): void {
    this.s.release.run({ id, owner, retryAt: retryAt.toISOString(), outcome });
  }

  finish(id: string, state: "sent" | "undeliverable", outcome: string, now: Date): void {
    this.s.finish.run({ id, state, outcome, now: now.toISOString() });
  }

  setDigest(conversationId: string, enabled: boolean, setBy: string, now: Date): void {
    this.s.setDigest.run({ conversationId, enabled: enabled ? 1 : 0, setBy, now: now.toISOString() });
  }

  digestEnabled(conversationId: string): boolean {
    return (this.s.digestEnabled.get(conversationId) as { enabled: number } | undefined)?.enabled === 1;
  }

  counts(): Record<string, number> {
    return Object.fromEntries((this.s.counts.all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
  }
}
