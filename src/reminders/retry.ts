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

/** Exponential backoff with equal jitter; a Retry-After is a floor, with a little jitter added so senders spread out. */
export function backoffMs(attempt: number, verdict: Verdict, b: Backoff = DEFAULT_BACKOFF, random = Math.random): number {
  const exp = Math.min(b.maxMs, b.baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  const after = verdict.kind === "retry" ? verdict.afterMs : undefined;
  return after !== undefined ? Math.min(b.maxMs * 5, after + random() * Math.min(1_000, after * 0.1 + 100)) : jittered;
}
