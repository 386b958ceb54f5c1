export type { Store, ScopeSettings, StoredConversation, AuditEntry, FeedbackCount } from "./store.js";
export { SqliteStore, openDatabase, migrate, MIGRATIONS } from "./sqlite.js";
