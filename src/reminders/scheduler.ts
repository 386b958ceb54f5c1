import { createHash, randomUUID } from "node:crypto";
import type { ConversationReference } from "botbuilder";
import { expand } from "../cards/templates.js";
import type { Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import { addDays, londonYmd } from "./calendar.js";
import { Pacer, realSleep, type Sleep } from "./pacing.js";
import { backoffMs, classify, DEFAULT_BACKOFF, type Backoff } from "./retry.js";
import type { OutgoingCard, ProactiveSender } from "./sender.js";
import type { Reminder, ReminderStore } from "./store.js";
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
  pacer?: Pacer;
  sleep?: Sleep;
  backoff?: Backoff;
  pollMs?: number;
  leaseMs?: number;
  /** Sent later than this after its time, a reminder says "(delayed)". */
  delayedAfterMs?: number;
}

/**
 * Claim → send → mark, idempotent by reminder id:
 * - a claim is a lease (owner, expiry) taken in one UPDATE, so two schedulers never hold one row;
 * - before the network call the row records `send_started_at` (the claim record checked before
 *   sending); a row found with it set and its lease expired may have been delivered, so it ends as
 *   sent ("unconfirmed") and is never sent again, even if the process died between send and mark;
 * - the connector answering with an error means it was not delivered, so that clears the record and
 *   the row may be retried.
 * The cost of never doubling is that a crash in the instant between the POST and its answer can
 * lose that one reminder; the log names it by id.
 */
export class Scheduler {
  readonly owner = randomUUID();
  private readonly pacer: Pacer;
  private readonly sleep: Sleep;
  private readonly backoff: Backoff;
  private readonly leaseMs: number;
  private readonly delayedAfterMs: number;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {
    this.pacer = o.pacer ?? new Pacer();
    this.sleep = o.sleep ?? realSleep;
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
    this.leaseMs = o.leaseMs ?? 5 * 60_000;
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

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    // Sends waiting for their turn give up their claim (another start-up requeues it once the lease ends).
    await Promise.race([this.pacer.idle(), new Promise((r) => setTimeout(r, 5_000).unref())]);
  }

  /** Sends still queued or in progress. */
  get busy(): number {
    return this.inFlight.size;
  }

  async idle(): Promise<void> {
    await this.ticking;
    await this.pacer.idle();
  }

  /** One pass: recover abandoned claims, drop reminders whose deadline passed, claim what is due. */
  tick(): Promise<void> {
    return (this.ticking ??= this.pass().finally(() => (this.ticking = null)));
  }

  private async pass(): Promise<void> {
    const now = this.o.clock();
    const { requeued, unconfirmed } = this.o.store.recoverExpired(now, this.owner);
    if (requeued.length) this.o.logger.info({ reminders: requeued }, "reminder claims expired before sending; queued again");
    if (unconfirmed.length)
      this.o.logger.warn({ reminders: unconfirmed }, "reminder send was interrupted after it started; not sent again, so it is never doubled");
    const expired = this.o.store.expireOverdue(now);
    if (expired.length) this.o.logger.info({ reminders: expired }, "reminders not sent: their deadline passed while they waited");
    // Outside 08:00–18:00 on a working day only reminders whose deadline comes before the window opens go out.
    const onlyDueBefore = inWindow(now) ? undefined : nextWindowOpening(now);
    // Claim no more than the pacer can send well within a lease, so claims do not expire in the queue.
    const room = Math.max(0, 2_000 - this.inFlight.size);
    if (room === 0) return;
    const claimed = this.o.store.claimDue(now, this.owner, this.leaseMs, room, onlyDueBefore);
    for (const r of claimed) {
      this.inFlight.add(r.id);
      void this.pacer
        .run(r.conversation_id, (pace) => this.deliver(r, pace))
        .catch((e: unknown) => this.o.logger.error({ reminder: r.id, err: { type: (e as Error)?.name ?? "Error" } }, "reminder delivery failed"))
        .finally(() => this.inFlight.delete(r.id));
    }
  }

  private async deliver(r: Reminder, pace: () => Promise<void>): Promise<void> {
    const log = this.o.logger;
    const conversation = this.o.conversations.getConversation(r.conversation_id);
    if (!conversation) {
      this.o.store.finish(r.id, "undeliverable", "no-conversation", this.o.clock());
      log.info({ reminder: r.id }, "reminder undeliverable: the bot is no longer in that conversation");
      return;
    }
    for (let attempt = 1; attempt <= this.backoff.attemptsPerClaim; attempt++) {
      await pace();
      if (this.stopped) return;
      const now = this.o.clock();
      if (r.kind !== "digest" && new Date(r.due_at) <= now) {
        this.o.store.finish(r.id, "undeliverable", "deadline-passed", now);
        log.info({ reminder: r.id }, "reminder not sent: its deadline passed");
        return;
      }
      const message = this.compose(r, now);
      if (!this.o.store.startSend(r.id, this.owner, now, this.leaseMs)) {
        log.info({ reminder: r.id }, "reminder claim lost before sending; left to its new owner");
        return;
      }
      try {
        await this.o.sender.send(conversation.reference as Partial<ConversationReference>, message);
      } catch (e) {
        const verdict = classify(e);
        if (verdict.kind === "gone") {
          this.o.store.finish(r.id, "undeliverable", verdict.status, this.o.clock());
          log.warn({ reminder: r.id, status: verdict.status }, "reminder undeliverable: the connector refused it (bot removed?)");
          return;
        }
        if (verdict.kind === "uncertain") {
          this.o.store.finish(r.id, "sent", `unconfirmed-${verdict.status}`, this.o.clock());
          log.warn({ reminder: r.id, status: verdict.status }, "reminder send ended without an answer; not retried, so it is never doubled");
          return;
        }
        this.o.store.sendFailed(r.id, this.owner, verdict.status);
        const total = r.attempts + attempt;
        if (total >= this.backoff.maxAttempts) {
          this.o.store.finish(r.id, "undeliverable", `gave-up-${verdict.status}`, this.o.clock());
          log.warn({ reminder: r.id, status: verdict.status, attempts: total }, "reminder undeliverable after repeated failures");
          return;
        }
        if (attempt === this.backoff.attemptsPerClaim) {
          this.o.store.release(r.id, this.owner, new Date(this.o.clock().getTime() + this.backoff.requeueMs), verdict.status);
          log.warn({ reminder: r.id, status: verdict.status, attempts: total }, "reminder send failing; will try again later");
          return;
        }
        const wait = backoffMs(attempt, verdict, this.backoff);
        log.info({ reminder: r.id, status: verdict.status, attempt, waitMs: Math.round(wait) }, "reminder send failed; retrying");
        await this.sleep(wait);
        continue;
      }
      this.o.store.finish(r.id, "sent", "sent", this.o.clock());
      log.info({ reminder: r.id, kind: r.kind, delayedMs: Math.max(0, now.getTime() - new Date(r.send_at).getTime()) }, "reminder sent");
      if (r.kind === "digest") this.scheduleNextDigest(r, now);
      return;
    }
  }

  private compose(r: Reminder, now: Date): OutgoingCard {
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

  private digest(r: Reminder, now: Date, suffix: string): OutgoingCard {
    const today = londonYmd(now);
    const until = addDays(today, 14);
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const x of this.o.store.dueBetween(r.conversation_id, today, until)) {
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

  private scheduleNextDigest(r: Reminder, now: Date): void {
    if (!this.o.store.digestEnabled(r.conversation_id)) return;
    this.o.store.insert([digestReminder(r.conversation_id, r.set_by, now)], now);
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
