import type { Answer, AnswerInput } from "../contract/answer.js";
import { authorityNames } from "./authority.js";
import { finish } from "./build.js";
import type { AnswerContext } from "./context.js";
import { privacyNotes } from "./privacy.js";
import type { Question } from "./text.js";

/** Every answer to a question ends the same way: the privacy notes it calls for, and a word when the question was cut short. */
export function finalize(q: Question, out: AnswerInput, context: Pick<AnswerContext, "knowledge">): Answer {
  const notes = [...(out.notes ?? []), ...privacyNotes(q.raw, authorityNames(context.knowledge)), ...(q.truncated ? ["Your message was long, so I read only its beginning."] : [])];
  return finish({ ...out, notes: [...new Set(notes)] });
}
