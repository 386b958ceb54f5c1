import { z } from "zod";

/**
 * Reminders as the store keeps them. No message text: a short checked label, ids, days and
 * instants (ISO strings). States:
 *   pending → claimed (lease) → sent | undeliverable;  pending → cancelled.
 * A claimed row with `send_started_at` set was possibly delivered: it is never sent again.
 */
export const ReminderState = z.enum(["pending", "claimed", "sent", "undeliverable", "cancelled"]);
export type ReminderState = z.infer<typeof ReminderState>;

export const ReminderRow = z.object({
  id: z.string(),
  conversation_id: z.string(),
  authority: z.string().nullable(),
  rule: z.string(),
  label: z.string(),
  from_day: z.string().nullable(),
  due: z.string(),
  due_at: z.string(),
  kind: z.enum(["2wd", "1wd", "day", "custom", "digest"]),
  send_at: z.string(),
  state: ReminderState,
  lease_owner: z.string().nullable(),
  lease_until: z.string().nullable(),
  send_started_at: z.string().nullable(),
  attempts: z.number(),
  outcome: z.string().nullable(),
  set_by: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type Reminder = z.infer<typeof ReminderRow>;

export type NewReminder = Pick<Reminder, "id" | "conversation_id" | "authority" | "rule" | "label" | "from_day" | "due" | "due_at" | "kind" | "send_at" | "set_by">;

/** What the scheduler and the feature need. Claims are leases: (owner, expiry), taken atomically. */
export interface ReminderStore {
  /** Rows whose id exists already are left as they are. */
  insert(reminders: NewReminder[], now: Date): Promise<void>;
  get(id: string): Promise<Reminder | undefined>;
  pendingFor(conversationId: string): Promise<Reminder[]>;
  /** Reminders (not digests) of a conversation whose deadline day lies in [fromDay, toDay], not cancelled. */
  dueBetween(conversationId: string, fromDay: string, toDay: string): Promise<Reminder[]>;
  findPending(conversationId: string, rule: string, due: string, kind: string): Promise<Reminder | undefined>;
  cancel(id: string, conversationId: string, outcome: string): Promise<boolean>;
  cancelConversation(conversationId: string, outcome: string): Promise<string[]>;
  /**
   * Rows whose lease expired (an instance crashed, or lost the store mid-delivery): unstarted ones
   * go back to pending, started ones end as sent ("unconfirmed"), never sent twice.
   */
  recoverExpired(now: Date): Promise<{ requeued: string[]; unconfirmed: string[] }>;
  /** Pending reminders whose deadline has passed end as cancelled ("deadline-passed"). */
  expireOverdue(now: Date): Promise<string[]>;
  /** Takes up to `limit` due rows that nobody holds; two instances never get the same row. */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number, onlyDueBefore?: Date): Promise<Reminder[]>;
  /** The claim record checked before the network call; false when this owner no longer holds the claim. */
  startSend(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /** The connector refused without delivering: the row may be sent again. */
  sendFailed(id: string, owner: string, outcome: string): Promise<void>;
  release(id: string, owner: string, retryAt: Date, outcome: string): Promise<void>;
  /** Graceful shutdown: this owner's claims not yet started go back to pending at once. */
  releaseClaims(owner: string): Promise<string[]>;
  finish(id: string, state: "sent" | "undeliverable", outcome: string, now: Date): Promise<void>;
  setDigest(conversationId: string, enabled: boolean, setBy: string, now: Date): Promise<void>;
  digestEnabled(conversationId: string): Promise<boolean>;
  counts(): Promise<Record<string, number>>;
}
