import { createHash } from "node:crypto";
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from "botbuilder";
import { z } from "zod";
import { answer, answerAction, errorAnswer, finish, settingsAnswer, setAuthority, welcomeAnswer, type ActionContext, type Answer, type ReminderFeature } from "../answers/index.js";
import { parseCardAction } from "../contract/card-action.js";
import type { ConversationRef, TurnInfo } from "../contract/turn.js";

import { renderReply, withFeedbackRecorded, type AdaptiveCard } from "../cards/index.js";
import type { AuthorityId, Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import { parseCommand } from "./commands.js";

export interface BotDeps {
  knowledge: Knowledge;
  store: Store;
  logger: Logger;
  defaultAuthority?: AuthorityId;
  clock?: () => Date;
  /** Optional: the reminder feature handles its own card actions and commands. */
  reminders?: ReminderFeature;
}

export type { ReminderFeature } from "../answers/index.js";
export type { TurnInfo } from "../contract/turn.js";

const UniversalActionValue = z.object({ action: z.object({ type: z.literal("Action.Execute") }).passthrough() }).passthrough();

/** Ids are hashed before they are stored or logged; a turn hashes the same few ids several times, so recent ones are kept. */
const hashed = new Map<string, string>();
export const hashId = (id: string) => {
  let h = hashed.get(id);
  if (h === undefined) {
    if (hashed.size >= 1_000) hashed.clear();
    hashed.set(id, (h = createHash("sha256").update(id).digest("hex").slice(0, 16)));
  }
  return h;
};

/** A channel thread's conversation id carries ";messageid=…"; settings belong to the channel. */
const baseConversationId = (id: string) => id.split(";")[0] ?? id;

type Scope = "personal" | "groupChat" | "channel";

function scopeOf(activity: Partial<Activity>): Scope {
  const type = activity.conversation?.conversationType;
  if (type === "channel") return "channel";
  if (type === "groupChat" || activity.conversation?.isGroup) return "groupChat";
  return "personal";
}

export class ThresholdBot extends TeamsActivityHandler {
  private readonly clock: () => Date;
  /**
   * Cards this instance sent, by activity id, so that a feedback press can update the same card in
   * place. Memory only, a few hundred, no question text (cards hold answers, never the question).
   */
  private readonly recentCards = new Map<string, AdaptiveCard>();

  private remember(activityId: string, card: AdaptiveCard): void {
    this.recentCards.delete(activityId);
    this.recentCards.set(activityId, card);
    if (this.recentCards.size > 500) this.recentCards.delete(this.recentCards.keys().next().value!);
  }

  constructor(private readonly deps: BotDeps) {
    super();
    this.clock = deps.clock ?? (() => new Date());

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botAdded) await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await this.forgetConversation(context);
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) await this.forgetConversation(context);
      await next();
    });
  }

  /**
   * A store call the turn can do without: when the database cannot be reached the bot still
   * answers (answers need no database), using `fallback`, and logs that it did.
   */
  private async kept<T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (e) {
      this.deps.logger.warn({ what, errType: e instanceof Error ? e.name : typeof e, code: (e as { code?: string })?.code }, "store unavailable; answering without it");
      return fallback;
    }
  }

  private async turnInfo(context: TurnContext): Promise<TurnInfo> {
    const a = context.activity;
    const conversationId = baseConversationId(a.conversation?.id ?? "");
    const scope = scopeOf(a);
    const userId = a.from?.aadObjectId ?? a.from?.id ?? "";
    const scopeKey = scope === "personal" ? `user:${hashId(userId)}` : `conversation:${hashId(conversationId)}`;
    const settings = await this.kept("settings", () => this.deps.store.getSettings(scopeKey), {});
    return {
      conversationId,
      scopeKey,
      authority: settings.authority ?? this.deps.defaultAuthority ?? null,
      reference: TurnContext.getConversationReference(a) as ConversationRef,
      userHash: hashId(userId),
      now: this.clock(),
    };
  }

  private async rememberConversation(context: TurnContext, turn: TurnInfo): Promise<boolean> {
    const known = await this.kept("conversation", async () => (await this.deps.store.getConversation(turn.conversationId)) !== undefined, false);
    const a = context.activity;
    await this.kept("conversation", () => this.deps.store.saveConversation(
      {
        conversationId: turn.conversationId,
        reference: turn.reference,
        scope: scopeOf(a) === "channel" ? "channel" : scopeOf(a),
        ...(a.conversation?.tenantId ? { tenantId: a.conversation.tenantId } : {}),
      },
      turn.now,
    ), undefined);
    return known;
  }

  private async forgetConversation(context: TurnContext): Promise<void> {
    const id = baseConversationId(context.activity.conversation?.id ?? "");
    if (await this.deps.store.removeConversation(id)) {
      await this.deps.reminders?.conversationRemoved(id);
      this.deps.logger.info({ conversation: hashId(id) }, "bot removed from conversation; reference deleted");
    }
  }

  /** Teams sends several events when the bot joins (install, members added); welcome once per conversation. */
  private async welcomeOnce(context: TurnContext): Promise<void> {
    const turn = await this.turnInfo(context);
    const known = await this.rememberConversation(context, turn);
    if (known) return;
    const r = this.resolvedFor(turn.authority);
    await this.sendAnswer(context, finish(welcomeAnswer(r)), turn);
  }

  private resolvedFor(authority: AuthorityId | null) {
    const pack = authority ? (this.deps.knowledge.packs.get(authority) ?? null) : null;
    return { knowledge: this.deps.knowledge, pack, namedInQuestion: false, now: this.clock() };
  }

  private authorityChoices() {
    return [...this.deps.knowledge.packs].map(([id, pack]) => ({ value: id, title: pack.name }));
  }

  async sendAnswer(context: TurnContext, a: Answer, turn: TurnInfo): Promise<void> {
    const reply = renderReply(a, { authorities: this.authorityChoices(), selectedAuthority: a.authority ?? turn.authority ?? "" });
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text);
    const sent = await context.sendActivity(activity);
    if (sent?.id) this.remember(sent.id, reply.card);
    await this.audit(a, turn);
  }

  private async audit(a: Answer, turn: TurnInfo): Promise<void> {
    await this.kept("audit", () => this.deps.store.audit({
      at: turn.now.toISOString(),
      conversationHash: hashId(turn.conversationId),
      authority: a.authority,
      kind: a.kind,
      level: a.threshold?.level.id ?? null,
      packVersion: a.document?.version ?? null,
    }), undefined);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const turn = await this.turnInfo(context);
    await this.rememberConversation(context, turn);
    const value = context.activity.value as unknown;
    if (value !== undefined && value !== null && !context.activity.text) {
      await this.sendAnswer(context, await this.handleAction(value, turn), turn);
      return;
    }
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? "";
    const command = parseCommand(text, this.deps.knowledge);
    if (command) {
      await this.sendAnswer(context, await this.handleCommand(command, turn), turn);
      return;
    }
    const a = answer(text, { knowledge: this.deps.knowledge, authority: turn.authority, now: turn.now });
    await this.sendAnswer(context, a, turn);
  }

  private actionContext(turn: TurnInfo): ActionContext {
    const r = this.deps.reminders;
    // Reminders need the store; while it cannot be reached they say so and change nothing.
    const reminders: ReminderFeature | undefined = r && {
      handleAction: (action, t) => this.remindersDo(t, () => r.handleAction(action, t)),
      handleCommand: (command, t) => this.remindersDo(t, () => r.handleCommand(command, t)),
      conversationRemoved: (id) => r.conversationRemoved(id),
    };
    return { knowledge: this.deps.knowledge, store: this.deps.store, logger: this.deps.logger, turn, ...(reminders ? { reminders } : {}) };
  }

  private errorAnswer(turn: TurnInfo, summary: string): Answer {
    return errorAnswer(this.actionContext(turn), summary);
  }

  async handleCommand(command: ReturnType<typeof parseCommand> & object, turn: TurnInfo): Promise<Answer> {
    switch (command.name) {
      case "settings":
        return settingsAnswer(this.actionContext(turn));
      case "set-authority":
        return setAuthority(this.actionContext(turn), command.authority);
      case "unknown-authority":
        return this.errorAnswer(
          turn,
          `I don't hold a document for "${command.input.slice(0, 40)}". I can answer for: ${this.authorityChoices().map((c) => c.title).join(", ")}.`,
        );
      case "reminders":
      case "digest-on":
      case "digest-off":
        if (!this.deps.reminders) return this.errorAnswer(turn, "Reminders are not available on this installation.");
        return this.remindersDo(turn, () => this.deps.reminders!.handleCommand(command.name === "reminders" ? "list" : command.name, { ...turn }));
    }
  }

  /** Reminders need the store; while it cannot be reached they say so and change nothing. */
  private async remindersDo(turn: TurnInfo, work: () => Promise<Answer>): Promise<Answer> {
    try {
      return await work();
    } catch (e) {
      this.deps.logger.warn({ errType: e instanceof Error ? e.name : typeof e }, "reminders unavailable: store unreachable");
      return this.errorAnswer(turn, "Reminders are unavailable for a moment because the bot's database cannot be reached. Questions still work; try this again in a minute.");
    }
  }

  async handleAction(value: unknown, turn: TurnInfo): Promise<Answer> {
    const action = parseCardAction(value);
    // A card naming an authority whose pack is not loaded (old card, removed pack) is refused like a forged one.
    const knownAuthority = (a: { authority?: string }) => a.authority === undefined || this.deps.knowledge.packs.has(a.authority);
    if (!action || !knownAuthority(action as { authority?: string })) {
      this.deps.logger.warn({ conversation: hashId(turn.conversationId) }, "card action refused: payload did not parse");
      return this.errorAnswer(turn, "Sorry, I couldn't act on that button. It may come from an old or changed card.");
    }
    return answerAction(action, this.actionContext(turn));
  }

  /**
   * The SDK reads `value.action.type` without checking it exists, so a malformed Universal Action
   * would crash the turn (and the adapter would answer 501). Check the shape first and answer 400.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === "adaptiveCard/action" && !UniversalActionValue.safeParse(context.activity.value).success) {
      this.deps.logger.warn({ conversation: hashId(context.activity.conversation?.id ?? "") }, "card action refused: malformed invoke value");
      return { status: 400, body: { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "Malformed card action." } } };
    }
    return super.onInvokeActivity(context);
  }

  /**
   * The compose-box search ("MASH Luton", "ICPC timescale Oldham", "level 3 neglect"): the same
   * answer() as a message, returned as a card to insert into the conversation. The query is never
   * logged or kept; an empty query gets the help card's examples.
   */
  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    const turn = await this.turnInfo(context);
    const text = String(query.parameters?.find((p) => p.name === "query")?.value ?? "").trim();
    const a = text ? answer(text, { knowledge: this.deps.knowledge, authority: turn.authority, now: turn.now }) : finish(welcomeAnswer(this.resolvedFor(turn.authority)));
    const reply = renderReply(a, { authorities: this.authorityChoices(), selectedAuthority: a.authority ?? turn.authority ?? "" });
    const preview = CardFactory.thumbnailCard(reply.text, a.summary.slice(0, 200));
    await this.audit(a, turn);
    return { composeExtension: { type: "result", attachmentLayout: "list", attachments: [{ ...CardFactory.adaptiveCard(reply.card), preview }] } };
  }

  /** Universal Actions (Action.Execute): reply to the invoke with the updated card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.turnInfo(context);
    const data = (invokeValue?.action as { data?: unknown } | undefined)?.data;
    const result = await this.handleAction(data, turn);
    const action = parseCardAction(data);
    const shown = context.activity.replyToId ? this.recentCards.get(context.activity.replyToId) : undefined;
    // Feedback keeps the answer the user rated and only swaps its buttons for a thank-you line,
    // when this instance still holds that card; otherwise the small thank-you card replaces it.
    const card =
      action?.action === "feedback" && shown
        ? withFeedbackRecorded(shown, action.helpful)
        : renderReply(result, { authorities: this.authorityChoices(), selectedAuthority: result.authority ?? turn.authority ?? "" }).card;
    if (context.activity.replyToId) this.remember(context.activity.replyToId, card);
    if (action?.action !== "refresh") await this.audit(result, turn);
    return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card };
  }
}

