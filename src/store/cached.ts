import type { Logger } from "../logger.js";
import type { AuditEntry, FeedbackCount, LimiterSpec, ScopeSettings, Store, StoreDump, StoreHealth, StoredConversation } from "./store.js";

export interface CacheOptions {
  /**
   * How long a cached setting or conversation row is trusted before it is read again. Writes from
   * this process update the cache at once (write-through); the limit is for writes made by other
   * instances on the same database. Infinity for the embedded store, which one process owns.
   */
  ttlMs: number;
  /** Audit rows are written together, at most this long after the turn that made them. */
  auditFlushMs?: number;
  /** … or as soon as this many are waiting. */
  auditBatch?: number;
  /** Audit rows kept while the database cannot be reached, before the oldest are dropped. */
  auditBacklog?: number;
  /** Most settings and conversations cached (least recently used go first). */
  maxEntries?: number;
  logger?: Logger;
  clock?: () => number;
}

interface Entry<T> {
  value: T;
  at: number;
}

/** JSON with its keys in one order (PostgreSQL's jsonb gives them back in its own). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** The part of a conversation reference that matters for sending to it later: not the message id. */
function fingerprint(c: Omit<StoredConversation, "updatedAt">): string {
  const { activityId: _activityId, ...reference } = (c.reference ?? {}) as Record<string, unknown>;
  return canonical([reference, c.scope, c.tenantId ?? null]);
}

/** A small LRU map: a hit moves to the end, the first is dropped when full. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: K): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * The store off the hot path of a message turn, in front of either implementation:
 *
 * - settings are cached in process, written through (a change made here is seen here at once, and
 *   is in the database before the call returns); on PostgreSQL an entry is trusted for `ttlMs`,
 *   so a change made on another instance is seen there within that time;
 * - a conversation reference is written only when what matters in it changed (its service URL,
 *   bot, user, tenant, scope; not the id of the message it came with), so its row's `updatedAt` says
 *   when the reference last changed;
 * - audit rows are written in batches, one transaction (SQLite) or one statement (PostgreSQL) per
 *   batch, within `auditFlushMs`; anything that reads the audit trail, and closing, writes the
 *   waiting rows first. A process killed outright loses at most that last second of audit rows.
 */
export class CachedStore implements Store {
  private readonly settings: Lru<string, Entry<ScopeSettings>>;
  private readonly conversations: Lru<string, Entry<{ row: StoredConversation; fingerprint: string }>>;
  private pending: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly clock: () => number;
  private readonly flushMs: number;
  private readonly batch: number;
  private readonly backlog: number;

  constructor(
    private readonly inner: Store,
    private readonly options: CacheOptions,
  ) {
    this.settings = new Lru(options.maxEntries ?? 20_000);
    this.conversations = new Lru(options.maxEntries ?? 20_000);
    this.clock = options.clock ?? Date.now;
    this.flushMs = options.auditFlushMs ?? 1_000;
    this.batch = options.auditBatch ?? 200;
    this.backlog = options.auditBacklog ?? 20_000;
  }

  get kind() {
    return this.inner.kind;
  }

  /** The store behind the caches (tests and benchmarks that reach into it). */
  get underlying(): Store {
    return this.inner;
  }

  get reminders() {
    return this.inner.reminders;
  }

  private fresh<T>(e: Entry<T> | undefined): e is Entry<T> {
    return e !== undefined && this.clock() - e.at < this.options.ttlMs;
  }

  async getSettings(scopeKey: string): Promise<ScopeSettings> {
    const hit = this.settings.get(scopeKey);
    if (this.fresh(hit)) return { ...hit.value };
    const value = await this.inner.getSettings(scopeKey);
    this.settings.set(scopeKey, { value, at: this.clock() });
    return { ...value };
  }

  async updateSettings(scopeKey: string, patch: ScopeSettings): Promise<ScopeSettings> {
    try {
      // As a read of the row just written would give it (a new row's digest is off).
      const value = { ...(await this.inner.updateSettings(scopeKey, patch)) };
      value.digest ??= false;
      this.settings.set(scopeKey, { value, at: this.clock() });
      return { ...value };
    } catch (e) {
      // Whether the write landed is unknown: read it again next time.
      this.settings.delete(scopeKey);
      throw e;
    }
  }

  async saveConversation(c: Omit<StoredConversation, "updatedAt">, at: Date): Promise<void> {
    const print = fingerprint(c);
    const hit = this.conversations.get(c.conversationId);
    if (this.fresh(hit) && hit.value.fingerprint === print) return;
    try {
      await this.inner.saveConversation(c, at);
    } catch (e) {
      this.conversations.delete(c.conversationId);
      throw e;
    }
    const row: StoredConversation = { ...c, updatedAt: at.toISOString() };
    this.conversations.set(c.conversationId, { value: { row, fingerprint: print }, at: this.clock() });
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const hit = this.conversations.get(conversationId);
    if (this.fresh(hit)) return { ...hit.value.row };
    const row = await this.inner.getConversation(conversationId);
    if (row) this.conversations.set(conversationId, { value: { row, fingerprint: fingerprint(row) }, at: this.clock() });
    else this.conversations.delete(conversationId);
    return row ? { ...row } : undefined;
  }

  async removeConversation(conversationId: string): Promise<boolean> {
    this.conversations.delete(conversationId);
    return this.inner.removeConversation(conversationId);
  }

  listConversations(): Promise<StoredConversation[]> {
    return this.inner.listConversations();
  }

  recordFeedback(kind: string, level: string | null, helpful: boolean): Promise<void> {
    return this.inner.recordFeedback(kind, level, helpful);
  }

  feedbackCounts(): Promise<FeedbackCount[]> {
    return this.inner.feedbackCounts();
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.pending.push(entry);
    if (this.pending.length >= this.batch && !this.flushing) void this.flush().catch(() => undefined);
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushMs).unref();
  }

  async auditBatch(entries: AuditEntry[]): Promise<void> {
    for (const e of entries) await this.audit(e);
  }

  /** Writes the waiting audit rows; on failure they wait for the next attempt (up to `auditBacklog`). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const run = async (): Promise<void> => {
      // The rows waiting now; those that arrive meanwhile go with the next batch.
      const waiting = this.pending.splice(0);
      while (waiting.length > 0) {
        const rows = waiting.splice(0, 500);
        try {
          await this.inner.auditBatch(rows);
        } catch (e) {
          this.pending.unshift(...rows, ...waiting);
          const dropped = this.pending.length - this.backlog;
          if (dropped > 0) this.pending.splice(0, dropped);
          this.options.logger?.warn({ what: "audit", waiting: this.pending.length, dropped: Math.max(0, dropped), errType: e instanceof Error ? e.name : typeof e }, "store unavailable; audit rows wait");
          if (this.inner.isOpen()) this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), Math.max(this.flushMs, 5_000)).unref();
          throw e;
        }
      }
    };
    const previous = this.flushing ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    this.flushing = next;
    void next.catch(() => undefined).finally(() => {
      if (this.flushing === next) this.flushing = null;
    });
    return next;
  }

  async pruneAudit(olderThan: Date): Promise<number> {
    await this.flush();
    return this.inner.pruneAudit(olderThan);
  }

  async auditCount(): Promise<number> {
    await this.flush();
    return this.inner.auditCount();
  }

  limiter(spec: LimiterSpec) {
    return this.inner.limiter(spec);
  }

  async exportDump(): Promise<StoreDump> {
    await this.flush();
    return this.inner.exportDump();
  }

  async importDump(dump: StoreDump): Promise<Record<string, number>> {
    try {
      return await this.inner.importDump(dump);
    } finally {
      this.settings.clear();
      this.conversations.clear();
    }
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }

  async close(): Promise<void> {
    if (!this.inner.isOpen()) return;
    await this.flush().catch(() => undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inner.close();
  }
}
