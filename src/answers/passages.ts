import { z } from "zod";
import type { Pack } from "../knowledge/index.js";
import type { DocumentIndex, Section } from "./document-index.js";
import { hasPhrase, packStems, phraseTest, stems, wordStem } from "./match.js";
import phrasingsJson from "./phrasings.json" with { type: "json" };
import { ANSWER_BONUS, askedTypes, sentenceTypes, wantsList } from "./answer-types.js";
import { conditionFit, questionQuantities, sentenceConditions, type Condition, type Quantity } from "./quantities.js";

const Phrasings = z.object({
  $comment: z.string(),
  expansions: z.record(z.string().min(1), z.string()),
  questionWords: z.array(z.string().min(1)),
});
const phrasings = Phrasings.parse(phrasingsJson);
const QUESTION_STEMS = stems(phrasings.questionWords.join(" "));
const EXPANSIONS = Object.entries(phrasings.expansions)
  .sort((a, b) => b[0].length - a[0].length)
  .map(([term, meaning]) => ({ term, meaning, said: phraseTest(term) }));

/** The terms the project itself expands (a document's own abbreviations of the same term give way to them). */
const GENERAL_TERMS: ReadonlySet<string> = new Set(EXPANSIONS.map(({ term }) => term));

/** The question with the project's expansions of abbreviations and informal terms appended. */
export function expandQuestion(text: string): string {
  const added: string[] = [];
  for (const { meaning, said } of EXPANSIONS) if (said(text)) added.push(meaning);
  return added.length ? `${text} ${added.join(" ")}` : text;
}

/**
 * The content stems a question asks about, in order, without question words or the authority's name,
 * each with its concept: an abbreviation and the words it stands for ("plo", "public law outline") are
 * one concept, so that spelling it out does not count it four times.
 */
export interface QueryTerms {
  stems: string[];
  /** The concept of each stem (same index). */
  concept: number[];
}

const WORD = /[a-z0-9][a-z0-9'-]*/g;
const NEED = [...stems("need")][0]!;
/** Words before "need" that make it a verb: "I need", "do we need", "she needs", "will need". */
const VERB_BEFORE_NEED = new Set(["i", "we", "you", "they", "he", "she", "it", "do", "does", "did", "will", "would", "may", "might", "who", "what", "which", "that", "really", "still", "also", "just", "not", "dont", "don't", "doesnt", "doesn't", "shall", "should", "must", "we'd", "i'd"]);

export function queryTerms(text: string, pack: Pack, own: ReadonlyMap<string, string> = new Map()): QueryTerms {
  // A two-word name's initials ("BF", "MK") name the authority in its own questions.
  const initials = pack.id.includes("-") ? pack.id.split("-").map((w) => w[0]).join("") : "";
  const authority = packStems([pack.name, ...pack.shortNames, pack.id.replace(/-/g, " "), initials].join(" "));
  const out: QueryTerms = { stems: [], concept: [] };
  const add = (s: string | undefined, c: number) => {
    if (!s || QUESTION_STEMS.has(s) || authority.has(s) || /^\d+$/.test(s) || out.stems.includes(s)) return false;
    out.stems.push(s);
    out.concept.push(c);
    return true;
  };
  const lower = text.toLowerCase();
  const seen = new Map<string, number>();
  let next = 0;
  const words = [...lower.matchAll(WORD)].map((m) => m[0]);
  words.forEach((w, k) => {
    const s = wordStem(w);
    // "Need" as a noun ("levels of need", "Specialist – Needs", "additional needs") is a content word; as a verb ("do I
    // need to", "what needs to happen", "she needs") it only asks.
    if (s !== undefined && s === NEED && !(words[k + 1] === "to" || VERB_BEFORE_NEED.has(words[k - 1] ?? "")) && !out.stems.includes(s)) {
      out.stems.push(s);
      out.concept.push(next);
      seen.set(s, next++);
      return;
    }
    if (add(s, next)) seen.set(s!, next++);
  });
  // The project's expansions, then the abbreviations the document itself spells out that the project's do not cover.
  const general = GENERAL_TERMS;
  const documents = [...own].filter(([abbr]) => !general.has(abbr)).map(([term, meaning]) => ({ term, meaning, said: (t: string) => hasPhrase(t, term) }));
  for (const { term, meaning, said } of [...EXPANSIONS, ...documents]) {
    // "BF" in a Bracknell Forest question is the authority, not a boyfriend.
    if (!said(lower) || [...packStems(term)].every((t) => authority.has(t))) continue;
    const head = [...stems(term)][0];
    const c = head !== undefined && seen.has(head) ? seen.get(head)! : next++;
    for (const m of meaning.toLowerCase().matchAll(WORD)) add(wordStem(m[0]), c);
  }
  return out;
}

/** The content stems a question asks about, in order (its words, then the words its abbreviations stand for). */
export const queryStems = (text: string, pack: Pack): string[] => queryTerms(text, pack).stems;

/**
 * A word the document never uses counts this share of its rarest word's weight in a question's coverage: enough for a topic
 * it does not cover to leave the question unmet, not so much that "dad works away" or "nan" sinks a question it answers.
 */
const UNKNOWN_SHARE = 0.5;

/** What a section gains when its heading is a question of the same kind as the question's, or names what it asks for. */
const HEADING_ASKS = 5;
const HEADING_GIVES = 3;
const VAGUE_IN_HEADINGS = new Set(["content", "definition", "next", "permission"]);
/** A heading's question words ("Who can request …?") are its form, not what it is about. */
const HEADING_FORM_STEMS = stems("who whom whose what when where which why how can could may might must should shall do does did is are will would");

/** What a sentence's condition met (or broken) by the question's numbers adds to (or takes from) its score. */
const CONDITION_WEIGHT = 4;

/** Within one concept the best-met word counts fully and the others at this share. */
const CONCEPT_REST = 0.35;

/** Sum over concepts of the best member plus a share of the rest. */
function byConcept(values: readonly number[], concept: readonly number[]): number {
  const best = new Map<number, number>();
  let all = 0;
  values.forEach((v, i) => {
    all += v;
    best.set(concept[i]!, Math.max(best.get(concept[i]!) ?? 0, v));
  });
  const top = [...best.values()].reduce((a, b) => a + b, 0);
  return top + CONCEPT_REST * (all - top);
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
  /** Share of the section's own heading the question names (0 when under 0.6, or the heading has one word). */
  named: number;
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
  /** Each section's own heading stems (without its chapter's title or question words). */
  ownHeading: string[][];
  /** What a heading written as a question asks ("Who can request an EHC Needs Assessment?" → agent). */
  headingAsks: string[][];
  /** What a heading says its section gives ("Professionals involved in …" → attendance, "Timescale for …" → time). */
  headingGives: Set<string>[];
  /** The kinds of answer each sentence gives (a list item also gives what its lead sentence does). */
  types: Set<string>[];
  /** A lead sentence's list items, in order. */
  items: Map<number, number[]>;
  /** The stem sets of the sentences each sentence is read with (see `context`). */
  around: Set<string>[][];
  /** For each stem, in line with `reach`: how it meets each sentence it reaches (see `meets`). */
  how: Map<string, Uint8Array>;
  /** Working space: each candidate sentence's place among a search's candidates, and which searches reached it. */
  slot: Int32Array;
  seen: Uint32Array;
  /** The sentences a search reaches, in document order (the first so many). */
  ordered: Int32Array;
  run: number;
  /** Working space for how each stem meets each candidate, grown as questions need. */
  hows: Uint8Array;
  /** The conditions each sentence sets on an age, a time since an event or a week of pregnancy (see quantities.ts). */
  conditions: Condition[][];
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
    for (const c of context(idx, i)) for (const t of sets[c]!) add(t, i);
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
    ownHeading: idx.sections.map((s) => [...stems(s.heading)].filter((t) => !HEADING_FORM_STEMS.has(t))),
    headingAsks: idx.sections.map((s) => (/\?\s*$/.test(s.heading) ? askedTypes(s.heading.toLowerCase()) : [])),
    // Only the kinds a heading's own words tell reliably: "Outline" or "Following" in a title says nothing of a list.
    headingGives: idx.sections.map((s) => new Set([...sentenceTypes(s.heading)].filter((t) => !VAGUE_IN_HEADINGS.has(t)))),
    around: idx.units.map((_, i) => context(idx, i).map((c) => sets[c]!)),
    how: new Map(),
    slot: new Int32Array(idx.units.length),
    seen: new Uint32Array(idx.units.length),
    ordered: new Int32Array(idx.units.length),
    run: 0,
    hows: new Uint8Array(4096),
    conditions: idx.units.map((u) => sentenceConditions(u.text)),
  };
  for (const [t, units] of p.reach) p.how.set(t, Uint8Array.from(units, (i) => meets(idx, p, i, t)));
  prepared.set(idx, p);
  return p;
}

/** The sentences a sentence is read with: the lead of its list, and the sentence before when it (or its lead) refers back to it. */
function context(idx: DocumentIndex, i: number): number[] {
  const u = idx.units[i]!;
  const out: number[] = [];
  if (u.lead !== undefined) {
    out.push(u.lead);
    const leadPrev = idx.units[u.lead]!.prev;
    if (leadPrev !== undefined) out.push(leadPrev);
  }
  if (u.prev !== undefined) out.push(u.prev);
  return out;
}

/**
 * What scoring a sentence needs from the question, worked out once per search rather than once per
 * sentence: each stem's idf, each stem's concept as a position in the concepts' order of first
 * appearance (the order byConcept sums them in), and the word pairs of neighbouring concepts.
 */
interface QueryPlan {
  q: QueryTerms;
  w: number[];
  slot: number[];
  concepts: number;
  /** Per pair of neighbouring concepts: the first's stems, the second's, and their places among the question's stems. */
  pairs: { a: string[]; b: Set<string>; aAt: number[]; bAt: number[] }[];
  asked: readonly string[];
  /** The numbers the question gives (a child's age, how long ago, the week of pregnancy). */
  quantities: Quantity[];
  /** Per stem: its part of the current sentence's score, and whether it met the sentence. */
  parts: Float64Array;
  matched: Uint8Array;
  best: Float64Array;
  /** How many stems met the sentence last scored. */
  met: number;
}

function plan(idx: DocumentIndex, q: QueryTerms, asked: readonly string[], quantities: Quantity[] = []): QueryPlan {
  const order = [...new Set(q.concept)];
  // Each concept's stems and their places among the question's stems, in the question's order.
  const stemsOf = order.map((): string[] => []);
  const placesOf = order.map((): number[] => []);
  const slot = q.concept.map((c) => order.indexOf(c));
  slot.forEach((c, j) => {
    stemsOf[c]!.push(q.stems[j]!);
    placesOf[c]!.push(j);
  });
  return {
    q,
    w: q.stems.map((t) => idx.idf.get(t) ?? 0),
    slot,
    concepts: order.length,
    pairs: order.slice(0, -1).map((_, k) => ({ a: stemsOf[k]!, b: new Set(stemsOf[k + 1]), aAt: placesOf[k]!, bAt: placesOf[k + 1]! })),
    asked,
    quantities,
    parts: new Float64Array(q.stems.length),
    matched: new Uint8Array(q.stems.length),
    best: new Float64Array(order.length),
    met: 0,
  };
}

/** byConcept over the plan's current parts (or other values, one per stem), summed in the same order. */
function partsByConcept(pl: QueryPlan, values: ArrayLike<number> = pl.parts): number {
  pl.best.fill(0);
  let all = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    all += v;
    pl.best[pl.slot[k]!] = Math.max(pl.best[pl.slot[k]!]!, v);
  }
  let top = 0;
  for (let c = 0; c < pl.concepts; c++) top = top + pl.best[c]!;
  return top + CONCEPT_REST * (all - top);
}

/**
 * Where a question stem meets a sentence: in the sentence itself (1), its section's heading (2) or
 * a sentence it is read with (3); 0 when it does not. The first that holds is the one that counts.
 */
function meets(idx: DocumentIndex, p: Prepared, i: number, t: string): number {
  if (p.sets[i]!.has(t)) return 1;
  // "Professionals involved in the strategy discussion" – "It will involve the social worker…": the heading is what "it" is.
  if (idx.units[i]!.aboutHeading && p.ownHeading[idx.units[i]!.section]!.includes(t)) return 1;
  if (idx.sections[idx.units[i]!.section]!.headingStems.has(t)) return 2;
  return p.around[i]!.some((c) => c.has(t)) ? 3 : 0;
}

/**
 * A sentence's score for the question; which stems met it is left in `pl.matched`, their number in
 * `pl.met`. `hows[at + k]` holds how the question's stem k meets it (see `meets`), as the search
 * read them off the stems' reach, so no stem is looked up in the sentence again.
 */
function unitScore(idx: DocumentIndex, p: Prepared, i: number, pl: QueryPlan, boost: Map<number, number>, hows: Uint8Array, at: number): number {
  const u = idx.units[i]!;
  const norm = K1 * (1 - B + (B * u.stems.length) / idx.avgLength);
  const K = pl.q.stems.length;
  let met = 0;
  for (let k = 0; k < K; k++) {
    const w = pl.w[k]!;
    const how = hows[at + k];
    const v = how === 1 ? (w * (K1 + 1)) / (1 + norm) : how === 2 ? w * 0.55 : how === 3 ? w * 0.4 : 0;
    pl.parts[k] = v;
    pl.matched[k] = v > 0 ? 1 : 0;
    if (v > 0) met++;
  }
  let score = partsByConcept(pl);
  // Concepts of the question side by side in the sentence, in its order ("close relative", "one chance", "CIN plan" as
  // "Child in Need Plan"); the words of one abbreviation are side by side already.
  for (const { a, b, aAt, bAt } of pl.pairs) {
    // Both concepts must be in the sentence itself for a pair of them to stand side by side in it.
    if (!inSentence(hows, at, aAt) || !inSentence(hows, at, bAt)) continue;
    const st = u.stems;
    for (let j = 0; j < st.length; j++)
      if (a.includes(st[j]!) && b.has(st[j + 1]!)) {
        score += 1;
        break;
      }
  }
  // A sentence that gives what the question's form asks for (whom to tell, a time, a list) answers it rather than mentioning its words.
  let gives = 0;
  for (const t of pl.asked) if (p.types[i]!.has(t)) gives++;
  if (met > 0) score += Math.min(ANSWER_BONUS.max, ANSWER_BONUS.each * gives);
  // A sentence whose condition the question's numbers meet ("aged 5 years and under" for a 3 year old) answers it; one
  // whose condition they break ("closed over 3-months" for a case closed 6 weeks ago) does not.
  if (met > 0 && pl.quantities.length > 0 && p.conditions[i]!.length > 0) {
    const fit = conditionFit(p.conditions[i]!, pl.quantities);
    score += fit * CONDITION_WEIGHT;
  }
  pl.met = met;
  return score + (boost.get(u.section) ?? 0);
}

/** Whether one of these stems meets the sentence in the sentence itself. */
function inSentence(hows: Uint8Array, at: number, ks: readonly number[]): boolean {
  for (const k of ks) if (hows[at + k] === 1) return true;
  return false;
}

/** A section's place in one search: its best score and coverage, and the chain of its sentences in `Found`. */
interface SectionEntry {
  best: number;
  coverage: number;
  /** Its first and second hit as a stable sort by score, best first, gives them (-1: none). */
  top: number;
  next: number;
  /** Its first and last sentence found (-1: none). */
  first: number;
  last: number;
}

/**
 * The sentences one search scored, in the order it found them: unit, score and the next sentence found in the same section,
 * three numbers a sentence in one array of numbers, not an object each (an ordinary array: a typed array's buffer lives off the
 * heap, and one a search costs more memory and time than it saves).
 */
class Found {
  private readonly data: number[] = [];
  size = 0;
  score(n: number): number {
    return this.data[3 * n + 1]!;
  }
  setScore(n: number, v: number): void {
    this.data[3 * n + 1] = v;
  }
  add(unit: number, score: number, e: SectionEntry): void {
    const n = this.size++;
    this.data.push(unit, score, -1);
    if (e.last >= 0) this.data[3 * e.last + 2] = n;
    else e.first = n;
    e.last = n;
  }
  /** Where a section's sentence was found, or -1. */
  find(e: SectionEntry, unit: number): number {
    for (let n = e.first; n >= 0; n = this.data[3 * n + 2]!) if (this.data[3 * n] === unit) return n;
    return -1;
  }
  /** A section's first and second hit as a stable sort by score, best first, would give them. */
  rank(e: SectionEntry): void {
    for (let n = e.first; n >= 0; n = this.data[3 * n + 2]!) {
      const v = this.score(n);
      if (e.top < 0 || v > this.score(e.top)) {
        e.next = e.top;
        e.top = n;
      } else if (e.next < 0 || v > this.score(e.next)) e.next = n;
    }
  }
  /** A section's hits, best first (ties in the order found), made when they are read. */
  hitsOf(e: SectionEntry): Hit[] {
    const out: Hit[] = [];
    for (let n = e.first; n >= 0; n = this.data[3 * n + 2]!) out.push({ unit: this.data[3 * n]!, score: this.data[3 * n + 1]! });
    return out.sort((a, b) => b.score - a.score);
  }
}

/**
 * Sections of the document ranked for a question, each with its best sentences. `boost` adds the
 * project's knowledge of a section (its practitioner phrasings) to every sentence in it.
 */
export function searchDocument(idx: DocumentIndex, text: string, boost = new Map<number, number>()): SectionHit[] {
  const q = queryTerms(text, idx.pack, idx.abbreviations);
  if (q.stems.length === 0) return [];
  const p = prepare(idx);
  const asked = askedTypes(text);
  // A concept the document never uses: none of its words (the abbreviation or what it stands for) is in the document.
  const known = new Set(q.stems.filter((t) => idx.vocabulary.has(t)).map((t) => q.concept[q.stems.indexOf(t)]!));
  const unknown = q.stems.filter((t, k) => !known.has(q.concept[k]!) && !q.stems.slice(0, k).some((_, j) => q.concept[j] === q.concept[k]));
  const maxIdf = p.maxIdf;
  const weight = (t: string) => idx.idf.get(t) ?? UNKNOWN_SHARE * maxIdf;
  const weights = q.stems.map(weight);
  const total = byConcept(weights, q.concept);
  const coverageOf = (matched: Set<string>) => byConcept(q.stems.map((t, k) => (matched.has(t) ? weights[k]! : 0)), q.concept) / total;
  // Each section's best score and coverage; its scoring sentences are kept in `found` (below), not as an object each.
  const bySection = new Map<number, SectionEntry>();
  // Only the sentences a question stem can reach score above nothing; in document order, as before.
  if (p.run === 0xffffffff) {
    p.run = 0;
    p.seen.fill(0);
  }
  const run = ++p.run;
  for (const t of q.stems) {
    const units = p.reach.get(t);
    if (units) for (const i of units) p.seen[i] = run;
  }
  // The sentences reached, in document order: read off the marks rather than sorted.
  const ordered = p.ordered;
  let count = 0;
  for (let i = 0; i < ordered.length; i++) if (p.seen[i] === run) ordered[count++] = i;
  const found = new Found();
  const pl = plan(idx, q, asked, questionQuantities(text));
  const masked = new Float64Array(q.stems.length);
  // How each stem meets each candidate, read off the stems' reach: candidate by candidate, stem by stem.
  const K = q.stems.length;
  for (let s = 0; s < count; s++) p.slot[ordered[s]!] = s;
  if (p.hows.length < count * K) p.hows = new Uint8Array(count * K * 2);
  const hows = p.hows.fill(0, 0, count * K);
  q.stems.forEach((t, k) => {
    const units = p.reach.get(t);
    if (!units) return;
    const how = p.how.get(t)!;
    for (let j = 0; j < units.length; j++) hows[p.slot[units[j]!]! * K + k] = how[j]!;
  });
  for (let s = 0; s < count; s++) {
    const i = ordered[s]!;
    const u = idx.units[i]!;
    const score = unitScore(idx, p, i, pl, boost, hows, s * K);
    if (score <= 0 || pl.met === 0) continue;
    const entry = bySection.get(u.section) ?? { best: 0, coverage: 0, top: -1, next: -1, first: -1, last: -1 };
    found.add(i, score, entry);
    if (score > entry.best) {
      entry.best = score;
      // coverageOf the stems that met it, worked out from the flags in the same order.
      for (let k = 0; k < masked.length; k++) masked[k] = pl.matched[k] ? weights[k]! : 0;
      entry.coverage = partsByConcept(pl, masked) / total;
    }
    bySection.set(u.section, entry);
  }
  // A question that asks for a list (what a letter must set out, who attends) is met by the list as a whole:
  // its lead, the sentence the lead refers back to and every item, each of the question's words counted once.
  if (wantsList(asked))
    for (const [lead, items] of p.items) {
      const sets = [lead, ...context(idx, lead), ...items].map((i) => p.sets[i]!);
      const section = idx.sections[idx.units[lead]!.section]!;
      const matched = new Set<string>();
      const parts = q.stems.map((t) => {
        const w = idx.idf.get(t) ?? 0;
        const v = sets.some((x) => x.has(t)) ? w : section.headingStems.has(t) ? w * 0.55 : 0;
        if (v > 0) matched.add(t);
        return v;
      });
      if (matched.size === 0) continue;
      const gives = asked.filter((t) => p.types[lead]!.has(t)).length;
      const score = byConcept(parts, q.concept) + Math.min(ANSWER_BONUS.max, ANSWER_BONUS.each * gives) + (boost.get(section.index) ?? 0);
      const entry = bySection.get(section.index) ?? { best: 0, coverage: 0, top: -1, next: -1, first: -1, last: -1 };
      const own = found.find(entry, lead);
      if (own >= 0) found.setScore(own, Math.max(found.score(own), score));
      else found.add(lead, score, entry);
      if (score > entry.best) {
        entry.best = score;
        entry.coverage = coverageOf(matched);
      }
      bySection.set(section.index, entry);
    }
  for (const e of bySection.values()) found.rank(e);
  const qs = new Set(q.stems);
  return [...bySection.entries()]
    .map(([s, e]): SectionHit => {
      const section = idx.sections[s]!;
      // A question that names a section by its heading ("strategy discussion") is about that section, the more so the more of the heading it names.
      const own = p.ownHeading[s]!;
      const share = own.length > 0 ? own.filter((t) => qs.has(t)).length / own.length : 0;
      // A heading of two words or more named whole ("Specialist – Needs", "Review of the Support Plan") counts more than one half named.
      const named = share >= 0.6 ? 3 * share + (share === 1 && own.length >= 2 ? 2 : 0) : 0;
      // A heading that asks what the question asks ("Who can request an EHC Needs Assessment?" for "who can request one") is answered below it.
      // A heading that names what the question asks for ("Professionals involved in …" for "who has to be at …") says its section gives it.
      const same = named > 0 ? (p.headingAsks[s]!.some((t) => asked.includes(t)) ? HEADING_ASKS : asked.some((t) => p.headingGives[s]!.has(t)) ? HEADING_GIVES : 0) : 0;
      const score = found.score(e.top) + 0.25 * (e.next >= 0 ? found.score(e.next) : 0) + named + same;
      return {
        section,
        score,
        hits: found.hitsOf(e),
        coverage: e.coverage,
        unknown,
        asked,
        named: named > 0 && own.length >= 2 ? share : 0,
      };
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
  const other = hits.slice(1).find((h) => (h.hits[0]?.score ?? 0) > (top.hits[0]?.score ?? 0));
  if (!other) return quotesOf(idx, top, max);
  // The other section's sentence takes the place of the chosen section's weakest, not of its last in document order.
  const u = idx.units[other.hits[0]!.unit]!;
  return [...quotesOf(idx, top, max - 1), { section: other.section.label, quote: u.text, line: u.line }];
}

/**
 * The document's sentences that give one of the asked kinds of answer (whom to tell, where to send it),
 * from the best few sections, best first: for a route question, the sentence that names whom to tell
 * beside the structured contacts. Only sentences within `share` of the best such sentence.
 */
export function sentencesGiving(idx: DocumentIndex, hits: readonly SectionHit[], types: readonly string[], max = 2, sections = 3, share = 0.6): Quote[] {
  const p = prepare(idx);
  const found = hits
    .slice(0, sections)
    .flatMap((h) => h.hits.map((x) => ({ ...x, section: h.section.label })))
    .filter((x) => types.some((t) => p.types[x.unit]!.has(t)))
    .sort((a, b) => b.score - a.score);
  const best = found[0]?.score ?? 0;
  return found
    .filter((x) => x.score >= best * share)
    .slice(0, max)
    .map((x) => ({ section: x.section, quote: idx.units[x.unit]!.text, line: idx.units[x.unit]!.line }));
}

/** A sentence that ends by introducing what follows: a colon, or "the following (three domains)". */
const INTRODUCES = /(?::|\bfollowing\b[^.;:]{0,40})\s*$/i;

/** A list is quoted whole up to this many items (its lead sentence first), so that "what must it include" gets every item. */
const LIST_ITEMS = 14;
const LIST_CHARS = 1800;
/** A lead sentence this short ("The outcome may be:", "Members include:") says nothing without its items. */
const BARE_LEAD = 60;

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
  const leadOf = (i: number) => idx.units[i]!.lead ?? (p.items.has(i) ? i : undefined);
  // Of the close candidates, a list whose lead gives what is asked ("It sets out the following:") before one that only mentions its words.
  const givingList = chosen.map(leadOf).find((l) => l !== undefined && hit.asked.some((t) => p.types[l]!.has(t)));
  // A sentence that only introduces a list ("The Assessment Triangle sets out three domains for assessment:", "… investigates
  // the following three domains") says nothing by itself: when it is among the answers, or two of its items are, its list
  // comes with it whatever the question's form.
  const introducing = (l: number) => p.items.has(l) && INTRODUCES.test(idx.units[l]!.text);
  // A lead that is only an introduction ("The outcome may be:") means its list: one item chosen brings the rest.
  const bare = (l: number) => idx.units[l]!.text.length <= BARE_LEAD;
  const leads = new Set(
    chosen
      .map(leadOf)
      .filter((l): l is number => l !== undefined && introducing(l) && (chosen.includes(l) || bare(l) || chosen.filter((i) => idx.units[i]!.lead === l).length >= 2)),
  );
  const lead = givingList ?? leadOf(chosen[0]!);
  if (lead !== undefined && wantsList(hit.asked) && p.items.has(lead)) leads.add(lead);
  if (leads.size > 0) {
    const inList = new Set([...leads].flatMap((l) => [l, ...p.items.get(l)!]));
    const rest = chosen.filter((i) => !inList.has(i));
    const listed = [...leads].map((l) => ({ section: hit.section.label, quote: listQuote(idx, l, p.items.get(l)!), line: idx.units[l]!.line, at: l }));
    return [...listed, ...rest.map((i) => ({ section: hit.section.label, quote: idx.units[i]!.text, line: idx.units[i]!.line, at: i }))]
      .slice(0, max)
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
