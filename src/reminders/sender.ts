import type { ConversationRef } from "../contract/turn.js";

/** What a reminder sends: a card and its short notification text. */
export interface OutgoingCard {
  card: Record<string, unknown>;
  text: string;
}

/**
 * How reminders reach a conversation. The reminders own this interface; the Bot Framework
 * implementation lives in src/teams/sender.ts and is handed in by the composition root.
 */
export interface ProactiveSender {
  /** Resolves when the connector accepted the activity; rejects with the connector's error otherwise. */
  send(reference: ConversationRef, message: OutgoingCard): Promise<void>;
}
