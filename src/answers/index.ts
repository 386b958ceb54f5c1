import { harmFamilies, thresholdAnswer } from "../thresholds/index.js";
import { browseAnswer } from "./browse.js";
import { deadlineAnswer } from "../deadlines/index.js";
import { authorityNamedIn } from "./authority.js";
import type { AnswerContext, Resolved } from "./context.js";
import { finish, type WithPack } from "./build.js";
import { chooseAuthorityAnswer, clarifyAnswer, deadlineChooser, helpAnswer, routesOverview } from "./general.js";
import type { PackHandler } from "./handlers.js";
import { rankIntents, type IntentKind } from "./intent.js";
import { procedureAnswer } from "./procedure.js";
import { routeAnswer } from "./route.js";
import type { Answer, AnswerInput } from "../contract/answer.js";
import { readQuestion, type Question } from "./text.js";
import { privacyNotes } from "./privacy.js";
import { isOffTopic, offTopicAnswer } from "./topic.js";

export type { AnswerContext } from "./context.js";
export * from "../contract/answer.js";
export { readQuestion, MAX_QUESTION_CHARS } from "./text.js";
export { parseAuthority, authorityNamedIn } from "./authority.js";
export { helpAnswer, welcomeAnswer, chooseAuthorityAnswer, EXAMPLE_QUESTIONS } from "./general.js";
export { baseAnswer, finish } from "./build.js";

const byIntent: Record<IntentKind, PackHandler> = {
  route: routeAnswer,
  procedure: procedureAnswer,
  threshold: thresholdAnswer,
};

const HELP = /^(help|\?|what can you do|commands|hi|hello)\W*$/;
const BROWSE = /^browse\b|\bindicators?\b/;
/** Bare commands from the manifest's command list: an overview instead of a question. */
const BARE: Record<string, (r: WithPack) => AnswerInput> = { route: routesOverview, routes: routesOverview, contacts: routesOverview, deadline: deadlineChooser, deadlines: deadlineChooser };

function resolve(q: Question, context: AnswerContext): Resolved {
  const named = authorityNamedIn(q.text, context.knowledge);
  const id = named ?? context.authority ?? null;
  return {
    knowledge: context.knowledge,
    pack: id ? (context.knowledge.packs.get(id) ?? null) : null,
    namedInQuestion: named !== null,
    now: context.now ?? new Date(),
  };
}

function dispatch(q: Question, r: WithPack): AnswerInput {
  const bare = BARE[q.text.replace(/[^a-z]/g, "")];
  if (bare && q.text.split(/\s+/).length === 1) return bare(r);
  if (BROWSE.test(q.text)) {
    const browsed = browseAnswer(q, r);
    if (browsed) return browsed;
  }
  // Danger now is answered as a threshold first, whatever else the question asks; a described
  // significant harm too, unless the question asks for a route or procedure ("who do I tell about CSE?").
  const harm = harmFamilies(q.raw);
  const asks = rankIntents(q.text)[0];
  if (harm.some((h) => h.immediate) || (harm.length > 0 && asks !== "route" && asks !== "procedure")) {
    const harm = thresholdAnswer(q, r);
    if (harm) return harm;
  }
  const deadline = deadlineAnswer(q, r);
  if (deadline) return deadline;
  // The intents a question shows, strongest first; a threshold reading is always tried last, since
  // a described concern must never go unanswered because it was phrased as a question.
  const order = [...rankIntents(q.text), "threshold" as const].filter((k, i, all) => all.indexOf(k) === i);
  for (const kind of order) {
    const a = byIntent[kind](q, r);
    if (a) return a;
  }
  // Nothing matched: an unrelated question gets "what I answer", never a MASH route; a described situation gets the MASH.
  return isOffTopic(q.text) ? offTopicAnswer(r) : clarifyAnswer(r);
}

/** The one entry point of the core: a question and its context in, a validated Answer out. */
export function answer(question: string, context: AnswerContext): Answer {
  const q = readQuestion(question);
  const r = resolve(q, context);
  let out: AnswerInput;
  if (q.text === "" || HELP.test(q.text)) out = helpAnswer(r);
  else if (!r.pack) out = chooseAuthorityAnswer(r);
  else out = dispatch(q, r as WithPack);
  const notes = [...(out.notes ?? []), ...privacyNotes(q.raw), ...(q.truncated ? ["Your message was long, so I read only its beginning."] : [])];
  return finish({ ...out, notes: [...new Set(notes)] });
}
