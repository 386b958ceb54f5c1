import type { Answer, OfferKind } from "../contract/answer.js";
import type { AuthorityId } from "../contract/primitives.js";
import type { AnswerContext, Resolved } from "./context.js";
import type { WithPack } from "./build.js";
import { chooseAuthorityAnswer } from "./general.js";
import { answerAsKind } from "./kinds.js";
import { finalize } from "./finalize.js";
import { readQuestion } from "./text.js";

/**
 * The "answer it as …" button (card action answerAs): the same question answered as the kind the
 * card offered, under the authority the card named, never another.
 */
export function answerAs(question: string, kind: OfferKind, context: Omit<AnswerContext, "authority"> & { authority: AuthorityId }): Answer {
  const q = readQuestion(question);
  const pack = context.knowledge.packs.get(context.authority) ?? null;
  const r: Resolved = { knowledge: context.knowledge, pack, namedInQuestion: false, now: context.now ?? new Date() };
  if (!r.pack) return finalize(q, chooseAuthorityAnswer(r), context);
  // The button answers one kind; it does not offer the first answer back.
  const { offer: _offer, ...out } = answerAsKind(q, r as WithPack, kind);
  return finalize(q, { ...out, suggestions: [] }, context);
}
