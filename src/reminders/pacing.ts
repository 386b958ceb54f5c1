/**
 * Pacing under Teams' published limits. Each conversation is a serial queue with sliding-window
 * limits (per bot per thread: 7 a second, 60 in 30 s, 1800 an hour); all sends share a token
 * bucket (about 30 a second per app per tenant). The defaults keep a margin below those figures,
 * because Teams counts arrivals on its own clock and network jitter bunches sends together.
 */
export interface PacingLimits {
  perConversation: { count: number; windowMs: number }[];
  overallPerSecond: number;
  overallBurst: number;
}

export const TEAMS_LIMITS: PacingLimits = {
  perConversation: [
    { count: 6, windowMs: 1_000 },
    { count: 55, windowMs: 30_000 },
    { count: 1_700, windowMs: 3_600_000 },
  ],
  overallPerSecond: 25,
  overallBurst: 1,
};

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const monotonic = () => performance.now();

/** A token bucket: `rate` tokens a second, at most `burst` saved up. Callers wait in arrival order. */
export class TokenBucket {
  private tokens: number;
  private last = monotonic();
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.tokens = burst;
  }

  take(): Promise<void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        const now = monotonic();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await this.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      }
    });
    this.tail = turn;
    return turn;
  }
}

/** Sliding windows of recent send times for one conversation. */
export class WindowLimiter {
  private readonly sent: number[] = [];
  constructor(private readonly windows: { count: number; windowMs: number }[]) {}

  /** Milliseconds to wait before the next send is allowed (0: now). */
  waitMs(now = monotonic()): number {
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    while (this.sent.length && this.sent[0]! <= now - longest) this.sent.shift();
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = this.sent.filter((t) => t > now - w.windowMs);
      if (inWindow.length >= w.count) wait = Math.max(wait, inWindow[inWindow.length - w.count]! + w.windowMs - now);
    }
    return Math.max(0, Math.ceil(wait));
  }

  record(now = monotonic()): void {
    this.sent.push(now);
  }
}

/**
 * Runs jobs one at a time per key, paced by that key's windows and the shared bucket. Keys with
 * nothing queued are dropped, except for their recent send times, which are kept while they matter.
 */
export class Pacer {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly limiters = new Map<string, WindowLimiter>();
  private readonly bucket: TokenBucket;
  private queued = 0;

  constructor(
    private readonly limits: PacingLimits = TEAMS_LIMITS,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.bucket = new TokenBucket(limits.overallPerSecond, limits.overallBurst, sleep);
  }

  get size(): number {
    return this.queued;
  }

  /** `job` receives `pace`, to call before each network attempt (retries are paced too). */
  run<T>(key: string, job: (pace: () => Promise<void>) => Promise<T>): Promise<T> {
    const limiter = this.limiters.get(key) ?? new WindowLimiter(this.limits.perConversation);
    this.limiters.set(key, limiter);
    const pace = async () => {
      for (let wait = limiter.waitMs(); wait > 0; wait = limiter.waitMs()) await this.sleep(wait);
      await this.bucket.take();
      // The bucket may have made us wait: check the windows again before recording.
      for (let wait = limiter.waitMs(); wait > 0; wait = limiter.waitMs()) await this.sleep(wait);
      limiter.record();
    };
    this.queued++;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const result = previous.then(() => job(pace));
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      this.queued--;
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return result;
  }

  /** Resolves when everything queued so far has run. */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }
}
