import { createRequire } from "node:module";
import type { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ActivityTypes, CardFactory, MessageFactory, type Middleware, type TurnContext } from "botbuilder";
import { Answer } from "../answers/index.js";
import { renderReply } from "../cards/index.js";
import { CALL_999 } from "../contract/text.js";
import type { Logger } from "../logger.js";
import { hashId } from "./bot.js";

// rate-limiter-flexible's index loads every backend it supports (Redis, Mongo, MySQL, …) at start;
// the class is taken from its own module instead (the same module the library's limiters use).
const load = createRequire(import.meta.url);
const MemoryLimiter = load("rate-limiter-flexible/lib/RateLimiterMemory.js") as typeof RateLimiterMemory;
const LimiterRes = load("rate-limiter-flexible/lib/RateLimiterRes.js") as typeof RateLimiterRes;

/**
 * Per-key message limits (rate-limiter-flexible's memory limiter): `capacity` messages at once,
 * `perMinute` on average; a key's window is capacity / perMinute of a minute long.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(
    private readonly capacity: number,
    perMinute: number,
  ) {
    this.limiter = new MemoryLimiter({ points: capacity, duration: Math.max(1, Math.round((capacity / perMinute) * 60)) });
  }

  /** "ok", "limited" (first refusal in a burst: tell the user) or "silent" (already told). */
  async take(key: string): Promise<"ok" | "limited" | "silent"> {
    try {
      await this.limiter.consume(key);
      return "ok";
    } catch (e) {
      if (!(e instanceof LimiterRes)) throw e;
      return e.consumedPoints === this.capacity + 1 ? "limited" : "silent";
    }
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
          notice("Threshold Assistant isn't enabled for your organisation.", [`Ask your Teams administrator if you think it should be. ${CALL_999}`]),
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
      const user = await limits.user.take(`u:${a.from?.aadObjectId ?? a.from?.id ?? "?"}`);
      const conversation = await limits.conversation.take(`c:${(a.conversation?.id ?? "?").split(";")[0]}`);
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
              `Wait a minute, then ask again. ${CALL_999}`,
            ]),
          );
      }
    },
  };
}
export type { Middleware } from "botbuilder";
