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
  /** stem → the units it can score in, in document order, and how it meets each (see `meets`). */
  reach: Map<string, number[]>;
  how: Map<string, Uint8Array>;
  maxIdf: number;
  /** Each section's own heading stems (without its chapter's title). */
  ownHeading: string[][];
  /** Each unit's BM25 length normaliser. */
  norm: Float64Array;
  /** Working space reused by every search: scores and matched-stem counts by unit, and which units a search touched. */
  seen: Uint32Array;
  run: number;
  score: Float64Array;
  met: Int32Array;
  touched: Int32Array;
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
  const sorted = new Map([...reach].map(([t, s]) => [t, [...s].sort((a, b) => a - b)]));
  const p: Prepared = {
    sets,
    reach: sorted,
    how: new Map(),
    maxIdf: Math.max(...idx.idf.values()),
    ownHeading: idx.sections.map((s) => [...stems(s.heading)]),
    norm: Float64Array.from(idx.units, (u) => K1 * (1 - B + (B * u.stems.length) / idx.avgLength)),
    seen: new Uint32Array(idx.units.length),
    run: 0,
    score: new Float64Array(idx.units.length),
    met: new Int32Array(idx.units.length),
    touched: new Int32Array(idx.units.length),
  };
  for (const [t, units] of sorted) p.how.set(t, Uint8Array.from(units, (i) => meets(idx, p, i, t)));
  prepared.set(idx, p);
  return p;
}

/**
 * Where a question stem meets a sentence: in the sentence itself (1), its section's heading (2) or
 * the sentence it continues (3); 0 when it does not. The first that holds is the one that counts.
 */
function meets(idx: DocumentIndex, p: Prepared, i: number, t: string): number {
  const u = idx.units[i]!;
  if (p.sets[i]!.has(t)) return 1;
  if (idx.sections[u.section]!.headingStems.has(t)) return 2;
  return u.lead !== undefined && p.sets[u.lead]!.has(t) ? 3 : 0;
}

/**
 * Every reachable sentence's score for the question's stems `q` (in order, each once; `w` their
 * idf). Stem by stem over the sentences each reaches, so a sentence's score is summed in the
 * order of q, as if scored sentence by sentence; then word pairs side by side in the sentence
 * ("close relative", "one chance"), then the section's boost. Returns how many sentences it touched.
 */
function scoreUnits(idx: DocumentIndex, p: Prepared, q: string[], w: number[], boost: Map<number, number>): number {
  if (p.run === 0xffffffff) {
    p.run = 0;
    p.seen.fill(0);
  }
  const run = ++p.run;
  let touched = 0;
  for (let k = 0; k < q.length; k++) {
    const t = q[k]!;
    const units = p.reach.get(t);
    if (!units) continue;
    const hows = p.how.get(t)!;
    for (let j = 0; j < units.length; j++) {
      const i = units[j]!;
      if (p.seen[i] !== run) {
        p.seen[i] = run;
        p.score[i] = 0;
        p.met[i] = 0;
        p.touched[touched++] = i;
      }
      const how = hows[j]!;
      if (how === 0) continue;
      p.score[i] = p.score[i]! + (how === 1 ? (w[k]! * (K1 + 1)) / (1 + p.norm[i]!) : how === 2 ? w[k]! * 0.55 : w[k]! * 0.4);
      p.met[i] = p.met[i]! + 1;
    }
  }
  for (let k = 0; k + 1 < q.length; k++) {
    const units = p.reach.get(q[k]!);
    if (!units) continue;
    const hows = p.how.get(q[k]!)!;
    for (let j = 0; j < units.length; j++) {
      const i = units[j]!;
      // Both words in the sentence itself: q[k] meets it there (1), and q[k + 1] is in its stems.
      if (hows[j] !== 1 || !p.sets[i]!.has(q[k + 1]!)) continue;
      const st = idx.units[i]!.stems;
      if (st[st.indexOf(q[k]!) + 1] === q[k + 1]) p.score[i] = p.score[i]! + 1;
    }
  }
  for (let j = 0; j < touched; j++) {
    const i = p.touched[j]!;
    p.score[i] = p.score[i]! + (boost.get(idx.units[i]!.section) ?? 0);
  }
  return touched;
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
  const touched = scoreUnits(idx, p, q, q.map((t) => idx.idf.get(t) ?? 0), boost);
  const units = p.touched.subarray(0, touched).sort();
  for (const i of units) {
    const u = idx.units[i]!;
    const score = p.score[i]!;
    if (score <= 0 || p.met[i] === 0) continue;
    const entry = bySection.get(u.section) ?? { hits: [], best: 0, coverage: 0 };
    entry.hits.push({ unit: i, score });
    if (score > entry.best) {
      entry.best = score;
      let met = 0;
      for (const t of q) if (meets(idx, p, i, t)) met += weight(t);
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
