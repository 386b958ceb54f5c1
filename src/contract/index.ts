export * from "./primitives.js";
export * from "./answer.js";
export * from "./card-action.js";
export type { Question } from "./question.js";
export type { ConversationRef, TurnInfo } from "./turn.js";
