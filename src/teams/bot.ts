import { createHash } from "node:crypto";
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  type InvokeResponse,
} from "botbuilder";
import { z } from "zod";
import { answer, chooseAuthorityAnswer, welcomeAnswer, baseAnswer, finish, type Answer } from "../answers/index.js";

import { renderReply } from "../cards/index.js";
import type { AuthorityId, Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import { parseCardAction, type CardAction } from "../contract/card-action.js";
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

/** The slice of the reminder feature the bot calls; kept as an interface so the bot works without it. */
export interface ReminderFeature {
  handleAction(action: Extract<CardAction, { action: "remind" | "cancelReminder" }>, turn: TurnInfo): Promise<Answer>;
  handleCommand(command: "list" | "digest-on" | "digest-off", turn: TurnInfo): Promise<Answer>;
  conversationRemoved(conversationId: string): Promise<void>;
}

export interface TurnInfo {
  conversationId: string;
  scopeKey: string;
  authority: AuthorityId | null;
  reference: Partial<ConversationReference>;
  userHash: string;
  now: Date;
}

const UniversalActionValue = z.object({ action: z.object({ type: z.literal("Action.Execute") }).passthrough() }).passthrough();

export const hashId = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 16);

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
      reference: TurnContext.getConversationReference(a),
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
    const reply = renderReply(a, { authorities: this.authorityChoices(), selectedAuthority: turn.authority ?? "" });
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text);
    await context.sendActivity(activity);
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
      const result = await this.handleAction(value, turn);
      await this.sendResult(context, result, turn);
      return;
    }
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? "";
    const command = parseCommand(text, this.deps.knowledge);
    if (command) {
      const result = await this.handleCommand(command, turn);
      await this.sendResult(context, result, turn);
      return;
    }
    const a = answer(text, { knowledge: this.deps.knowledge, authority: turn.authority, now: turn.now });
    await this.sendAnswer(context, a, turn);
  }

  private async sendResult(context: TurnContext, result: Answer, turn: TurnInfo) {
    await this.sendAnswer(context, result, turn);
  }

  private errorAnswer(turn: TurnInfo, summary: string): Answer {
    return finish({
      ...baseAnswer("error", this.resolvedFor(turn.authority), summary),
      notes: ["Nothing was changed. If the card is old, ask your question again for a fresh one."],
    });
  }

  async handleCommand(command: ReturnType<typeof parseCommand> & object, turn: TurnInfo): Promise<Answer> {
    switch (command.name) {
      case "settings":
        return finish({
          ...chooseAuthorityAnswer(this.resolvedFor(turn.authority)),
          summary: turn.authority
            ? `Answers here come from ${this.deps.knowledge.packs.get(turn.authority)?.name}'s document. You can change it below.`
            : "Choose the local authority whose guidance I should answer from.",
        });
      case "set-authority":
        return this.setAuthority(turn, command.authority);
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

  private async setAuthority(turn: TurnInfo, authority: AuthorityId): Promise<Answer> {
    const saved = await this.kept("settings", async () => (await this.deps.store.updateSettings(turn.scopeKey, { authority }), true), false);
    if (!saved) return this.errorAnswer(turn, "I couldn't save that choice just now (the bot's database cannot be reached). Questions still work; try again in a minute.");
    const name = this.deps.knowledge.packs.get(authority)?.name ?? authority;
    const before = turn.authority ? (this.deps.knowledge.packs.get(turn.authority)?.name ?? turn.authority) : null;
    this.deps.logger.info({ scope: turn.scopeKey.split(":")[0], authority }, "authority chosen");
    const who = turn.scopeKey.startsWith("user:") ? "for you in this chat" : "for everyone in this conversation";
    const summary =
      before === null
        ? `Saved: I'll answer from ${name}'s document ${who}.`
        : turn.authority === authority
          ? `No change: I still answer from ${name}'s document ${who}.`
          : `Changed from ${before} to ${name}: I'll answer from ${name}'s document ${who}.`;
    return finish({ ...chooseAuthorityAnswer(this.resolvedFor(authority)), summary });
  }

  async handleAction(value: unknown, turn: TurnInfo): Promise<Answer> {
    const action = parseCardAction(value);
    // A card naming an authority whose pack is not loaded (old card, removed pack) is refused like a forged one.
    const knownAuthority = (a: { authority?: string }) => a.authority === undefined || this.deps.knowledge.packs.has(a.authority);
    if (!action || !knownAuthority(action as { authority?: string })) {
      this.deps.logger.warn({ conversation: hashId(turn.conversationId) }, "card action refused: payload did not parse");
      return this.errorAnswer(turn, "Sorry, I couldn't act on that button. It may come from an old or changed card.");
    }
    switch (action.action) {
      case "showSettings":
        return this.handleCommand({ name: "settings" }, turn);
      case "setAuthority":
        return this.setAuthority(turn, action.authority);
      case "feedback":
        await this.kept("feedback", () => this.deps.store.recordFeedback(action.kind, action.level ?? null, action.helpful), undefined);
        return finish({
          ...baseAnswer("help", this.resolvedFor(turn.authority), "Thank you: your feedback was counted (no question text is kept)."),
        });
      case "browse":
        return answer(`browse ${action.level} indicators ${action.domain ?? ""} page ${action.page}`, {
          knowledge: this.deps.knowledge,
          authority: action.authority,
          now: turn.now,
        });
      case "askDeadline":
        return answer(`${action.rule.replace(/-/g, " ")} from ${action.date}, when is it due?`, {
          knowledge: this.deps.knowledge,
          authority: action.authority,
          now: turn.now,
        });
      case "remind":
      case "cancelReminder":
        if (!this.deps.reminders) return this.errorAnswer(turn, "Reminders are not available on this installation.");
        return this.remindersDo(turn, () => this.deps.reminders!.handleAction(action, turn));
    }
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

  /** Universal Actions (Action.Execute): reply to the invoke with the updated card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.turnInfo(context);
    const data = (invokeValue?.action as { data?: unknown } | undefined)?.data;
    const result = await this.handleAction(data, turn);
    const { card } = renderReply(result, { authorities: this.authorityChoices(), selectedAuthority: turn.authority ?? "" });
    await this.audit(result, turn);
    return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card };
  }
}

