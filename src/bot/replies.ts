import { Answer, type AnswerInput } from "../answers/index.js";

export const finishAnswer = (a: AnswerInput): Answer => Answer.parse(a);
