import type { Pack, Procedure, Timescale } from "../knowledge/index.js";
import type { PackHandler } from "./handlers.js";
import { answerRoutes, baseAnswer, consultationRoutes, type WithPack } from "./build.js";
import { documentIndex, type DocumentIndex, type Section } from "./document-index.js";
import { overlap, packStems, phraseTests, stems } from "./match.js";
import { answerQuotes, expandQuestion, searchDocument, type Quote, type SectionHit } from "./passages.js";
import type { Question } from "./text.js";
import { askedTypes, questionClauses } from "./answer-types.js";
import type { AnswerInput } from "../contract/answer.js";
import { CALL_999 } from "../contract/text.js";
import { chooseRule, unitWords } from "../deadlines/index.js";

/** How strongly a question must meet a section before its sentences are given as the answer. */
export const SECTION_MIN_SCORE = 9;
export const SECTION_MIN_COVERAGE = 0.3;
/** "who leads the discharge planning meeting and whats meant to be on the agenda": "and" opening a second question. */
const ASKS_AGAIN = /\s(?:and|or|plus|also)\s+(?=(?:who|whom|whose|what|whats|what's|when|where|which|how|why)\b)/;
/** At most this many sentences quoted in one answer (three, and one more for a question that asks two things). */
const MAX_QUOTES = 4;

/** How well a question meets a pack procedure's own title and the project's keywords for it. */
function procedureScore(text: string, q: ReadonlySet<string>, p: Procedure): number {
  const said = phraseTests(p.keywords);
  const keyword = p.keywords.filter((k, i) => said[i]!(text)).reduce((s, k) => s + (k.includes(" ") ? 4 : 2.5), 0);
  const title = overlap(q, packStems(p.title)) * 2.5;
  return keyword + title;
}

/** The project's keywords for a pack procedure (its practitioner wording) and its title raise that chapter's sections. */
function keywordBoost(idx: DocumentIndex, text: string): Map<number, number> {
  const boost = new Map<number, number>();
  const q = stems(expandQuestion(text));
  for (const p of idx.pack.procedures) {
    const n = procedureScore(text, q, p) * 0.5;
    if (n < 1) continue;
    // The chapter's sections, and the sections whose sentences the procedure quotes as its sources.
    for (const s of idx.sections) if (s.procedure?.id === p.id || s.cites?.includes(p)) boost.set(s.index, Math.max(boost.get(s.index) ?? 0, Math.min(4, n)));
  }
  return boost;
}

export interface DocumentReading {
  idx: DocumentIndex;
  /** The question the document was read for. */
  text: string;
  hits: SectionHit[];
  best?: SectionHit;
  /** True when the best section meets the question well enough to answer from. */
  strong: boolean;
  /** True when it meets it so well that the question is about that section whatever else it asks. */
  decisive: boolean;
  /** For a question that asks two things ("by when …? and who chairs the RPPM"), the sections ranked for each asking clause. */
  parts: SectionHit[][];
}

/** The document's sections ranked for a question, with whether the best one answers it. */
export function readDocument(q: Question, r: WithPack): DocumentReading {
  const idx = documentIndex(r.knowledge, r.pack);
  const hits = searchDocument(idx, q.text, keywordBoost(idx, q.text));
  const best = hits[0];
  const strong =
    !!best &&
    ((best.score >= SECTION_MIN_SCORE && best.coverage >= SECTION_MIN_COVERAGE) ||
      (best.score >= 1.5 * SECTION_MIN_SCORE && best.coverage >= 0.2) ||
      (best.score >= 2 * SECTION_MIN_SCORE && best.coverage >= 0.15));
  const decisive = !!best && best.score >= 2 * SECTION_MIN_SCORE && best.coverage >= 0.45;
  // Each asking clause of a question that asks for different kinds of thing is looked for by itself too.
  const clauses = questionClauses(q.text).flatMap((c) => c.split(ASKS_AGAIN)).filter((c) => c.trim() !== "");
  const kinds = clauses.map((c) => askedTypes(c).join(","));
  const parts = clauses.length >= 2 && new Set(kinds).size >= 2 && kinds.some((k) => k !== "") ? clauses.map((c) => searchDocument(idx, c, keywordBoost(idx, c))) : [];
  return { idx, text: q.text, hits, ...(best ? { best } : {}), strong, decisive, parts };
}

/** Timescales of the pack that the quoted sentences or the section state: the structured facts beside the words. */
/** How strongly a question must name a timescale rule for the rule to be shown beside the section found (as a dated question would). */
const ASKED_RULE_SCORE = 6;

/**
 * A question that asks when or how often ("when must the ICPC happen after the strategy discussion?") gets the rule it names,
 * even when the section found is another one (the event it counts from): the timescale is what was asked.
 */
function askedRule(r: WithPack, text: string, shown: Timescale[]): Timescale[] {
  if (!askedTypes(text).some((t) => t === "time" || t === "frequency")) return [];
  const choice = chooseRule(text, r.pack, r.knowledge.deadlineWording?.get(r.pack.id) ?? null);
  const rule = choice.rule;
  if (!rule || choice.score < ASKED_RULE_SCORE || shown.some((t) => t.id === rule.id)) return [];
  return [rule, ...choice.siblings.map((s) => s.rule).filter((t) => !shown.some((x) => x.id === t.id))];
}

function timescalesFor(pack: Pack, hit: SectionHit, quotes: Quote[]): Timescale[] {
  const quoted = quotes.map((q) => q.quote.toLowerCase().replace(/\s+/g, " "));
  const own = hit.section.procedure?.timescales ?? [];
  return pack.timescales.filter((t) => {
    const src = t.source.quote.toLowerCase().replace(/\s+/g, " ");
    return quoted.some((q) => q.includes(src.slice(0, 60)) || src.includes(q.slice(0, 60))) || (own.includes(t.id) && hit.section.heading === hit.section.procedure?.title);
  });
}

/** A route's own short name: the acronym its name spells out in brackets, or its first word in capitals ("MASH", "SARC", "CQC"). */
const acronymOf = (name: string) => /\(([A-Z]{3,})\)/.exec(name)?.[1] ?? /\b([A-Z]{3,})\b/.exec(name)?.[1];

/**
 * Routes a sentence of the document names: one of their contact details, their whole name or its acronym,
 * or (unless `strict`) a keyword of the project's for them.
 */
export function routesNamedIn(r: WithPack, text: string, strict = false): string[] {
  const words = stems(text);
  const lower = text.toLowerCase();
  return r.pack.routes
    .filter((route) => {
      const acronym = acronymOf(route.name);
      return (
        route.channels.some((c) => text.includes(c.value)) ||
        (!strict && route.keywords.some((k, i) => k.length > 3 && phraseTests(route.keywords)[i]!(lower))) ||
        // A route named in one word ("Police") is named by that word.
        (packStems(route.name).size > 0 && overlap(words, packStems(route.name)) >= packStems(route.name).size) ||
        (acronym !== undefined && new RegExp(`\\b${acronym}\\b`).test(text))
      );
    })
    .map((x) => x.id);
}

/** Routes the quoted sentences name (the MASH, a team, an email), then the chapter's own. */
function routesFor(r: WithPack, hit: SectionHit, quotes: Quote[]): string[] {
  return [...routesNamedIn(r, quotes.map((q) => q.quote).join(" ")), ...(hit.section.procedure?.routes ?? [])];
}

const unitLabel = (t: Timescale) => `${t.amount ?? "no figure"}${t.amountMax ? `–${t.amountMax}` : ""} ${t.unit ? unitWords(t.unit) : ""}`.trim();

/**
 * The pack procedure an answer is about: the chapter its section sits in, unless a procedure that quotes the answer's
 * sentence as its source meets the question better ("consent to share information" answered under "Advice and
 * consultation" is Luton's information sharing; "who should be invited to a strategy discussion" answered by the SARC's row
 * is Oldham's strategy discussions). The section cited stays the one the sentence stands in.
 */
function procedureNamed(reading: DocumentReading, section: Section, quote: string): Procedure | undefined {
  const own = section.procedure;
  const citing = reading.idx.units.find((u) => u.section === section.index && u.text === quote)?.citedBy?.filter((p) => p !== own) ?? [];
  if (citing.length === 0) return own;
  const q = stems(expandQuestion(reading.text));
  const score = (p: Procedure) => procedureScore(reading.text, q, p);
  const best = citing.reduce((a, b) => (score(b) > score(a) ? b : a));
  return !own || score(best) > score(own) ? best : own;
}

/** An answer in the document's own sentences: the section, one to three verbatim sentences, and the facts that go with them. */
export function documentAnswer(r: WithPack, reading: DocumentReading, kind: "procedure" | "route" = "procedure"): AnswerInput | null {
  const hit = reading.best;
  if (!hit || !reading.strong) return null;
  const quotes = answerQuotes(reading.idx, reading.hits);
  if (quotes.length === 0) return null;
  // A question that asks two things gets the sentence that answers each, when the whole question's best ones do not.
  for (const part of reading.parts) {
    const top = part[0];
    const u = top?.hits[0] ? reading.idx.units[top.hits[0].unit] : undefined;
    if (!top || !u || top.score < SECTION_MIN_SCORE || quotes.some((x) => x.quote.includes(u.text)) || quotes.length >= MAX_QUOTES) continue;
    quotes.push({ section: top.section.label, quote: u.text, line: u.line });
  }
  const section = hit.section;
  const p = section.procedure;
  const named = procedureNamed(reading, section, quotes[0]!.quote);
  const chapterItself = !!p && (section.heading === p.title || section.label === p.section || section.label.endsWith(p.title));
  const doc = r.pack.source.title;
  const found = timescalesFor(r.pack, hit, quotes);
  const timescales = [...askedRule(r, reading.text, found), ...found];
  return {
    ...baseAnswer(kind, r, `${section.label} (${doc}): "${quotes[0]!.quote}"`),
    procedure: {
      id: named?.id ?? "document-section",
      title: named && named !== p ? named.title : section.heading,
      section: section.label,
      summary: chapterItself && p ? p.summary : quotes.map((x) => x.quote).join(" "),
      duties: named?.duties ?? [],
      quotes: quotes.map((x) => ({ section: x.section, quote: x.quote })),
      gaps: chapterItself && p ? p.gaps : [],
    },
    routes: answerRoutes(r, routesFor(r, hit, quotes)),
    gaps: chapterItself && p ? p.gaps : [],
    notes: timescales.map((t) => `${t.label}: ${unitLabel(t)} (${t.source.section}: "${t.source.quote}")`),
  };
}

/** "Not stated in <document>": the document has no sentence that answers the question. */
export function notStatedAnswer(r: WithPack, topic: string): AnswerInput {
  const doc = r.pack.source.title;
  return {
    ...baseAnswer("procedure", r, `Not stated in the ${doc}: I can't find where it covers ${topic}. Ask the MASH, or see your local configuration and procedures.`),
    routes: consultationRoutes(r),
    gaps: [`Not stated in the ${doc}: it does not cover ${topic}. I won't answer it from another authority's document or from national guidance as if it were local.`],
    notes: [CALL_999],
  };
}

/** "What happens at …?", "who must attend …?", "is it allowed …?": the section of the document that answers it, quoted. */
export const procedureAnswer: PackHandler = (question, r) => documentAnswer(r, readDocument(question, r));
