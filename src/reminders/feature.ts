import { randomUUID } from "node:crypto";
import { Answer, baseAnswer } from "../answers/index.js";
import type { ReminderFeature } from "../answers/actions.js";
import type { CardAction } from "../contract/card-action.js";
import type { TurnInfo } from "../contract/turn.js";
import type { AuthorityId, Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { NewReminder, Reminder, ReminderStore, Store } from "../store/index.js";
import { checkLabel } from "./labels.js";
import { digestReminder } from "./scheduler.js";
import { dueText, instantText } from "./text.js";
import { CHOICE_LABELS, Choice, parseDue, parseLondonDateTime, planChoice, planCustom, type Planned } from "./timing.js";

type RemindAction = Extract<CardAction, { action: "remind" }>;

export interface FeatureDeps {
  reminders: ReminderStore;
  store: Store;
  knowledge: Knowledge;
  logger: Logger;
}

const WINDOW_NOTE = "Reminders arrive at 09:00 on working days; a day that falls on a weekend or bank holiday moves to the working day before. Nothing is sent outside 08:00–18:00 on a working day unless the deadline itself comes sooner.";

/** Card actions and commands for reminders; answers are plain data that the bot renders. */
export class Reminders implements ReminderFeature {
  constructor(private readonly d: FeatureDeps) {}

  private answer(turn: TurnInfo, summary: string, extra: Partial<Answer> = {}, authority: AuthorityId | null = turn.authority): Answer {
    const pack = authority ? (this.d.knowledge.packs.get(authority) ?? null) : null;
    return Answer.parse({ ...baseAnswer("reminder", { knowledge: this.d.knowledge, pack, namedInQuestion: false, now: turn.now }, summary), ...extra });
  }

  async handleAction(action: Extract<CardAction, { action: "remind" | "cancelReminder" }>, turn: TurnInfo): Promise<Answer> {
    return action.action === "remind" ? this.remind(action, turn) : this.cancel(action.reminderId, turn);
  }

  async handleCommand(command: "list" | "digest-on" | "digest-off", turn: TurnInfo): Promise<Answer> {
    if (command === "list") return this.list(turn);
    return this.digest(command === "digest-on", turn);
  }

  async conversationRemoved(conversationId: string): Promise<void> {
    const cancelled = await this.d.reminders.cancelConversation(conversationId, "conversation-removed");
    await this.d.reminders.setDigest(conversationId, false, "-", new Date());
    if (cancelled.length) this.d.logger.info({ reminders: cancelled }, "reminders cancelled: the bot was removed from their conversation");
  }

  /** The reference may only have come with an invoke; reminders need it stored. */
  private async ensureConversation(turn: TurnInfo): Promise<void> {
    if (await this.d.store.getConversation(turn.conversationId)) return;
    const type = turn.reference.conversation?.conversationType;
    const scope = type === "channel" ? "channel" : type === "groupChat" ? "groupChat" : type === "personal" ? "personal" : "unknown";
    const tenantId = turn.reference.conversation?.tenantId;
    await this.d.store.saveConversation({ conversationId: turn.conversationId, reference: turn.reference, scope, ...(tenantId ? { tenantId } : {}) }, turn.now);
  }

  private async remind(a: RemindAction, turn: TurnInfo): Promise<Answer> {
    const pack = this.d.knowledge.packs.get(a.authority);
    const rule = pack?.timescales.find((t) => t.id === a.rule);
    const due = parseDue(a.due);
    if (!due) return this.answer(turn, "Sorry, I couldn't read the due date on that card. Ask the deadline question again for a fresh card.", {}, a.authority);
    const request = { authority: a.authority, rule: a.rule, from: a.from, due: a.due, label: a.label.slice(0, 60), dueText: dueText(a.due, turn.now) };
    const choices = [...new Set(typeof a.when === "string" ? a.when.split(",").filter(Boolean) : (a.when ?? []))];
    const customRequested = Boolean(a.custom || a.customDate);
    if (a.when === undefined && !customRequested)
      return this.answer(turn, "Choose when this conversation should be reminded. Everyone here will see the reminder, so keep names out of the label.", { reminderRequest: request, notes: [WINDOW_NOTE] }, a.authority);
    const type = turn.reference.conversation?.conversationType;
    const audience = type === "channel" ? "channel" : type === "groupChat" || turn.reference.conversation?.isGroup ? "groupChat" : "personal";
    const label = checkLabel(a.label, [rule?.label ?? "", ...(pack ? [pack.name, ...pack.shortNames] : [])].join(" "), audience);
    // A refused label is never shown back: the fresh form starts again from the rule's own name.
    if (!label.ok)
      return this.answer(turn, `No reminder was set. ${label.reason}`, { reminderRequest: { ...request, label: (rule?.label ?? "").slice(0, 60) } }, a.authority);
    const unknown = choices.filter((c) => !(Choice as readonly string[]).includes(c));
    if (unknown.length || (choices.length === 0 && !customRequested))
      return this.answer(turn, "No reminder was set: choose at least one time.", { reminderRequest: request }, a.authority);

    const plans: Planned[] = (choices as Choice[]).map((c) => planChoice(c, due, turn.now));
    if (customRequested) {
      const at = a.custom ? parseCustom(a.custom) : parseLondonDateTime(a.customDate ?? "", a.customTime || "09:00");
      plans.push(at ? planCustom(at, due, turn.now) : { kind: "custom", refused: "I couldn't read that date and time" });
    }
    await this.ensureConversation(turn);
    const set: { id: string; kind: Reminder["kind"]; sendAt: Date; existing: boolean }[] = [];
    const rows: NewReminder[] = [];
    const notes: string[] = [];
    for (const p of plans) {
      if ("refused" in p) {
        notes.push(`${CHOICE_LABELS[p.kind]}: not set, because ${p.refused}.`);
        continue;
      }
      const existing = p.kind === "custom" ? undefined : await this.d.reminders.findPending(turn.conversationId, a.rule, a.due, p.kind);
      if (existing) {
        set.push({ id: existing.id, kind: p.kind, sendAt: new Date(existing.send_at), existing: true });
        continue;
      }
      const id = randomUUID();
      rows.push({
        id,
        conversation_id: turn.conversationId,
        authority: a.authority,
        rule: a.rule,
        label: label.label,
        from_day: /^\d{4}-\d{2}-\d{2}/.test(a.from) ? a.from.slice(0, 10) : null,
        due: a.due,
        due_at: due.at.toISOString(),
        kind: p.kind,
        send_at: p.sendAt.toISOString(),
        set_by: turn.userHash,
      });
      set.push({ id, kind: p.kind, sendAt: p.sendAt, existing: false });
    }
    await this.d.reminders.insert(rows, turn.now);
    if (rows.length) this.d.logger.info({ reminders: rows.map((r) => r.id), kinds: rows.map((r) => r.kind) }, "reminders set");
    const summary = set.length
      ? `Reminders for ${label.label} due ${request.dueText} will arrive in this conversation:`
      : `No reminder was set for ${label.label} due ${request.dueText}.`;
    return this.answer(
      turn,
      summary,
      {
        reminders: set.map((s) => ({
          id: s.id,
          label: CHOICE_LABELS[s.kind] + (s.existing ? " (already set)" : ""),
          when: instantText(s.sendAt, turn.now),
          due: a.due,
          cancellable: true,
        })),
        notes: [...notes, WINDOW_NOTE],
      },
      a.authority,
    );
  }

  private async cancel(id: string, turn: TurnInfo): Promise<Answer> {
    const done = await this.d.reminders.cancel(id, turn.conversationId, "cancelled");
    if (done) this.d.logger.info({ reminder: id }, "reminder cancelled");
    const list = await this.list(turn);
    return { ...list, summary: `${done ? "Cancelled." : "That reminder was already sent or cancelled, or belongs to another conversation."} ${list.summary}` };
  }

  private async list(turn: TurnInfo): Promise<Answer> {
    const pending = await this.d.reminders.pendingFor(turn.conversationId);
    const digestOn = await this.d.reminders.digestEnabled(turn.conversationId);
    const summary = pending.length
      ? `Reminders waiting to be sent in this conversation (${pending.length}):`
      : "No reminders are waiting in this conversation. Use \"Remind this conversation\" on a deadline card to set one.";
    return this.answer(turn, summary, {
      reminders: pending.map((r) => ({
        id: r.id,
        label: r.kind === "digest" ? "Weekly digest" : `${r.label} due ${dueText(r.due, turn.now)}`,
        when: `${CHOICE_LABELS[r.kind]}: arrives ${instantText(new Date(r.send_at), turn.now)}`,
        due: r.due,
        cancellable: r.state === "pending",
      })),
      notes: [digestOn ? "The weekly digest is on (type \"digest off\" to stop it)." : "Type \"digest on\" for a Monday 09:00 card of everything due in the next two weeks."],
    });
  }

  private async digest(on: boolean, turn: TurnInfo): Promise<Answer> {
    await this.ensureConversation(turn);
    await this.d.reminders.setDigest(turn.conversationId, on, turn.userHash, turn.now);
    await this.d.store.updateSettings(turn.scopeKey, { digest: on });
    if (!on) {
      for (const r of await this.d.reminders.pendingFor(turn.conversationId)) if (r.kind === "digest") await this.d.reminders.cancel(r.id, turn.conversationId, "digest-off");
      this.d.logger.info({ digest: false }, "weekly digest turned off");
      return this.answer(turn, "The weekly digest is off for this conversation. Reminders you set still arrive.");
    }
    const row = digestReminder(turn.conversationId, turn.userHash, turn.now);
    await this.d.reminders.insert([row], turn.now);
    this.d.logger.info({ reminder: row.id, digest: true }, "weekly digest turned on");
    return this.answer(
      turn,
      `The weekly digest is on: every Monday at 09:00 (or the next working day) this conversation gets a card of everything with a reminder here that falls due in the next two weeks. The first one arrives ${instantText(new Date(row.send_at), turn.now)}.`,
    );
  }
}

/** "2027-01-11T10:30" (London wall clock) or an ISO instant with an offset. */
function parseCustom(text: string): Date | null {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(text);
  if (local) return parseLondonDateTime(local[1]!, local[2]!);
  const t = new Date(text);
  return /[zZ]|[+-]\d{2}:\d{2}$/.test(text) && !Number.isNaN(t.getTime()) ? t : null;
}
