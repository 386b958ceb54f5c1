import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from "botbuilder";
import type { ConversationRef } from "../contract/turn.js";
import type { OutgoingCard, ProactiveSender } from "../reminders/sender.js";

/** Proactive sends through the Bot Framework, behind the interface the reminders own. */

/** The logic ran no further than the adapter's middleware (a guard refused the turn). */
export class NotRunError extends Error {
  readonly statusCode = 403;
  constructor() {
    super("proactive turn refused by middleware");
  }
}

/**
 * A channel reference from a message points into that message's thread (";messageid=…"); a
 * reminder is a new post, so it goes to the channel itself, which Teams shows as a new thread.
 */
export function channelReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const conversation = reference.conversation;
  if (!conversation?.id?.includes(";messageid=")) return reference;
  const { activityId: _activityId, ...rest } = reference;
  return { ...rest, conversation: { ...conversation, id: conversation.id.split(";")[0]! } };
}

/**
 * `appId` is the bot's Microsoft App Id. Locally, without one, this SDK version accepts an empty
 * string: the claims identity then carries no audience, the connector client sends no token, and
 * the send reaches the local connector (tested against the fake connector).
 */
export class BotFrameworkSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(ref: ConversationRef, message: OutgoingCard): Promise<void> {
    const reference = ref as Partial<ConversationReference>;
    let ran = false;
    let failure: unknown;
    // Errors are caught inside the logic: thrown out of it, the adapter's onTurnError would swallow
    // them and try to post an apology into the channel.
    await this.adapter.continueConversationAsync(this.appId, channelReference(reference), async (context) => {
      ran = true;
      // The continuation turn carries a made-up activity id that the SDK would post a "reply" to;
      // a reminder is a new message in the conversation (a new post in a channel), so drop it.
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) delete a.replyToId;
        return next();
      });
      try {
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text));
      } catch (e) {
        failure = e;
      }
    });
    if (failure !== undefined) throw failure;
    if (!ran) throw new NotRunError();
  }
}
