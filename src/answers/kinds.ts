import { harmFamilies } from "../thresholds/index.js";
import type { NetHit } from "../thresholds/harm-net.js";
import { childAge, immediateDanger } from "../thresholds/analyse.js";
import { thresholdAnswer } from "./threshold.js";
import { consultationRoutes, type WithPack } from "./build.js";
import { clarifyAnswer } from "./general.js";
import { documentAnswer, notStatedAnswer, readDocument, routesNamedIn, SECTION_MIN_SCORE, type DocumentReading } from "./procedure.js";
import { quotesOf, sentencesGiving } from "./passages.js";
import { noRouteAnswer, routeAnswerWith } from "./route.js";
import { stems } from "./match.js";
import type { Question } from "./text.js";
import type { AnswerInput, OfferKind } from "../contract/answer.js";
import { CALL_999 } from "../contract/text.js";

/**
 * The three kinds of answer a question about a child or a procedure can get — its level, whom to
 * tell, what the document says — each built whole, so that the dispatcher can answer the safer one
 * and the card can offer the other as a button that answers the same question that way.
 */

/** Does the question describe a child's situation, and does that situation point to significant harm or danger now? */
export function situationOf(q: Question, net: NetHit[] = harmFamilies(q.raw)) {
  const age = childAge(q.raw);
  const danger = net.some((h) => h.immediate) || immediateDanger(q.raw, age);
  const harm = danger || net.length > 0;
  return { harm, danger, described: harm || age !== null };
}

/** The document's sentences beside a structured answer: the section and its words, as notes. */
export function withQuotes(a: AnswerInput, reading: DocumentReading): AnswerInput {
  if (!reading.strong || !reading.best) return a;
  const quotes = quotesOf(reading.idx, reading.best, 2);
  return { ...a, notes: [...quotes.map((x) => `${x.section}: "${x.quote}"`), ...(a.notes ?? [])] };
}

const OFFER_TITLES: Record<OfferKind, (r: WithPack) => string> = {
  threshold: () => "What level of need is this?",
  route: () => "Who do I contact?",
  procedure: (r) => `What does the ${r.pack.source.title} say about this?`,
};

/** The safer answer keeps the other reading one tap away: a button that answers the same question as that kind. */
export function offering(a: AnswerInput, q: Question, r: WithPack, kind: OfferKind): AnswerInput {
  const title = OFFER_TITLES[kind](r);
  return { ...a, offer: { kind, title, question: q.raw }, suggestions: [...new Set([...(a.suggestions ?? []), title])] };
}

/** Kinds of document sentence that answer a route question (answer-types.json): whom to tell, where to send it. */
const ROUTE_SENTENCES = ["recipient", "channel"];

/**
 * "Who do I tell?": the pack's contact routes, the document's sentence that names whom to tell beside
 * them, and — when the question describes a possible significant harm — the MASH first, the level and
 * 999, with the level one tap away.
 */
export function routeWithSafety(q: Question, r: WithPack, reading: DocumentReading, harm: boolean): AnswerInput {
  // A described harm is looked for by its name too ("given phones and cash" is exploitation), for the sentence on whom to tell about it.
  const labels = harm ? harmFamilies(q.raw).map((h) => h.label) : [];
  const read = labels.length > 0 ? readDocument({ ...q, text: `${q.text} ${labels.join(" ").toLowerCase()}` }, r) : reading;
  const quotes = read.strong ? sentencesGiving(read.idx, read.hits, ROUTE_SENTENCES, 2) : [];
  // The routes that sentence names come first when the question asks whom.
  const named = routesNamedIn(r, quotes.map((x) => x.quote).join(" "), true);
  const whom = reading.best?.asked.includes("recipient") ?? false;
  // A described harm goes to the MASH first, whatever else the question names.
  const base = routeAnswerWith(q, r, harm ? [r.pack.consultationRoute, ...named] : named, whom) ?? noRouteAnswer(q, r);
  // "who do i tell? and does the SW see the child on their own": the other thing asked gets the document's sentence for it.
  const alsoAsked = reading.parts.flatMap((hits) => (hits[0] && hits[0].score >= SECTION_MIN_SCORE ? quotesOf(reading.idx, hits[0], 1) : []));
  let a: AnswerInput = { ...base, notes: [...new Set([...[...quotes, ...alsoAsked].map((x) => `${x.section}: "${x.quote}"`), ...(base.notes ?? [])])] };
  if (harm) {
    const t = thresholdAnswer(q, r);
    a = {
      ...a,
      ...(t?.threshold ? { threshold: t.threshold } : {}),
      // The routes the document names for the harm come straight after the MASH, with the harm's own sentence.
      routes: [...consultationRoutes(r), ...(t?.routes ?? []).filter((x) => x.forHarm), ...(a.routes ?? [])].filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i),
      notes: [`This describes a possible risk of significant harm: refer to the MASH now. ${CALL_999}`, ...(a.notes ?? [])],
    };
    a = offering(a, q, r, "threshold");
  }
  return a;
}

/**
 * A document answer to a question that also describes a possible significant harm: the level, the MASH first and 999
 * beside the document's words, with the level one tap away.
 */
export function withSafety(a: AnswerInput, q: Question, r: WithPack): AnswerInput {
  const t = thresholdAnswer(q, r);
  const out: AnswerInput = {
    ...a,
    ...(t?.threshold ? { threshold: t.threshold } : {}),
    routes: [...consultationRoutes(r), ...(a.routes ?? [])].filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i),
    notes: [`This describes a possible risk of significant harm: refer to the MASH now. ${CALL_999}`, ...(a.notes ?? [])],
  };
  return offering(out, q, r, "threshold");
}

/** The question's own words that the document never uses (its stems are unknown to the index). */
export function unknownWords(text: string, reading: DocumentReading): string {
  const unknown = new Set(reading.best?.unknown ?? []);
  const words = text
    .split(/\s+/)
    .filter((w) => [...stems(w)].some((s) => unknown.has(s)))
    .join(" ");
  return words ? `"${words}"` : "this";
}

/** The question answered as the kind a card's button asked for, whatever the dispatcher chose first. */
export function answerAsKind(q: Question, r: WithPack, kind: OfferKind): AnswerInput {
  const reading = readDocument(q, r);
  switch (kind) {
    case "threshold":
      return thresholdAnswer(q, r) ?? clarifyAnswer(r);
    case "route":
      return routeWithSafety(q, r, reading, situationOf(q).harm);
    case "procedure":
      return documentAnswer(r, reading) ?? notStatedAnswer(r, unknownWords(q.text, reading));
  }
}
