import { z } from "zod";
import type { Pack } from "../knowledge/index.js";
import type { DocumentIndex, Section } from "./document-index.js";
import { hasPhrase, packStems, stems } from "./match.js";
import phrasingsJson from "./phrasings.json" with { type: "json" };
import { ANSWER_BONUS, askedTypes, sentenceTypes, wantsList } from "./answer-types.js";

const Phrasings = z.object({
  $comment: z.string(),
  expansions: z.record(z.string().min(1), z.string()),
  questionWords: z.array(z.string().min(1)),
});
const phrasings = Phrasings.parse(phrasingsJson);
const QUESTION_STEMS = stems(phrasings.questionWords.join(" "));
const EXPANSIONS = Object.entries(phrasings.expansions).sort((a, b) => b[0].length - a[0].length);

/** The question with the project's expansions of abbreviations and informal terms appended. */
export function expandQuestion(text: string): string {
  const added: string[] = [];
  for (const [term, meaning] of EXPANSIONS) if (hasPhrase(text, term)) added.push(meaning);
  return added.length ? `${text} ${added.join(" ")}` : text;
}

/** The content stems a question asks about, in order, without question words or the authority's name. */
export function queryStems(text: string, pack: Pack): string[] {
  const authority = packStems([pack.name, ...pack.shortNames, pack.id.replace(/-/g, " ")].join(" "));
  const out: string[] = [];
  for (const m of expandQuestion(text).toLowerCase().matchAll(/[a-z0-9][a-z0-9'-]*/g)) {
    const s = [...stems(m[0])][0];
    if (!s || QUESTION_STEMS.has(s) || authority.has(s) || /^\d+$/.test(s)) continue;
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

export interface Hit {
  unit: number;
  score: number;
}

export interface SectionHit {
  section: Section;
  score: number;
  hits: Hit[];
  /** Share of the question's weight that the best sentence and its heading meet (0-1). */
  coverage: number;
  /** Question stems the document never uses. */
  unknown: string[];
  /** The kinds of sentence the question's form asks for (answer-types.json). */
  asked: string[];
}

const K1 = 1.2;
const B = 0.3;

/**
 * What searching needs from an index, worked out once per document: each sentence's stems as a set,
 * and which sentences a stem can score in (it is in the sentence, in its section's heading or in the
 * sentence it continues), so that a question touches only the sentences that share its words.
 */
interface Prepared {
  sets: Set<string>[];
  /** stem → the units it can score in, in document order. */
  reach: Map<string, number[]>;
  maxIdf: number;
  /** Each section's own heading stems (without its chapter's title). */
  ownHeading: string[][];
  /** The kinds of answer each sentence gives (a list item also gives what its lead sentence does). */
  types: Set<string>[];
  /** A lead sentence's list items, in order. */
  items: Map<number, number[]>;
}

const prepared = new WeakMap<DocumentIndex, Prepared>();

function prepare(idx: DocumentIndex): Prepared {
  const hit = prepared.get(idx);
  if (hit) return hit;
  const sets = idx.units.map((u) => new Set(u.stems));
  const reach = new Map<string, Set<number>>();
  const add = (t: string, i: number) => {
    let s = reach.get(t);
    if (!s) reach.set(t, (s = new Set()));
    s.add(i);
  };
  idx.units.forEach((u, i) => {
    for (const t of sets[i]!) add(t, i);
    for (const t of idx.sections[u.section]!.headingStems) add(t, i);
    if (u.lead !== undefined) for (const t of sets[u.lead]!) add(t, i);
  });
  const own = idx.units.map((u) => sentenceTypes(u.text));
  const items = new Map<number, number[]>();
  idx.units.forEach((u, i) => {
    if (u.lead !== undefined) items.set(u.lead, [...(items.get(u.lead) ?? []), i]);
  });
  const p: Prepared = {
    sets,
    types: idx.units.map((u, i) => (u.lead !== undefined ? new Set([...own[i]!, ...own[u.lead]!]) : own[i]!)),
    items,
    reach: new Map([...reach].map(([t, s]) => [t, [...s].sort((a, b) => a - b)])),
    maxIdf: Math.max(...idx.idf.values()),
    ownHeading: idx.sections.map((s) => [...stems(s.heading)]),
  };
  prepared.set(idx, p);
  return p;
}

function unitScore(idx: DocumentIndex, p: Prepared, i: number, q: string[], boost: Map<number, number>, asked: readonly string[]): { score: number; matched: Set<string> } {
  const u = idx.units[i]!;
  const set = p.sets[i]!;
  const section = idx.sections[u.section]!;
  const lead = u.lead !== undefined ? p.sets[u.lead] : undefined;
  const norm = K1 * (1 - B + (B * u.stems.length) / idx.avgLength);
  let score = 0;
  const matched = new Set<string>();
  for (const t of q) {
    const w = idx.idf.get(t) ?? 0;
    if (set.has(t)) {
      score += (w * (K1 + 1)) / (1 + norm);
      matched.add(t);
    } else if (section.headingStems.has(t)) {
      score += w * 0.55;
      matched.add(t);
    } else if (lead?.has(t)) {
      score += w * 0.4;
      matched.add(t);
    }
  }
  // Words of the question side by side in the sentence ("close relative", "one chance").
  for (let i = 0; i + 1 < q.length; i++) {
    const a = u.stems.indexOf(q[i]!);
    if (a >= 0 && u.stems[a + 1] === q[i + 1]) score += 1;
  }
  // A sentence that gives what the question's form asks for (whom to tell, a time, a list) answers it rather than mentioning its words.
  const gives = asked.filter((t) => p.types[i]!.has(t)).length;
  if (matched.size > 0) score += Math.min(ANSWER_BONUS.max, ANSWER_BONUS.each * gives);
  return { score: score + (boost.get(u.section) ?? 0), matched };
}

/**
 * Sections of the document ranked for a question, each with its best sentences. `boost` adds the
 * project's knowledge of a section (its practitioner phrasings) to every sentence in it.
 */
export function searchDocument(idx: DocumentIndex, text: string, boost = new Map<number, number>()): SectionHit[] {
  const q = queryStems(text, idx.pack);
  if (q.length === 0) return [];
  const p = prepare(idx);
  const asked = askedTypes(text);
  const unknown = q.filter((t) => !idx.vocabulary.has(t));
  const maxIdf = p.maxIdf;
  const weight = (t: string) => idx.idf.get(t) ?? maxIdf;
  const total = q.reduce((s, t) => s + weight(t), 0);
  const bySection = new Map<number, { hits: Hit[]; best: number; coverage: number }>();
  // Only the sentences a question stem can reach score above nothing; in document order, as before.
  const candidates = new Set<number>();
  for (const t of q) for (const i of p.reach.get(t) ?? []) candidates.add(i);
  for (const i of [...candidates].sort((a, b) => a - b)) {
    const u = idx.units[i]!;
    const { score, matched } = unitScore(idx, p, i, q, boost, asked);
    if (score <= 0 || matched.size === 0) continue;
    const entry = bySection.get(u.section) ?? { hits: [], best: 0, coverage: 0 };
    entry.hits.push({ unit: i, score });
    if (score > entry.best) {
      entry.best = score;
      entry.coverage = [...matched].reduce((s, t) => s + weight(t), 0) / total;
    }
    bySection.set(u.section, entry);
  }
  const qs = new Set(q);
  return [...bySection.entries()]
    .map(([s, e]) => {
      const hits = e.hits.sort((a, b) => b.score - a.score);
      const section = idx.sections[s]!;
      // A question that names a section by its heading ("strategy discussion") is about that section.
      const own = p.ownHeading[s]!;
      const named = own.length > 0 && own.filter((t) => qs.has(t)).length / own.length >= 0.6 ? 3 : 0;
      return { section, score: hits[0]!.score + 0.25 * (hits[1]?.score ?? 0) + named, hits, coverage: e.coverage, unknown, asked };
    })
    .sort((a, b) => b.score - a.score);
}

export interface Quote {
  section: string;
  quote: string;
  line: number;
}

/**
 * The sentences that answer the question: those of the chosen section, and the single best sentence
 * of another section when it meets the question better still (each quote carries its own section).
 */
export function answerQuotes(idx: DocumentIndex, hits: SectionHit[], max = 3): Quote[] {
  const top = hits[0];
  if (!top) return [];
  const own = quotesOf(idx, top, max);
  const other = hits.slice(1).find((h) => (h.hits[0]?.score ?? 0) > (top.hits[0]?.score ?? 0));
  if (!other) return own;
  const u = idx.units[other.hits[0]!.unit]!;
  return [...own.slice(0, max - 1), { section: other.section.label, quote: u.text, line: u.line }];
}

/** A list is quoted whole up to this many items (its lead sentence first), so that "what must it include" gets every item. */
const LIST_ITEMS = 14;
const LIST_CHARS = 1800;

/** A lead sentence and its list items as one quote, verbatim item by item ("The plan should include: • … • …"). */
function listQuote(idx: DocumentIndex, lead: number, items: readonly number[]): string {
  let text = idx.units[lead]!.text;
  for (const i of items.slice(0, LIST_ITEMS)) {
    const next = `${text} • ${idx.units[i]!.text}`;
    if (next.length > LIST_CHARS) break;
    text = next;
  }
  return text;
}

/**
 * The one to three sentences of a section hit that answer the question, verbatim, in document order.
 * When the question asks for what a list gives (what a plan must include, who attends) and the best
 * sentence introduces a list or is one of its items, the list is one quote with its lead.
 */
export function quotesOf(idx: DocumentIndex, hit: SectionHit, max = 3): Quote[] {
  const best = hit.hits[0]?.score ?? 0;
  const chosen = hit.hits.filter((h) => h.score >= best * 0.6).slice(0, max).map((h) => h.unit);
  const first = idx.units[chosen[0]!];
  const p = prepare(idx);
  const lead = first?.lead ?? (p.items.has(chosen[0]!) ? chosen[0]! : undefined);
  if (lead !== undefined && wantsList(hit.asked) && p.items.has(lead)) {
    const items = p.items.get(lead)!;
    const inList = new Set([lead, ...items]);
    const rest = chosen.filter((i) => !inList.has(i));
    const listed = { section: hit.section.label, quote: listQuote(idx, lead, items), line: idx.units[lead]!.line, at: lead };
    return [listed, ...rest.slice(0, max - 1).map((i) => ({ section: hit.section.label, quote: idx.units[i]!.text, line: idx.units[i]!.line, at: i }))]
      .sort((a, b) => a.at - b.at)
      .map(({ section, quote, line }) => ({ section, quote, line }));
  }
  // A list item is read with the sentence that introduces it.
  if (first?.lead !== undefined && !chosen.includes(first.lead) && idx.units[first.lead]!.text.length < 300) chosen.unshift(first.lead);
  return [...new Set(chosen)]
    .slice(0, max)
    .sort((a, b) => a - b)
    .map((i) => ({ section: hit.section.label, quote: idx.units[i]!.text, line: idx.units[i]!.line }));
}
