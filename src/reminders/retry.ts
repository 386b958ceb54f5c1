import pRetry, { AbortError } from "p-retry";

/**
 * What to do after a failed send. The connector client already retries 429 when Retry-After is
 * present and 502/503; what reaches us needs an application-level decision:
 *   412, bare 429, 5xx, connection refused  → retry with exponential backoff and jitter, honouring Retry-After;
 *   403, 404 (bot removed from the conversation) → undeliverable, no retry;
 *   other 4xx (the connector refused this activity) → undeliverable;
 *   anything without a status (timeout, reset) → possibly delivered: never resent.
 */
export type Verdict = { kind: "retry"; afterMs?: number; status: string } | { kind: "gone"; status: string } | { kind: "uncertain"; status: string };

const RETRY_STATUS = new Set([412, 429]);
const GONE_STATUS = new Set([403, 404]);
// These mean the request never reached the connector, so retrying cannot double a message.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

interface ErrorShape {
  statusCode?: unknown;
  code?: unknown;
  response?: { status?: unknown; headers?: { get?: (name: string) => string | undefined | null } | Record<string, unknown> };
  cause?: unknown;
}

function headerOf(e: ErrorShape, name: string): string | undefined {
  const h = e.response?.headers;
  if (!h) return undefined;
  if (typeof h.get === "function") return (h.get as (n: string) => string | undefined | null)(name) ?? undefined;
  const v = (h as Record<string, unknown>)[name];
  return typeof v === "string" ? v : undefined;
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function classify(error: unknown): Verdict {
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
  const status = typeof e.statusCode === "number" ? e.statusCode : typeof e.response?.status === "number" ? e.response.status : undefined;
  if (status !== undefined) {
    const afterMs = retryAfterMs(headerOf(e, "retry-after"));
    if (RETRY_STATUS.has(status) || status >= 500) return { kind: "retry", status: String(status), ...(afterMs !== undefined ? { afterMs } : {}) };
    if (GONE_STATUS.has(status)) return { kind: "gone", status: String(status) };
    return { kind: "gone", status: `rejected-${status}` };
  }
  const code = typeof e.code === "string" ? e.code : typeof (e.cause as ErrorShape | undefined)?.code === "string" ? String((e.cause as ErrorShape).code) : "";
  if (NOT_SENT_CODES.has(code)) return { kind: "retry", status: code };
  return { kind: "uncertain", status: code || "no-status" };
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** Attempts within one claim before the reminder goes back to the queue for later. */
  attemptsPerClaim: number;
  /** Attempts over the reminder's life before it ends as undeliverable. */
  maxAttempts: number;
  /** Wait before a reminder that used up a claim's attempts is tried again. */
  requeueMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 60_000, attemptsPerClaim: 5, maxAttempts: 15, requeueMs: 10 * 60_000 };

/** A send the connector refused in a way worth trying again. */
export class RetryableSend extends Error {
  constructor(readonly verdict: Extract<Verdict, { kind: "retry" }>) {
    super(`send failed: ${verdict.status}`);
    this.name = "RetryableSend";
  }
}

/** Thrown out of an attempt to stop retrying without counting it as a failure of the send. */
export { AbortError };

/**
 * Runs `attempt` until it succeeds, up to `attemptsPerClaim` times, with p-retry's exponential
 * backoff and jitter (0.5–1 × base × 2^n, capped at maxMs). A Retry-After is a floor: the wait it
 * asks for comes first, then the backoff. Only RetryableSend is retried; it is rethrown when
 * the attempts run out.
 */
export function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  backoff: Backoff,
  hooks: { sleep: (ms: number) => Promise<void>; onRetry?: (n: number, verdict: Verdict) => void; signal?: AbortSignal },
): Promise<T> {
  return pRetry(attempt, {
    retries: Math.max(0, backoff.attemptsPerClaim - 1),
    factor: 2,
    minTimeout: backoff.baseMs / 2,
    maxTimeout: backoff.maxMs,
    randomize: true,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    shouldRetry: ({ error }) => error instanceof RetryableSend,
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (!(error instanceof RetryableSend) || retriesLeft === 0) return;
      hooks.onRetry?.(attemptNumber, error.verdict);
      if (error.verdict.afterMs !== undefined) await hooks.sleep(Math.min(backoff.maxMs * 5, error.verdict.afterMs));
    },
  });
}
