import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { AuthorityId } from "../knowledge/schema.js";
import type { ReminderStore } from "./reminders.js";

/**
 * Everything the bot keeps. No message text, ever: settings, conversation references (needed to
 * send reminders), reminders and digests, feedback counts, an audit trail of answer kinds, and the
 * pacing counters that must be shared by every instance. Two implementations sit side by side:
 * SQLite (embedded, one instance) and PostgreSQL (several instances behind a load balancer).
 * Nothing outside `store/` knows which one is in use.
 */
export interface ScopeSettings {
  authority?: AuthorityId;
  digest?: boolean;
}

export interface StoredConversation {
  conversationId: string;
  /** The Bot Framework ConversationReference as JSON; holds ids and the service URL only. */
  reference: unknown;
  scope: "personal" | "groupChat" | "team" | "channel" | "unknown";
  tenantId?: string;
  updatedAt: string;
}

export interface AuditEntry {
  at: string;
  conversationHash: string;
  authority: string | null;
  kind: string;
  level: string | null;
  packVersion: string | null;
}

export interface FeedbackCount {
  kind: string;
  level: string;
  helpful: number;
  notHelpful: number;
}

export interface StoreHealth {
  kind: "sqlite" | "postgres";
  /** The database answered a trivial query just now. */
  ok: boolean;
  /** The schema version in use (the number of migrations applied). */
  schemaVersion?: number;
  error?: string;
}

/** A rate limiter whose counts live in the store, so every instance on it shares them. */
export interface LimiterSpec {
  /** Unique per limit, e.g. "conversation-1s". */
  name: string;
  points: number;
  durationMs: number;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";

  getSettings(scopeKey: string): Promise<ScopeSettings>;
  updateSettings(scopeKey: string, patch: ScopeSettings): Promise<ScopeSettings>;

  saveConversation(c: Omit<StoredConversation, "updatedAt">, at: Date): Promise<void>;
  getConversation(conversationId: string): Promise<StoredConversation | undefined>;
  /** Returns true when the conversation was known. */
  removeConversation(conversationId: string): Promise<boolean>;
  listConversations(): Promise<StoredConversation[]>;

  recordFeedback(kind: string, level: string | null, helpful: boolean): Promise<void>;
  feedbackCounts(): Promise<FeedbackCount[]>;

  audit(entry: AuditEntry): Promise<void>;
  /** Several audit rows written together (one transaction or statement). */
  auditBatch(entries: AuditEntry[]): Promise<void>;
  pruneAudit(olderThan: Date): Promise<number>;
  auditCount(): Promise<number>;

  /** Reminders and digests, with lease-based claims. */
  readonly reminders: ReminderStore;

  /** A rate-limiter-flexible limiter kept in this store (shared across instances on PostgreSQL). */
  limiter(spec: LimiterSpec): RateLimiterAbstract;

  /** Every row, for `npm run store -- export`; `importDump` loads one into an empty store. */
  exportDump(): Promise<StoreDump>;
  importDump(dump: StoreDump): Promise<Record<string, number>>;

  health(): Promise<StoreHealth>;
  /** False once closed (shutting down). */
  isOpen(): boolean;
  close(): Promise<void>;
}

/** A store's rows in a neutral shape (ISO strings for instants), the same for both stores. */
export interface StoreDump {
  format: "threshold-assistant-store";
  version: 1;
  exportedAt: string;
  settings: { scopeKey: string; authority: string | null; digest: boolean; updatedAt: string }[];
  conversations: StoredConversation[];
  feedback: FeedbackCount[];
  audit: AuditEntry[];
  reminders: import("./reminders.js").Reminder[];
  digests: { conversationId: string; enabled: boolean; setBy: string; updatedAt: string }[];
}
