import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { AuthorityId } from "../knowledge/schema.js";
import type { AuditEntry, FeedbackCount, ScopeSettings, Store, StoredConversation } from "./store.js";

/** Ordered migrations; the user_version pragma records how many have run. Append, never edit. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (scope_key TEXT PRIMARY KEY, authority TEXT, digest INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
   CREATE TABLE conversations (conversation_id TEXT PRIMARY KEY, reference TEXT NOT NULL, scope TEXT NOT NULL, tenant_id TEXT, updated_at TEXT NOT NULL);
   CREATE TABLE feedback (kind TEXT NOT NULL, level TEXT NOT NULL, helpful INTEGER NOT NULL DEFAULT 0, not_helpful INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, level));
   CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation_hash TEXT NOT NULL, authority TEXT, kind TEXT NOT NULL, level TEXT, pack_version TEXT);
   CREATE INDEX audit_at ON audit (at);`,
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

/** Runs the migrations not yet applied, each in a transaction; `from` lets other modules keep their own list. */
export function migrate(db: Database.Database, migrations: readonly string[], versionKey = "user_version"): void {
  const current = versionKey === "user_version" ? (db.pragma("user_version", { simple: true }) as number) : readVersion(db, versionKey);
  for (let i = current; i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]!);
      if (versionKey === "user_version") db.pragma(`user_version = ${i + 1}`);
      else writeVersion(db, versionKey, i + 1);
    })();
  }
}

function readVersion(db: Database.Database, key: string): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_versions (key TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_versions WHERE key = ?").get(key) as { version: number } | undefined;
  return row?.version ?? 0;
}

function writeVersion(db: Database.Database, key: string, version: number): void {
  db.prepare("INSERT INTO schema_versions (key, version) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET version = excluded.version").run(key, version);
}

export class SqliteStore implements Store {
  private open = true;
  private readonly stmts;

  constructor(readonly db: Database.Database) {
    migrate(db, MIGRATIONS);
    this.stmts = {
      getSettings: db.prepare("SELECT authority, digest FROM settings WHERE scope_key = ?"),
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
      pruneAudit: db.prepare("DELETE FROM audit WHERE at < ?"),
      auditCount: db.prepare("SELECT COUNT(*) AS n FROM audit"),
    };
  }

  getSettings(scopeKey: string): ScopeSettings {
    const row = this.stmts.getSettings.get(scopeKey);
    if (!row) return {};
    const r = SettingsRow.parse(row);
    return { ...(r.authority ? { authority: r.authority } : {}), digest: r.digest === 1 };
  }

  updateSettings(scopeKey: string, patch: ScopeSettings): ScopeSettings {
    const next = { ...this.getSettings(scopeKey), ...patch };
    this.stmts.putSettings.run({ scopeKey, authority: next.authority ?? null, digest: next.digest ? 1 : 0, at: new Date().toISOString() });
    return next;
  }

  saveConversation(c: Omit<StoredConversation, "updatedAt">, at: Date): void {
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

  getConversation(conversationId: string): StoredConversation | undefined {
    const row = this.stmts.getConversation.get(conversationId);
    return row ? this.toConversation(row) : undefined;
  }

  removeConversation(conversationId: string): boolean {
    return this.stmts.deleteConversation.run(conversationId).changes > 0;
  }

  listConversations(): StoredConversation[] {
    return this.stmts.listConversations.all().map((row) => this.toConversation(row));
  }

  recordFeedback(kind: string, level: string | null, helpful: boolean): void {
    this.stmts.feedback.run({ kind, level: level ?? "-", helpful: helpful ? 1 : 0, notHelpful: helpful ? 0 : 1 });
  }

  feedbackCounts(): FeedbackCount[] {
    return this.stmts.feedbackCounts.all() as FeedbackCount[];
  }

  audit(entry: AuditEntry): void {
    this.stmts.audit.run(entry);
  }

  pruneAudit(olderThan: Date): number {
    return this.stmts.pruneAudit.run(olderThan.toISOString()).changes;
  }

  auditCount(): number {
    return (this.stmts.auditCount.get() as { n: number }).n;
  }

  isOpen(): boolean {
    return this.open && this.db.open;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}
