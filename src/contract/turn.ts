/**
 * Where a turn happens, as the core sees it. The conversation reference is the Bot Framework's
 * (ids and the service URL only), kept as plain data so that nothing outside src/teams needs its type.
 */
export interface ConversationRef {
  conversation?: { id?: string; conversationType?: string; tenantId?: string; [key: string]: unknown };
  activityId?: string;
  [key: string]: unknown;
}

export interface TurnInfo {
  conversationId: string;
  scopeKey: string;
  authority: import("./primitives.js").AuthorityId | null;
  reference: ConversationRef;
  userHash: string;
  now: Date;
}
