import pRetry from "p-retry";
import { createRequire } from "node:module";
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { LimiterSpec, Store } from "../store/index.js";

// rate-limiter-flexible's index loads every backend it supports (Redis, Mongo, MySQL, …) at start;
// the class is taken from its own module instead (the same module the library's limiters use).
const LimiterRes = createRequire(import.meta.url)("rate-limiter-flexible/lib/RateLimiterRes.js") as typeof RateLimiterRes;

/**
 * Pacing under Teams' published limits (per bot per thread: 7 a second, 60 in 30 s, 1800 an hour;
 * about 30 a second per app per tenant), counted by rate-limiter-flexible in the store, so the
 * limits hold for all instances together, not for each.
 *
 * rate-limiter-flexible counts fixed windows that open at the first send after the last one closed.
 * Any span as long as a window touches at most two windows, so a window of N points lets at most
 * 2N through in any such span; one point per window is a minimum spacing. The defaults keep a
 * margin below Teams' figures, because Teams counts arrivals on its own clock and network jitter
 * bunches sends together:
 *   one send per 200 ms in a conversation  → at most 5 in any second (6 counting both ends)
 *   27 per 30 s window                     → at most 54 in any 30 s
 *   850 per hour window                    → at most 1,700 in any hour
 *   one send per 40 ms in a tenant         → at most 25 in any second (26 counting both ends)
 */
export interface Limit {
  points: number;
  durationMs: number;
}

export interface PacingLimits {
  perConversation: Limit[];
  perTenant: Limit[];
}

export const TEAMS_LIMITS: PacingLimits = {
  perConversation: [
    { points: 1, durationMs: 200 },
    { points: 27, durationMs: 30_000 },
    { points: 850, durationMs: 3_600_000 },
  ],
  perTenant: [{ points: 1, durationMs: 40 }],
};

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export interface PaceKey {
  conversationId: string;
  tenantId: string;
}

const specs = (scope: string, limits: Limit[]): LimiterSpec[] => limits.map((l) => ({ name: `pace-${scope}-${l.points}-${l.durationMs}`, ...l }));

/**
 * Runs jobs one at a time per conversation (in this instance); before each network attempt a job
 * calls `pace`, which waits for the conversation's and then the tenant's limiters in the store.
 * Within an instance, waiters for one tenant queue in turn, so only the head of each queue asks
 * the store (no stampede of polls); across instances the store's counters decide.
 */
export class Pacer {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly tenantTurns = new Map<string, Promise<void>>();
  private readonly conversation: RateLimiterAbstract[];
  private readonly tenant: RateLimiterAbstract[];
  private queued = 0;
  private readonly abort = new AbortController();

  constructor(
    store: Pick<Store, "limiter">,
    readonly limits: PacingLimits = TEAMS_LIMITS,
    private readonly sleep: Sleep = realSleep,
    private readonly onStoreError: (e: unknown) => void = () => undefined,
  ) {
    this.conversation = specs("conversation", limits.perConversation).map((s) => store.limiter(s));
    this.tenant = specs("tenant", limits.perTenant).map((s) => store.limiter(s));
  }

  get size(): number {
    return this.queued;
  }

  /** Waits for one point from `limiter` for `key`; a store that cannot be reached is retried with backoff. */
  private async take(limiter: RateLimiterAbstract, key: string): Promise<void> {
    for (;;) {
      const refused = await pRetry(
        () =>
          limiter.consume(key).then(
            () => null,
            (e: unknown) => {
              if (e instanceof LimiterRes) return e;
              throw e instanceof Error ? e : new Error(String(e));
            },
          ),
        { retries: Number.POSITIVE_INFINITY, minTimeout: 200, maxTimeout: 10_000, randomize: true, signal: this.abort.signal, onFailedAttempt: ({ error }) => this.onStoreError(error) },
      );
      if (!refused) return;
      await this.sleep(Math.max(1, refused.msBeforeNext));
    }
  }

  private async pace(key: PaceKey): Promise<void> {
    for (const l of this.conversation) await this.take(l, key.conversationId);
    const previous = this.tenantTurns.get(key.tenantId) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (const l of this.tenant) await this.take(l, key.tenantId);
    });
    const settled = turn.catch(() => undefined);
    this.tenantTurns.set(key.tenantId, settled);
    void settled.then(() => this.tenantTurns.get(key.tenantId) === settled && this.tenantTurns.delete(key.tenantId));
    await turn;
  }

  /** `job` receives `pace`, to call before each network attempt (retries are paced too). */
  run<T>(key: PaceKey, job: (pace: () => Promise<void>) => Promise<T>): Promise<T> {
    this.queued++;
    const previous = this.queues.get(key.conversationId) ?? Promise.resolve();
    const result = previous.then(() => job(() => this.pace(key)));
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key.conversationId, settled);
    void settled.then(() => {
      this.queued--;
      if (this.queues.get(key.conversationId) === settled) this.queues.delete(key.conversationId);
    });
    return result;
  }

  /** Waiting for the store stops (shutdown); jobs still waiting reject. */
  stop(): void {
    this.abort.abort(new Error("pacer stopped"));
  }

  /** Resolves when everything queued so far has run. */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }
}
