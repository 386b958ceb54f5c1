export type { Store, ScopeSettings, StoredConversation, AuditEntry, FeedbackCount, StoreHealth, StoreDump, LimiterSpec } from "./store.js";
export { ReminderRow, ReminderState, type Reminder, type NewReminder, type ReminderStore } from "./reminders.js";
export { SqliteStore, openDatabase, migrate, MIGRATIONS } from "./sqlite.js";
export { PgStore, PG_MIGRATIONS } from "./postgres.js";
export { openStore, SHARED_CACHE_TTL_MS, type StoreSettings } from "./open.js";
export { CachedStore, type CacheOptions } from "./cached.js";
