import { createHash, randomUUID } from "node:crypto";
import type { ConversationRef } from "../contract/turn.js";
import pRetry from "p-retry";
import { expand } from "../cards/templates.js";
import type { Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { Reminder, ReminderStore, Store } from "../store/index.js";
import { addDays, londonYmd } from "./calendar.js";
import { Pacer, realSleep, type Sleep } from "./pacing.js";
import { classify, DEFAULT_BACKOFF, RetryableSend, withRetries, type Backoff } from "./retry.js";
import type { OutgoingCard, ProactiveSender } from "./sender.js";
import { dayText, reminderLine } from "./text.js";
import { inWindow, nextDigestTime, nextWindowOpening } from "./timing.js";

export type Clock = () => Date;

export interface SchedulerOptions {
  store: ReminderStore;
  conversations: Pick<Store, "getConversation">;
  knowledge: Knowledge;
  sender: ProactiveSender;
  logger: Logger;
  /** Calendar time: when reminders are due. Tests pass a fake clock; waits between sends stay real. */
  clock: Clock;
  pacer: Pacer;
  sleep?: Sleep;
  backoff?: Backoff;
  pollMs?: number;
  leaseMs?: number;
  /** Most reminders one instance holds claimed at a time, so that other instances get a share. */
  claimBatch?: number;
  /** Sent later than this after its time, a reminder says "(delayed)". */
  delayedAfterMs?: number;
}

/** Ends an attempt without retrying: the row has been settled (or left to another owner). */
class Settled extends Error {}

/**
 * Claim → send → mark, idempotent by reminder id:
 * - a claim is a lease (owner, expiry) taken in one atomic UPDATE (FOR UPDATE SKIP LOCKED on
 *   PostgreSQL), so two schedulers, in one process or in many, never hold one row;
 * - before the network call the row records `send_started_at` (the claim record checked before
 *   sending); a row found with it set and its lease expired may have been delivered, so it ends as
 *   sent ("unconfirmed") and is never sent again, even if the process died between send and mark;
 * - the connector answering with an error means it was not delivered, so that clears the record and
 *   the row may be retried.
 * The cost of never doubling is that a crash in the instant between the POST and its answer can
 * lose that one reminder; the log names it by id.
 * When the database cannot be reached, passes are retried with backoff and reminders wait; the
 * bot goes on answering questions.
 */
export class Scheduler {
  readonly owner = randomUUID();
  private readonly pacer: Pacer;
  private readonly sleep: Sleep;
  private readonly backoff: Backoff;
  private readonly leaseMs: number;
  private readonly claimBatch: number;
  private readonly delayedAfterMs: number;
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  /** Consecutive passes that failed on the store; 0 when the last one worked. */
  failingPasses = 0;

  constructor(private readonly o: SchedulerOptions) {
    this.pacer = o.pacer;
    this.sleep = o.sleep ?? realSleep;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.leaseMs = o.leaseMs ?? 5 * 60_000;
    this.claimBatch = o.claimBatch ?? 500;
    this.delayedAfterMs = o.delayedAfterMs ?? 15 * 60_000;
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.o.pollMs ?? 1_000).unref();
      });
    };
    loop();
  }

  /** Stops claiming, lets sends under way finish (up to 5 s), and hands back claims not yet started. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort(new Error("scheduler stopped"));
    await this.ticking;
    await Promise.race([this.pacer.idle(), new Promise((r) => setTimeout(r, 5_000).unref())]);
    this.pacer.stop();
    try {
      const released = await this.o.store.releaseClaims(this.owner);
      if (released.length) this.o.logger.info({ released: released.length }, "stopping: reminder claims handed back for another instance");
    } catch (e) {
      this.o.logger.warn({ errType: (e as Error)?.name }, "stopping: could not hand back reminder claims; their leases will expire");
    }
  }

  /** Sends still queued or in progress. */
  get busy(): number {
    return this.inFlight.size;
  }

  async idle(): Promise<void> {
    await this.ticking;
    await this.pacer.idle();
  }

  /** One pass, retried with backoff while the store cannot be reached (reminders wait meanwhile). */
  tick(): Promise<void> {
    return (this.ticking ??= pRetry(() => this.pass(), {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 500,
      maxTimeout: 30_000,
      randomize: true,
      signal: this.abort.signal,
      onFailedAttempt: ({ error, attemptNumber }) => {
        this.failingPasses = attemptNumber;
        this.o.logger.warn({ attempt: attemptNumber, errType: error.name, code: (error as { code?: string }).code }, "reminder store unavailable; reminders wait, retrying with backoff");
      },
    })
      .then(() => {
        if (this.failingPasses) this.o.logger.info({ after: this.failingPasses }, "reminder store reachable again");
        this.failingPasses = 0;
      })
      .catch(() => undefined)
      .finally(() => (this.ticking = null)));
  }

  /** Recover abandoned claims, drop reminders whose deadline passed, claim what is due. */
  private async pass(): Promise<void> {
    if (this.stopped) return;
    const now = this.o.clock();
    const { requeued, unconfirmed } = await this.o.store.recoverExpired(now);
    if (requeued.length) this.o.logger.info({ reminders: requeued }, "reminder claims expired before sending; queued again");
    if (unconfirmed.length)
      this.o.logger.warn({ reminders: unconfirmed }, "reminder send was interrupted after it started; not sent again, so it is never doubled");
    const expired = await this.o.store.expireOverdue(now);
    if (expired.length) this.o.logger.info({ reminders: expired }, "reminders not sent: their deadline passed while they waited");
    // Outside 08:00–18:00 on a working day only reminders whose deadline comes before the window opens go out.
    const onlyDueBefore = inWindow(now) ? undefined : nextWindowOpening(now);
    // Claim no more than this instance sends well within a lease, leaving the rest to other instances.
    const room = Math.max(0, this.claimBatch - this.inFlight.size);
    if (room === 0 || this.stopped) return;
    const claimed = await this.o.store.claimDue(now, this.owner, this.leaseMs, room, onlyDueBefore);
    for (const r of claimed) {
      if (this.inFlight.has(r.id)) continue; // re-claimed after its lease ran out while queued here
      this.inFlight.add(r.id);
      void this.deliverPaced(r).finally(() => this.inFlight.delete(r.id));
    }
  }

  private async deliverPaced(r: Reminder): Promise<void> {
    try {
      const conversation = await this.o.conversations.getConversation(r.conversation_id);
      if (!conversation) {
        await this.o.store.finish(r.id, "undeliverable", "no-conversation", this.o.clock());
        this.o.logger.info({ reminder: r.id }, "reminder undeliverable: the bot is no longer in that conversation");
        return;
      }
      const key = { conversationId: r.conversation_id, tenantId: conversation.tenantId ?? "-" };
      await this.pacer.run(key, (pace) => this.deliver(r, conversation.reference as ConversationRef, pace));
    } catch (e) {
      // The store failed mid-delivery (or we are stopping): the claim stays and its lease decides.
      if (!this.stopped) this.o.logger.error({ reminder: r.id, err: { type: (e as Error)?.name ?? "Error" } }, "reminder delivery failed; its claim expires and it is recovered");
    }
  }

  private async deliver(r: Reminder, reference: ConversationRef, pace: () => Promise<void>): Promise<void> {
    const log = this.o.logger;
    try {
      await withRetries(
        async (attempt) => {
          await pace();
          if (this.stopped) throw new Settled("stopping");
          const now = this.o.clock();
          if (r.kind !== "digest" && new Date(r.due_at) <= now) {
            await this.o.store.finish(r.id, "undeliverable", "deadline-passed", now);
            log.info({ reminder: r.id }, "reminder not sent: its deadline passed");
            return;
          }
          const message = await this.compose(r, now);
          if (!(await this.o.store.startSend(r.id, this.owner, now, this.leaseMs))) {
            log.info({ reminder: r.id }, "reminder claim lost before sending; left to its new owner");
            return;
          }
          try {
            await this.o.sender.send(reference, message);
          } catch (e) {
            const verdict = classify(e);
            if (verdict.kind === "gone") {
              await this.o.store.finish(r.id, "undeliverable", verdict.status, this.o.clock());
              log.warn({ reminder: r.id, status: verdict.status }, "reminder undeliverable: the connector refused it (bot removed?)");
              return;
            }
            if (verdict.kind === "uncertain") {
              await this.o.store.finish(r.id, "sent", `unconfirmed-${verdict.status}`, this.o.clock());
              log.warn({ reminder: r.id, status: verdict.status }, "reminder send ended without an answer; not retried, so it is never doubled");
              return;
            }
            await this.o.store.sendFailed(r.id, this.owner, verdict.status);
            const total = r.attempts + attempt;
            if (total >= this.backoff.maxAttempts) {
              await this.o.store.finish(r.id, "undeliverable", `gave-up-${verdict.status}`, this.o.clock());
              log.warn({ reminder: r.id, status: verdict.status, attempts: total }, "reminder undeliverable after repeated failures");
              return;
            }
            throw new RetryableSend(verdict);
          }
          await this.o.store.finish(r.id, "sent", "sent", this.o.clock());
          log.info({ reminder: r.id, kind: r.kind, delayedMs: Math.max(0, now.getTime() - new Date(r.send_at).getTime()) }, "reminder sent");
          if (r.kind === "digest") await this.scheduleNextDigest(r, now);
        },
        this.backoff,
        {
          sleep: this.sleep,
          onRetry: (attempt, verdict) => log.info({ reminder: r.id, status: verdict.status, attempt }, "reminder send failed; retrying"),
        },
      );
    } catch (e) {
      if (e instanceof Settled) return;
      if (!(e instanceof RetryableSend)) throw e;
      await this.o.store.release(r.id, this.owner, new Date(this.o.clock().getTime() + this.backoff.requeueMs), e.verdict.status);
      log.warn({ reminder: r.id, status: e.verdict.status, attempts: r.attempts + this.backoff.attemptsPerClaim }, "reminder send failing; will try again later");
    }
  }

  private async compose(r: Reminder, now: Date): Promise<OutgoingCard> {
    const delayed = now.getTime() - new Date(r.send_at).getTime() > this.delayedAfterMs;
    const suffix = delayed ? " (delayed)" : "";
    if (r.kind === "digest") return this.digest(r, now, suffix);
    const line = reminderLine(this.o.knowledge, r, now);
    const title = `Reminder${suffix}: ${r.label} due ${dayText(r.due, now)}`;
    const card = expand<Record<string, unknown>>("reminder-due", {
      title,
      text: `${line}${suffix}`,
      lines: [`${line}${suffix}`],
      note: delayed ? "This reminder is late because the bot was unavailable at the time it was due." : "",
    });
    return { card, text: `${line}${suffix}` };
  }

  private async digest(r: Reminder, now: Date, suffix: string): Promise<OutgoingCard> {
    const today = londonYmd(now);
    const until = addDays(today, 14);
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const x of await this.o.store.dueBetween(r.conversation_id, today, until)) {
      const key = `${x.rule}|${x.due}|${x.label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(reminderLine(this.o.knowledge, x, now));
    }
    const title = `This week's digest${suffix}: due in the next two weeks`;
    const body = lines.length ? lines : ["Nothing with a reminder here falls due in the next two weeks."];
    const card = expand<Record<string, unknown>>("reminder-due", {
      title,
      text: `${title}. ${body.join("; ")}`,
      lines: body,
      note: "Type \"digest off\" to stop the weekly digest.",
    });
    return { card, text: `${title}. ${body.join("; ")}` };
  }

  private async scheduleNextDigest(r: Reminder, now: Date): Promise<void> {
    if (!(await this.o.store.digestEnabled(r.conversation_id))) return;
    await this.o.store.insert([digestReminder(r.conversation_id, r.set_by, now)], now);
  }
}

/** A digest is a reminder row too: it shares the claim/lease pipeline; its id makes each week's unique. */
export function digestReminder(conversationId: string, setBy: string, now: Date) {
  const sendAt = nextDigestTime(now);
  const week = londonYmd(sendAt);
  return {
    id: `digest-${createHash("sha256").update(conversationId).digest("hex").slice(0, 16)}-${week}`,
    conversation_id: conversationId,
    authority: null,
    rule: "digest",
    label: "Weekly digest",
    from_day: null,
    due: week,
    due_at: new Date(sendAt.getTime() + 7 * 86_400_000).toISOString(),
    kind: "digest" as const,
    send_at: sendAt.toISOString(),
    set_by: setBy,
  };
}
