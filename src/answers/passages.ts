import { z } from "zod";
import type { Pack } from "../knowledge/index.js";
import type { DocumentIndex, Section } from "./document-index.js";
import { hasPhrase, packStems, stems } from "./match.js";
import phrasingsJson from "./phrasings.json" with { type: "json" };

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
}

const K1 = 1.2;
const B = 0.6;

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
  const p: Prepared = {
    sets,
    reach: new Map([...reach].map(([t, s]) => [t, [...s].sort((a, b) => a - b)])),
    maxIdf: Math.max(...idx.idf.values()),
    ownHeading: idx.sections.map((s) => [...stems(s.heading)]),
  };
  prepared.set(idx, p);
  return p;
}

/**
 * One sentence's score for the question's stems `q` (in order, each once), with which of them it
 * met (`matched[k]` for q[k]); `w` holds each stem's idf, looked up once per question.
 */
function unitScore(idx: DocumentIndex, p: Prepared, i: number, q: string[], w: number[], boost: Map<number, number>, matched: Uint8Array): number {
  const u = idx.units[i]!;
  const set = p.sets[i]!;
  const heading = idx.sections[u.section]!.headingStems;
  const lead = u.lead !== undefined ? p.sets[u.lead] : undefined;
  const norm = K1 * (1 - B + (B * u.stems.length) / idx.avgLength);
  let score = 0;
  for (let k = 0; k < q.length; k++) {
    const t = q[k]!;
    if (set.has(t)) {
      score += (w[k]! * (K1 + 1)) / (1 + norm);
      matched[k] = 1;
    } else if (heading.has(t)) {
      score += w[k]! * 0.55;
      matched[k] = 1;
    } else if (lead?.has(t)) {
      score += w[k]! * 0.4;
      matched[k] = 1;
    } else matched[k] = 0;
  }
  // Words of the question side by side in the sentence ("close relative", "one chance").
  for (let k = 0; k + 1 < q.length; k++) {
    if (!set.has(q[k]!) || !set.has(q[k + 1]!)) continue;
    const a = u.stems.indexOf(q[k]!);
    if (u.stems[a + 1] === q[k + 1]) score += 1;
  }
  return score + (boost.get(u.section) ?? 0);
}

/**
 * Sections of the document ranked for a question, each with its best sentences. `boost` adds the
 * project's knowledge of a section (its practitioner phrasings) to every sentence in it.
 */
export function searchDocument(idx: DocumentIndex, text: string, boost = new Map<number, number>()): SectionHit[] {
  const q = queryStems(text, idx.pack);
  if (q.length === 0) return [];
  const p = prepare(idx);
  const unknown = q.filter((t) => !idx.vocabulary.has(t));
  const maxIdf = p.maxIdf;
  const weight = (t: string) => idx.idf.get(t) ?? maxIdf;
  const total = q.reduce((s, t) => s + weight(t), 0);
  const bySection = new Map<number, { hits: Hit[]; best: number; coverage: number }>();
  // Only the sentences a question stem can reach score above nothing; in document order, as before.
  const candidate = new Uint8Array(idx.units.length);
  for (const t of q) for (const i of p.reach.get(t) ?? []) candidate[i] = 1;
  const idf = q.map((t) => idx.idf.get(t) ?? 0);
  const matched = new Uint8Array(q.length);
  for (let i = 0; i < candidate.length; i++) {
    if (!candidate[i]) continue;
    const u = idx.units[i]!;
    const score = unitScore(idx, p, i, q, idf, boost, matched);
    if (score <= 0 || !matched.includes(1)) continue;
    const entry = bySection.get(u.section) ?? { hits: [], best: 0, coverage: 0 };
    entry.hits.push({ unit: i, score });
    if (score > entry.best) {
      entry.best = score;
      let met = 0;
      for (let k = 0; k < q.length; k++) if (matched[k]) met += weight(q[k]!);
      entry.coverage = met / total;
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
      return { section, score: hits[0]!.score + 0.25 * (hits[1]?.score ?? 0) + named, hits, coverage: e.coverage, unknown };
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

/** The one to three sentences of a section hit that answer the question, verbatim, in document order. */
export function quotesOf(idx: DocumentIndex, hit: SectionHit, max = 3): Quote[] {
  const best = hit.hits[0]?.score ?? 0;
  const chosen = hit.hits.filter((h) => h.score >= best * 0.6).slice(0, max).map((h) => h.unit);
  // A list item is read with the sentence that introduces it.
  const first = idx.units[chosen[0]!];
  if (first?.lead !== undefined && !chosen.includes(first.lead) && idx.units[first.lead]!.text.length < 300) chosen.unshift(first.lead);
  return [...new Set(chosen)]
    .slice(0, max)
    .sort((a, b) => a - b)
    .map((i) => ({ section: hit.section.label, quote: idx.units[i]!.text, line: idx.units[i]!.line }));
}
