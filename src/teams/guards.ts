import { ActivityTypes, CardFactory, MessageFactory, type Middleware, type TurnContext } from "botbuilder";
import { Answer } from "../answers/index.js";
import { renderReply } from "../cards/index.js";
import type { Logger } from "../logger.js";
import { hashId } from "./bot.js";

/** A token bucket per key: `capacity` messages at once, refilled at `perMinute`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** "ok", "limited" (first refusal in a burst: tell the user) or "silent" (already told). */
  take(key: string): "ok" | "limited" | "silent" {
    const now = this.clock();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: this.capacity, at: now, warned: false };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return "ok";
    }
    if (b.warned) return "silent";
    b.warned = true;
    return "limited";
  }
}

function notice(summary: string, notes: string[]) {
  const a = Answer.parse({ kind: "error", authority: null, authorityName: null, document: null, summary, notes });
  const reply = renderReply(a);
  return MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text);
}

async function refuseInvoke(context: TurnContext, status: number, message: string) {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status, body: { statusCode: status, type: "application/vnd.microsoft.error", value: { code: status === 429 ? "TooManyRequests" : "Forbidden", message } } },
  });
}

const tenantOf = (context: TurnContext): string | undefined => {
  const a = context.activity;
  const fromChannelData = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return a.conversation?.tenantId ?? (typeof fromChannelData === "string" ? fromChannelData : undefined);
};

/** Only the configured tenants get in; others are told politely and logged by tenant id only. */
export function tenantGuard(allowed: readonly string[], logger: Logger): Middleware {
  const set = new Set(allowed.map((t) => t.toLowerCase()));
  return {
    onTurn: async (context, next) => {
      if (set.size === 0) return next();
      const tenant = tenantOf(context);
      if (tenant && set.has(tenant.toLowerCase())) return next();
      logger.warn({ tenant: tenant ?? "none" }, "activity refused: tenant not allowed");
      if (context.activity.type === "invoke") await refuseInvoke(context, 403, "Not enabled for this organisation.");
      if (context.activity.type === "message")
        await context.sendActivity(
          notice("Threshold Assistant isn't enabled for your organisation.", ["Ask your Teams administrator if you think it should be. If a child is in immediate danger, call 999."]),
        );
    },
  };
}

/** Per-user and per-conversation limits on messages; a burst gets a "slow down" card, then quiet until it eases. */
export function rateGuard(logger: Logger, limits = { user: new RateLimiter(12, 30), conversation: new RateLimiter(40, 120) }): Middleware {
  return {
    onTurn: async (context, next) => {
      const a = context.activity;
      if (a.type !== "message" && a.type !== "invoke") return next();
      const user = limits.user.take(`u:${a.from?.aadObjectId ?? a.from?.id ?? "?"}`);
      const conversation = limits.conversation.take(`c:${(a.conversation?.id ?? "?").split(";")[0]}`);
      if (user === "ok" && conversation === "ok") return next();
      if (user === "limited" || conversation === "limited") {
        logger.info({ conversation: hashId(a.conversation?.id ?? "") }, "rate limited");
      }
      // An invoke must always get an answer, or the adapter reports 501 for the missing response.
      if (a.type === "invoke") await refuseInvoke(context, 429, "Too many requests: please wait a minute.");
      if (user === "limited" || conversation === "limited") {
        if (a.type === "message")
          await context.sendActivity(
            notice("Please slow down a little: I've had a lot of messages in a short time.", [
              "Wait a minute, then ask again. If a child is in immediate danger, call 999.",
            ]),
          );
      }
    },
  };
}
export type { Middleware } from "botbuilder";
