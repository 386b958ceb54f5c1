import type { AuthorityId } from "../knowledge/schema.js";

/**
 * Everything the bot keeps. No message text, ever: settings, conversation references (needed to
 * send reminders), feedback counts and an audit trail of answer kinds. A PostgreSQL store can
 * implement this interface to serve several bot instances behind a load balancer.
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

export interface Store {
  getSettings(scopeKey: string): ScopeSettings;
  updateSettings(scopeKey: string, patch: ScopeSettings): ScopeSettings;

  saveConversation(c: Omit<StoredConversation, "updatedAt">, at: Date): void;
  getConversation(conversationId: string): StoredConversation | undefined;
  /** Returns true when the conversation was known. */
  removeConversation(conversationId: string): boolean;
  listConversations(): StoredConversation[];

  recordFeedback(kind: string, level: string | null, helpful: boolean): void;
  feedbackCounts(): FeedbackCount[];

  audit(entry: AuditEntry): void;
  pruneAudit(olderThan: Date): number;
  auditCount(): number;

  isOpen(): boolean;
  close(): void;
}
