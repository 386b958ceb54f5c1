import { harmFamilies, harmNet, oneQuestion } from "../thresholds/index.js";
import { thresholdAnswer } from "./threshold.js";
import { browseAnswer } from "./browse.js";
import { deadlineAnswer } from "./deadline.js";
import { authorityNamedIn } from "./authority.js";
import type { AnswerContext, Resolved } from "./context.js";
import type { WithPack } from "./build.js";
import { chooseAuthorityAnswer, clarifyAnswer, deadlineChooser, EXAMPLE_QUESTIONS, helpAnswer, routesOverview } from "./general.js";
import { describesSomeone, intentScores, rankIntents } from "./intent.js";
import { compareAnswer, compareTargets } from "./compare.js";
import { unknownAuthorityAnswer, unknownAuthorityIn } from "./unknown-authority.js";
import { documentAnswer, notStatedAnswer, readDocument, routesNamedIn } from "./procedure.js";
import { quotesOf } from "./passages.js";
import { askedInQuestion, askedTypes, asksBeyond, asksChannel, asksOnlyRoute, questionClauses } from "./answer-types.js";
import { namesARoute, routeNamedStrength } from "./route.js";
import { offering, routeWithSafety, situationOf, unknownWords, withQuotes, withSafety } from "./kinds.js";
import type { Answer, AnswerInput } from "../contract/answer.js";
import { finalize } from "./finalize.js";
import { readQuestion, type Question } from "./text.js";
import { isOffTopic, offTopicAnswer } from "./topic.js";
import { mendTypos } from "./typos.js";
import { stems } from "./match.js";
import { isEnglishWord } from "../thresholds/english.js";

export type { AnswerContext } from "./context.js";
export * from "../contract/answer.js";
export { readQuestion, MAX_QUESTION_CHARS } from "./text.js";
export { parseAuthority, authorityNamedIn } from "./authority.js";
export { helpAnswer, welcomeAnswer, chooseAuthorityAnswer, EXAMPLE_QUESTIONS } from "./general.js";
export { baseAnswer, finish, type WithPack } from "./build.js";
export { deadlineAnswerFor } from "./deadline.js";
export { answerAs } from "./answer-as.js";
export { answerAction, errorAnswer, settingsAnswer, setAuthority, type ActionContext, type ReminderFeature, type RemindAction } from "./actions.js";


/** How much more a question's form must say "whom/where" than "what must happen" to be a route question against a decisive section. */
const ROUTE_MARGIN = 4;
/** A route named this strongly (its own keyword, or its name) by a question that asks nothing else is what the question wants. */
const NAMED_ROUTE = 3;
/** Harm-net families that are a status the grid puts at the top level (private fostering), not a harm by themselves. */
const STATUSES = new Set(harmNet.families.filter((f) => f.notUrgent).map((f) => f.id));
/** Forms that ask what something is or covers, which a harm named about no one still asks of the document. */
const GENERAL_FORMS = new Set(["definition", "content"]);
/** At most this many words: a name, not a description of a situation. */
const NAME_WORDS = 6;

/** A clause in the form of a question, with or without its question mark ("…but I'm still worried, can I ask for one"). */
const QUESTION_FORM = /(?:^|[,;:.!?]\s*|\s[-–]\s|\b(?:but|and|so)\s+)(?:(?:by|for|to|in|at|from|with|after|before|until)\s+)?(?:who|whom|what|whats|what's|when|where|which|how|why|can|could|may|must|should|do|does|is|are|will)\s+(?:i|we|you|they|he|she|it|the|a|an|this|that|there|[a-z]+)\b/;

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


/** What the question says, read once: its harms, its form, the intent cues it meets and how the document meets it. */
function readEvidence(q: Question, r: WithPack, mended: Question) {
  const harm = harmFamilies(q.raw);
  const scores = intentScores(q.text);
  const asked = askedTypes(q.text);
  // The document is searched with the question's typos mended against its own words.
  const reading = readDocument(mended, r);
  const situation = situationOf(q, harm);
  // How much more a question's form says "whom/where" than "what must happen".
  const routeClear = scores.route >= scores.procedure + ROUTE_MARGIN;
  // A level is asked for by level words ("what level", "threshold"); an age or a worry with "what do I do" leans to a level too,
  // but not a question whose form asks something the document states ("how often does a looked after 4 year old need a health review").
  // What the asking clauses ask for ("should her carer sit in" → attendance, permission), not what the description happens to say.
  const inQuestion = askedInQuestion(q.text);
  const asking = questionClauses(q.text).length > 0;
  // A question that names one of the document's headings whole ("Intensive – Services (examples)") asks about that section,
  // though the heading is a level's.
  const namesSection = reading.strong && (reading.best?.named ?? 0) >= 1;
  const levelAsked =
    !namesSection &&
    ((scores.level >= 3 && scores.level > scores.procedure) || (scores.threshold >= 3 && scores.threshold > scores.procedure && !asked.some((t) => t !== "next")));
  // A question that asks for something in particular — who attends, whether it is allowed, how evidence is taken — rather than only "what do I do".
  const specific = inQuestion.some((t) => t !== "next");
  // A few words that name what they ask about and describe no one ("criteria to close a CIN plan", "ICPC timescale?").
  const nounPhrase = !asking || (questionClauses(q.text).length === 1 && q.text.split(/\s+/).length <= NAME_WORDS && /\?\s*$/.test(q.text) && !QUESTION_FORM.test(q.text));
  const named = nounPhrase && q.text.split(/\s+/).length <= 10 && !situation.described && harm.length === 0 && !(scores.route >= 2 && scores.route >= scores.procedure);
  // "Anyone else who should be invited?", "who besides police and health?": the one further party to involve, when the
  // document's answer names one of the authority's routes ("The SARC should be invited…"). "Who should be invited?" alone
  // asks what the procedure requires.
  const invites =
    inQuestion.includes("attendance") &&
    inQuestion.every((t) => t === "attendance" || t === "recipient" || t === "permission") &&
    asksBeyond(q.text) &&
    reading.strong &&
    routesNamedIn(r, quotesOf(reading.idx, reading.best!, 1).map((x) => x.quote).join(" "), true).some((id) => id !== r.pack.consultationRoute);
  // "Do I need a strat before referring to LADO, and what's the LADO's number?": a clause that asks for a route's number,
  // email or form by its name wants that route's card first; the document's sentences on the rest come with it.
  const channelFirst = asksChannel(inQuestion) && harm.length === 0 && !situation.harm && routeNamedStrength(q, r) >= NAMED_ROUTE;
  return {
    harm,
    asking,
    invites,
    channelFirst,
    urgent: harm.some((h) => h.immediate),
    scores,
    asked,
    inQuestion,
    specific,
    named,
    nounPhrase,
    reading,
    situation,
    routeClear,
    levelAsked,
    procedureAsked: scores.procedure >= 2 || (specific && reading.strong),
  };
}
type Evidence = ReturnType<typeof readEvidence>;

/** Whether the question wants whom to tell, which form or where: the intent cues, or the question's form, or a route it only names. */
function asksForRoute(q: Question, r: WithPack, e: Evidence): boolean {
  const { scores, asked, reading, situation, routeClear, levelAsked, procedureAsked } = e;
  // A form that asks what the procedure allows, requires or is ("is it ok to do phone calls instead of visits") is not made a
  // route question by the contact words it mentions.
  const form = e.inQuestion.length > 0 ? e.inQuestion : asked;
  const procedureForm = form.length > 0 && !form.some((t) => asksOnlyRoute([t])) && reading.strong && !routeClear;
  const byCues =
    // A described situation that mentions a phone or a form is still a situation: it takes a question about whom to tell.
    scores.route >= (situation.described ? 4 : 2) &&
    scores.route >= scores.procedure &&
    scores.route > scores.threshold &&
    // A section met decisively keeps a question about it a procedure one unless its form says "whom" clearly more.
    !(procedureAsked && reading.decisive && !routeClear) &&
    !procedureForm;
  // "Who does it go to", "where next", "email?": a form that asks only whom, where or which channel, whatever section it is
  // about; a level it names is then its subject ("additional level only - what form?").
  // "Can I talk it through with a social worker first?": may I contact someone is a question of whom to contact.
  const whom = e.inQuestion.filter((t) => t !== "permission");
  const byForm = (asksOnlyRoute(form) || (whom.length < e.inQuestion.length && asksOnlyRoute(whom))) && (!levelAsked || asksChannel(asked));

  // "oldham LADO", "SENCO": a few words that only name a route of the pack, asking nothing and about no one in particular.
  const byName =
    asked.length === 0 &&
    q.text.split(/\s+/).length <= NAME_WORDS &&
    !QUESTION_FORM.test(q.text) &&
    !levelAsked &&
    !situation.harm &&
    !describesSomeone(q.text) &&
    routeNamedStrength(q, r) >= NAMED_ROUTE;
  return byCues || byForm || byName || e.invites || e.channelFirst;
}

/** Whether the question uses one of the document's own terms that is no English word ("NRM", "EHCP", "GCP2"). */
function namesDocumentTerm(q: Question, reading: ReturnType<typeof readDocument>): boolean {
  return (q.text.match(/[a-z][a-z0-9]{2,}/g) ?? []).some((w) => !isEnglishWord(w) && [...stems(w)].some((s) => reading.idx.vocabulary.has(s)));
}

/** Whether the question's asking clauses ask for something besides a time or how often. */
const alsoAsksBeyondTime = (q: Question) => askedInQuestion(q.text).some((t) => t !== "time" && t !== "frequency" && t !== "next");

function dispatch(q: Question, r: WithPack): AnswerInput {
  const bare = BARE[q.text.replace(/[^a-z]/g, "")];
  if (bare && q.text.split(/\s+/).length === 1) return bare(r);
  const mended = mendTypos(q, r.knowledge, r.pack);
  // Outside "browse", danger now and a deadline question that gives its date are answered before the document is searched:
  // neither answer reads the search, so they are tried first, in the order below, and the search is made only when they give way.
  const browsing = BROWSE.test(q.text);
  let early: AnswerInput | null = null;
  if (!browsing) {
    if (harmFamilies(q.raw).some((h) => h.immediate)) {
      const now = thresholdAnswer(q, r);
      // Danger now comes first; what else the question asks ("how fast does the strat need to be?") gets the document's words beside it.
      if (now) return askedInQuestion(q.text).some((t) => t !== "frequency" && t !== "next") ? withQuotes(now, readDocument(mended, r)) : now;
    }
    early = deadlineAnswer(mended, r);
    // "… RCPC or core group next and how soon? who decides": the date, and the document's sentences for what else is asked.
    if (early?.deadlines?.length && alsoAsksBeyondTime(q)) return withQuotes(early, readDocument(mended, r));
    if (early && !(!early.deadlines?.length && early.prompt && alsoAsksBeyondTime(q))) return early;
  }
  const e = readEvidence(q, r, mended);
  // "Browse the indicators" lists them; a question that asks something of them ("I've ticked one of the intensive
  // indicators – does that make it intensive?") is answered from the document.
  if (browsing && !(e.specific && e.reading.strong)) {
    const browsed = browseAnswer(q, r);
    if (browsed) return browsed;
  }
  const { harm, urgent, scores, asked, reading, situation, levelAsked, procedureAsked } = e;
  // Danger now is answered as a threshold first, whatever else the question asks (tried above unless browsing).
  if (urgent && browsing) {
    const now = thresholdAnswer(q, r);
    if (now) return now;
  }
  // A question that names a timescale rule and gives its date asks for the date, even when the event is a harm.
  const deadline = browsing ? deadlineAnswer(mended, r) : early;
  // A deadline question with no date that asks something else as well ("by when does a looked after child need a permanence
  // plan agreed? and who chairs the RPPM") is answered from the document, which answers both; alone, it asks for the date.
  const alsoAsks = alsoAsksBeyondTime(q);
  if (deadline && !(!deadline.deadlines?.length && deadline.prompt && alsoAsks && reading.decisive)) return deadline;
  // "Is that private fostering?": whether something is what a section names and defines is answered from that section,
  // the level one tap away; a status is not a danger by itself, but a described harm ("is this CSE?") keeps its level first.
  const onlyStatuses = harm.every((h) => STATUSES.has(h.family));
  if (onlyStatuses && reading.strong && (reading.best?.named ?? 0) > 0 && (asked.includes("definition") || e.inQuestion.includes("definition"))) {
    const a = documentAnswer(r, reading);
    if (a) return offering(a, q, r, "threshold");
  }
  // "What are the types of FGM?": a harm named about no one, asking what it is or what it covers, is about the document;
  // with no harm named, any form that asks what the document states.
  // An unrelated question ("where can I park?") gets "what I answer", however well a word of it meets the document
  // ("office" is "officer" to the stemmer, "park" it never uses); one that names a route of the pack, a term of the document, or
  // that the document answers with every word of it known, is not unrelated.
  const known = reading.strong && (reading.best?.unknown.length ?? 1) === 0;
  if (harm.length === 0 && isOffTopic(q.text) && !namesARoute(r, q.text) && !reading.decisive && !known && !namesDocumentTerm(q, reading)) return offTopicAnswer(r);
  const general = onlyStatuses ? asked.some((t) => t !== "next") : asked.some((t) => GENERAL_FORMS.has(t));
  // What the asking clauses ask decides whether it is only whom or where ("… needs can be met by early help. where do I send
  // the assessment?" asks where, whatever its description allows).
  const form = e.inQuestion.length > 0 ? e.inQuestion : asked;
  if (reading.strong && general && !asksOnlyRoute(form) && !e.routeClear && !e.channelFirst && !describesSomeone(q.text)) {
    const a = documentAnswer(r, reading);
    if (a) return a;
  }
  // A status named in a few words about no one ("private fostering notification oldham") asks what the document says of it,
  // and where it says nothing, that it says nothing.
  if (harm.length > 0 && onlyStatuses && e.nounPhrase && q.text.split(/\s+/).length <= NAME_WORDS && !describesSomeone(q.text) && !levelAsked && !asksOnlyRoute(e.inQuestion))
    return (reading.strong ? documentAnswer(r, reading) : null) ?? notStatedAnswer(r, harm.map((h) => h.label.toLowerCase()).join(" or "));
  // A described significant harm with a question the document answers in particular ("strat tomorrow re a sexual abuse
  // allegation – anyone we must invite?", "how is her evidence taken – ABE by who?") gets the document's answer, with the
  // level, the MASH and 999 beside it and the level one tap away; "is this CSE?" and "what do I do" keep the level first.
  if (harm.length > 0 && e.specific && reading.strong && !levelAsked && !e.inQuestion.every((t) => t === "definition" || t === "next")) {
    if (asksOnlyRoute(e.inQuestion) || e.invites) return routeWithSafety(q, r, reading, true);
    const a = documentAnswer(r, reading);
    if (a) return withSafety(a, q, r);
  }
  // A described significant harm is a threshold question unless it asks for a route or a procedure ("who do I tell about CSE?");
  // one that asks nothing at all ("Police - DA log. … the 10yo … was punched in the face") is the situation, told for its level.
  const asks = rankIntents(q.text)[0];
  if (harm.length > 0 && (!e.asking || (asks !== "route" && asks !== "procedure" && !asksOnlyRoute(asked)))) {
    const t = thresholdAnswer(q, r);
    if (t) return t;
  }
  // Danger now, from the situation as a whole: 999 and the MASH first, whom to contact a tap away.
  if (situation.danger) {
    const t = thresholdAnswer(q, r);
    if (t) return offering(withQuotes(t, reading), q, r, "route");
  }
  if (asksForRoute(q, r, e)) return routeWithSafety(q, r, reading, situation.harm);
  const asksSomething = procedureAsked || e.named || (!situation.described && (q.text.includes("?") || QUESTION_FORM.test(q.text)));
  if (reading.strong && asksSomething && !levelAsked && !(situation.harm && !procedureAsked)) {
    const a = documentAnswer(r, reading);
    if (a) return situation.described ? offering(a, q, r, "threshold") : a;
  }
  if (!situation.described && !levelAsked && procedureAsked && !reading.strong) {
    // A question about a particular child that the document has no section for ("his mum has stopped taking him to the
    // dentist, what should I be doing?") is answered with the level its situation clearly meets, if it clearly meets one.
    const t = describesSomeone(q.text) ? thresholdAnswer(q, r) : null;
    if (t?.threshold && t.threshold.confidence !== "low") return t;
    return notStatedAnswer(r, unknownWords(q.text, reading));
  }
  const t = thresholdAnswer(q, r);
  if (t) return reading.strong ? offering(t, q, r, "procedure") : t;
  if (levelAsked) return clarifyAnswer(r);
  const p = asksSomething ? documentAnswer(r, reading) : null;
  if (p) return p;
  if (scores.route >= 2) return routeWithSafety(q, r, reading, situation.harm);
  // Nothing matched: an unrelated question gets "what I answer", never a MASH route; a described situation gets the MASH.
  return clarifyAnswer(r);
}

/** The one entry point of the core: a question and its context in, a validated Answer out. */
export function answer(question: string, context: AnswerContext): Answer {
  return oneQuestion(() => answerOne(question, context));
}

function answerOne(question: string, context: AnswerContext): Answer {
  const q = readQuestion(question);
  const r = resolve(q, context);
  let out: AnswerInput;
  const targets = q.text === "" ? null : compareTargets(q, context.knowledge);
  const unknown = r.namedInQuestion ? null : unknownAuthorityIn(q.text, q.raw);
  if (q.text === "" || HELP.test(q.text)) out = helpAnswer(r);
  else if (targets) out = compareAnswer(q, r, targets);
  else if (unknown) out = unknownAuthorityAnswer(r, unknown);
  else if (!r.pack) out = chooseAuthorityAnswer(r);
  else out = dispatch(q, r as WithPack);
  return finalize(q, out, context);
}

/**
 * What the first real questions would otherwise wait for, done as answers to the example questions
 * under every pack, to be thrown away: each pack's indicator index and document search, the date
 * reader, and V8's compiling of the hot paths. One answer per step, so that the caller can let real
 * turns in between. Answers keep nothing between questions but caches of pure work, so the answers
 * that follow are the same with or without it.
 */
export function warmUpSteps(knowledge: AnswerContext["knowledge"], now: () => Date = () => new Date()): (() => Answer)[] {
  return [...knowledge.packs.keys()].flatMap((authority) => EXAMPLE_QUESTIONS.map((q) => () => answer(q, { knowledge, authority, now: now() })));
}
