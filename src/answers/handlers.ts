import type { Question } from "./text.js";
import type { WithPack } from "./build.js";
import type { AnswerInput } from "../contract/answer.js";

/**
 * A capability's answer to a question, or null when the question is not for it.
 * Handlers are pure: same question, context and clock → same answer.
 */
export type PackHandler = (q: Question, r: WithPack) => AnswerInput | null;
