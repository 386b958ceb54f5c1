import type { Answer } from "../contract/answer.js";
import type { CardAction } from "../contract/card-action.js";
import type { AuthorityId } from "../contract/primitives.js";
import type { TurnInfo } from "../contract/turn.js";
import type { Knowledge } from "../knowledge/index.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import { baseAnswer, finish, type WithPack } from "./build.js";
import { browseFor } from "./browse.js";
import { isValidYmd } from "../deadlines/index.js";
import { deadlineAnswerFor } from "./deadline.js";
import { chooseAuthorityAnswer } from "./general.js";
import { answerAs } from "./answer-as.js";

export type RemindAction = Extract<CardAction, { action: "remind" | "cancelReminder" }>;

/** The reminder feature as the action handlers see it; answers work without it. */
export interface ReminderFeature {
  handleAction(action: RemindAction, turn: TurnInfo): Promise<Answer>;
  handleCommand(command: "list" | "digest-on" | "digest-off", turn: TurnInfo): Promise<Answer>;
  conversationRemoved(conversationId: string): Promise<void>;
}

export interface ActionContext {
  knowledge: Knowledge;
  store: Pick<Store, "updateSettings" | "recordFeedback">;
  logger: Logger;
  reminders?: ReminderFeature;
  turn: TurnInfo;
}

const resolved = (ctx: Pick<ActionContext, "knowledge" | "turn">, authority: AuthorityId | null) => ({
  knowledge: ctx.knowledge,
  pack: authority ? (ctx.knowledge.packs.get(authority) ?? null) : null,
  namedInQuestion: false,
  now: ctx.turn.now,
});

/** A polite refusal: nothing was changed. */
export function errorAnswer(ctx: Pick<ActionContext, "knowledge" | "turn">, summary: string): Answer {
  return finish({
    ...baseAnswer("error", resolved(ctx, ctx.turn.authority), summary),
    notes: ["Nothing was changed. If the card is old, ask your question again for a fresh one."],
  });
}

/** The settings card: which authority answers here, and the choice to change it. */
export function settingsAnswer(ctx: Pick<ActionContext, "knowledge" | "turn">): Answer {
  const authority = ctx.turn.authority;
  return finish({
    ...chooseAuthorityAnswer(resolved(ctx, authority)),
    summary: authority
      ? `Answers here come from ${ctx.knowledge.packs.get(authority)?.name}'s document. You can change it below.`
      : "Choose the local authority whose guidance I should answer from.",
  });
}

/** Saves the authority for this chat (or this user in 1:1) and says so; the card shows the saved choice. */
export async function setAuthority(ctx: ActionContext, authority: AuthorityId): Promise<Answer> {
  try {
    await ctx.store.updateSettings(ctx.turn.scopeKey, { authority });
  } catch (e) {
    ctx.logger.warn({ what: "settings", errType: e instanceof Error ? e.name : typeof e }, "store unavailable; answering without it");
    return errorAnswer(ctx, "I couldn't save that choice just now (the bot's database cannot be reached). Questions still work; try again in a minute.");
  }
  const name = ctx.knowledge.packs.get(authority)?.name ?? authority;
  const before = ctx.turn.authority ? (ctx.knowledge.packs.get(ctx.turn.authority)?.name ?? ctx.turn.authority) : null;
  ctx.logger.info({ scope: ctx.turn.scopeKey.split(":")[0], authority }, "authority chosen");
  const who = ctx.turn.scopeKey.startsWith("user:") ? "for you in this chat" : "for everyone in this conversation";
  const summary =
    before === null
      ? `Saved: I'll answer from ${name}'s document ${who}.`
      : ctx.turn.authority === authority
        ? `No change: I still answer from ${name}'s document ${who}.`
        : `Changed from ${before} to ${name}: I'll answer from ${name}'s document ${who}.`;
  return finish({ ...chooseAuthorityAnswer(resolved(ctx, authority)), summary });
}

function withPack(ctx: ActionContext, authority: AuthorityId): WithPack | null {
  const r = resolved(ctx, authority);
  return r.pack ? { ...r, pack: r.pack } : null;
}

/**
 * One handler per typed card action. A button's payload is answered directly from its fields,
 * never turned back into words and re-read.
 */
export async function answerAction(action: CardAction, ctx: ActionContext): Promise<Answer> {
  switch (action.action) {
    case "showSettings":
      return settingsAnswer(ctx);
    case "setAuthority":
      return setAuthority(ctx, action.authority);
    case "feedback":
      // Feedback is a count; with the store away the thanks still comes and nothing else changes.
      await ctx.store.recordFeedback(action.kind, action.level ?? null, action.helpful).catch((e: unknown) => {
        ctx.logger.warn({ what: "feedback", errType: e instanceof Error ? e.name : typeof e }, "store unavailable; answering without it");
      });
      return finish({
        ...baseAnswer("feedback", resolved(ctx, ctx.turn.authority), "Thank you: your feedback was counted (no question text is kept)."),
      });
    case "browse": {
      const r = withPack(ctx, action.authority);
      if (!r) return errorAnswer(ctx, "Sorry, I don't hold that authority's document any more.");
      return finish(browseFor(r, { level: action.level, ...(action.domain ? { domain: action.domain } : {}), page: action.page }));
    }
    case "askDeadline": {
      const r = withPack(ctx, action.authority);
      const rule = r?.pack.timescales.find((t) => t.id === action.rule && t.amount !== null && t.unit);
      if (!r || !rule || !isValidYmd(action.date)) return errorAnswer(ctx, "Sorry, that rule is not on this authority's deadline list any more. Ask the deadline question again.");
      return finish(deadlineAnswerFor(r, rule, { ymd: action.date }));
    }
    case "answerAs":
      if (!ctx.knowledge.packs.has(action.authority)) return errorAnswer(ctx, "Sorry, I don't hold that authority's document any more.");
      return answerAs(action.question, action.kind, { knowledge: ctx.knowledge, authority: action.authority, now: ctx.turn.now });
    case "refresh":
      if (action.view === "settings") return settingsAnswer(ctx);
      if (!ctx.reminders) return errorAnswer(ctx, "Reminders are not available on this installation.");
      return ctx.reminders.handleCommand("list", ctx.turn);
    case "remind":
    case "cancelReminder":
      if (!ctx.reminders) return errorAnswer(ctx, "Reminders are not available on this installation.");
      return ctx.reminders.handleAction(action, ctx.turn);
  }
}
