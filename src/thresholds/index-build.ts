import { distance } from "fastest-levenshtein";
import { isEnglishWord } from "./english.js";
import type { Indicator, Knowledge, Level, Pack } from "../knowledge/index.js";
import { analyse, isSerious, isTopicOnly, vocabulary, type Analysis } from "./analyse.js";
import { weights } from "./weights.js";
import { precomputedTokens, readIndexArtefact } from "./index-artefact.js";

export type Subject = "child" | "parent" | "family";

/** One way of saying an indicator: its own text, or one of the project's practitioner descriptions. */
export interface Entry {
  indicator: number;
  phrase: string;
  own: boolean;
  mass: number;
  severe: boolean;
  mild: boolean;
}

/** An entry's tokens and their weights, in the order the analysis found them (the order sums are taken in). */
export type EntryTokens = [token: string, weight: number][];

export interface IndexedIndicator {
  indicator: Indicator;
  level: Level;
  subject: Subject;
  separates?: string;
  decider?: string;
  /** What most of its entries say: a match that meets none of these met only incidental words. */
  anchors: Set<string>;
}

export interface PackIndex {
  pack: Pack;
  indicators: IndexedIndicator[];
  /** The same indicators by their id in the pack. */
  indicatorById: Map<string, IndexedIndicator>;
  entries: Entry[];
  /** Token → the entries that hold it, with the token's weight there, and its idf (flat arrays: see Postings). */
  postings: Postings;
  /** Inverse indicator frequency: how rare a token is among the grid's indicators. */
  idf: Map<string, number>;
  /** Correct a misspelt word to the nearest word the grid uses; real English words are left alone. */
  correct: (word: string) => string;
  /** Is a word stem a concern in this grid: far likelier in its needs than in its strengths? */
  concern: (stem: string) => boolean;
  /** The top-level indicators of this grid each harm family cites. */
  harmFamilies: Map<string, string[]>;
  /** How each tier's indicators and descriptions use each token: a small language model of the levels. */
  tierModel: TierModel;
}

/**
 * The inverted index in flat arrays, since a clause's common words reach thousands of entries: the
 * entries holding token id k are entry[start[k]] … entry[start[k + 1] - 1], with the token's
 * weight in each at the same place of `weight`.
 */
export interface Postings {
  id: Map<string, number>;
  start: Int32Array;
  entry: Int32Array;
  weight: Float64Array;
  idf: Float64Array;
  /** Each entry's indicator, mass, and flags (1 own, 2 severe, 4 mild), by entry number. */
  entryIndicator: Int32Array;
  entryMass: Float64Array;
  entryFlags: Uint8Array;
}

export interface TierModel {
  tiers: number[];
  logp: Map<string, number[]>;
  unseen: number[];
}

/** A stem is a concern when the needs levels use it far more than the strengths level does. */
function concernOf(model: TierModel): (stem: string) => boolean {
  const universal = model.tiers.indexOf(1);
  return (stem) => {
    const lp = model.logp.get(stem);
    if (!lp || universal < 0) return false;
    const needs = Math.max(...lp.filter((_, k) => k !== universal));
    return needs - lp[universal]! >= Math.log(weights.tierModel.concernRatio);
  };
}

/** How much a clause sounds like each tier, as a share of the tier it sounds most like (0–1]. */
export function tierFit(model: TierModel, tokens: Map<string, number>): Map<number, number> {
  const score = model.tiers.map(() => 0);
  let seen = 0;
  for (const t of tokens.keys()) {
    const lp = model.logp.get(t);
    if (!lp) continue;
    seen++;
    lp.forEach((p, k) => (score[k]! += p));
  }
  const max = Math.max(...score);
  return new Map(model.tiers.map((tier, k) => [tier, seen === 0 ? 1 : Math.exp((score[k]! - max) / Math.max(1, seen))]));
}

const cache = new WeakMap<Knowledge, Map<string, PackIndex>>();

function corrector(words: Set<string>): (w: string) => string {
  const byLength = new Map<number, string[]>();
  for (const w of words) {
    const list = byLength.get(w.length);
    if (list) list.push(w);
    else byLength.set(w.length, [w]);
  }
  const memo = new Map<string, string>();
  return (w) => {
    if (w.length < 6 || words.has(w)) return w;
    const hit = memo.get(w);
    if (hit) return hit;
    if (isEnglishWord(w)) {
      if (memo.size < 20_000) memo.set(w, w);
      return w;
    }
    let best = w;
    let bestD = w.length >= 10 ? 2 : 1;
    for (let len = w.length - bestD; len <= w.length + bestD; len++)
      for (const cand of byLength.get(len) ?? []) {
        const d = distance(w, cand);
        if (d > 0 && d <= bestD && (d < bestD || best === w)) {
          best = cand;
          bestD = d;
        }
      }
    if (memo.size < 20_000) memo.set(w, best);
    return best;
  };
}

/** Whose situation an indicator's own words describe, where the pack's language does not say. */
const subjectFromText = (text: string): Subject => (/^(parent|parents|carer|family)/i.test(text) ? "parent" : "child");

/** The texts of a grid pack's entries, in entry order: each indicator's own text, then the project's descriptions of it. */
export function entryTexts(knowledge: Knowledge, pack: Pack): { indicator: number; phrase: string; own: boolean }[] {
  const language = knowledge.language?.get(pack.id) ?? null;
  return pack.indicators.flatMap((indicator, i) => [
    { indicator: i, phrase: indicator.text, own: true },
    ...(language?.indicators[indicator.id]?.descriptions ?? []).map((d) => ({ indicator: i, phrase: d, own: false })),
  ]);
}

/** What the analysis makes of each entry text (the slow part of building an index, so it can come precomputed). */
export const analyseEntries = (texts: readonly { phrase: string }[]): EntryTokens[] => texts.map((t) => [...analyse(t.phrase).tokens]);

/**
 * A pack's entry analyses with each token as a number, its position in `tokens` (tokens numbered in
 * the order the entries first use them): per entry, token, weight, token, weight, … in the
 * analysis's order. The artefact keeps them so (index-artefact.ts); a live analysis is numbered here.
 */
export interface NumberedTokens {
  tokens: string[];
  entries: number[][];
}

export function numbered(analysed: EntryTokens[]): NumberedTokens {
  const ids = new Map<string, number>();
  const tokens: string[] = [];
  const entries = analysed.map((list) => {
    const flat: number[] = [];
    for (const [t, w] of list) {
      let k = ids.get(t);
      if (k === undefined) ids.set(t, (k = tokens.push(t) - 1));
      flat.push(k, w);
    }
    return flat;
  });
  return { tokens, entries };
}

function buildPack(knowledge: Knowledge, pack: Pack, correct: (w: string) => string, texts: ReturnType<typeof entryTexts>, analysed: NumberedTokens): PackIndex {
  const language = knowledge.language?.get(pack.id) ?? null;
  const levels = new Map(pack.levels.map((l) => [l.id, l]));
  const indicators: IndexedIndicator[] = pack.indicators.map((indicator) => {
    const lang = language?.indicators[indicator.id];
    return {
      indicator,
      level: levels.get(indicator.level)!,
      subject: lang?.subject ?? subjectFromText(indicator.text),
      ...(lang?.separates ? { separates: lang.separates } : {}),
      ...(lang?.decider ? { decider: lang.decider } : {}),
      anchors: new Set<string>(),
    };
  });
  const { tokens, entries: flat } = analysed;
  const T = tokens.length;
  // Rarity is counted over indicators, not entries: a word every description of one indicator uses is still rare.
  const df = new Int32Array(T);
  const lastIndicator = new Int32Array(T).fill(-1);
  texts.forEach((e, j) => {
    const f = flat[j]!;
    for (let x = 0; x < f.length; x += 2)
      if (lastIndicator[f[x]!] !== e.indicator) {
        lastIndicator[f[x]!] = e.indicator;
        df[f[x]!]!++;
      }
  });
  const n = indicators.length;
  const idfs = Float64Array.from(df, (d) => Math.log(1 + n / d));
  const idf = new Map(tokens.map((t, k) => [t, idfs[k]!]));
  const severe = tokens.indexOf("#severe");
  const mild = tokens.indexOf("#mild");
  const has = (f: number[], k: number) => {
    for (let x = 0; x < f.length; x += 2) if (f[x] === k) return true;
    return false;
  };
  const entries: Entry[] = texts.map((e, j) => {
    const f = flat[j]!;
    let mass = 0;
    for (let x = 0; x < f.length; x += 2) mass += idfs[f[x]!]! * f[x + 1]!;
    return { indicator: e.indicator, phrase: e.phrase, own: e.own, mass, severe: severe >= 0 && has(f, severe), mild: mild >= 0 && has(f, mild) };
  });
  anchorsOf(entries, analysed, indicators, [severe, mild]);
  const tierModel = tierModelOf(entries, analysed, indicators);
  return {
    pack,
    indicators,
    indicatorById: new Map(indicators.map((i) => [i.indicator.id, i])),
    entries,
    postings: postingsOf(entries, analysed, idfs),
    idf,
    correct,
    concern: concernOf(tierModel),
    harmFamilies: new Map(Object.entries(language?.harmFamilies ?? {})),
    tierModel,
  };
}

/**
 * Per tier, the smoothed log-probability of each token across that tier's entries. The writers put
 * each level's frequency and severity into its descriptions ("sometimes", "persistent", "doing
 * well"), so a clause's words say which level they sound like, beyond which indicator they name.
 */
function tierModelOf(entries: Entry[], analysed: NumberedTokens, indicators: IndexedIndicator[]): TierModel {
  const tiers = [...new Set(indicators.map((i) => i.level.tier))].sort();
  const Z = tiers.length;
  const counts = new Int32Array(analysed.tokens.length * Z);
  const totals = tiers.map(() => 0);
  entries.forEach((e, j) => {
    const z = tiers.indexOf(indicators[e.indicator]!.level.tier);
    const f = analysed.entries[j]!;
    for (let x = 0; x < f.length; x += 2) {
      counts[f[x]! * Z + z]!++;
      totals[z]!++;
    }
  });
  const a = weights.tierModel.smoothing;
  const v = analysed.tokens.length;
  const logp = new Map(analysed.tokens.map((t, k) => [t, tiers.map((_, z) => Math.log((counts[k * Z + z]! + a) / (totals[z]! + a * v)))]));
  return { tiers, logp, unseen: totals.map((n) => Math.log(a / (n + a * v))) };
}

/**
 * The tokens most of an indicator's entries share are what it is about ("care" for a young carer);
 * a clause that meets an indicator only through words its entries use now and then ("late") is
 * weaker evidence for it than one that meets an anchor.
 */
function anchorsOf(entries: Entry[], analysed: NumberedTokens, indicators: IndexedIndicator[], degree: number[]): void {
  const counts = new Int32Array(analysed.tokens.length);
  const sizes = indicators.map(() => 0);
  for (const e of entries) sizes[e.indicator]!++;
  const byIndicator = indicators.map((): number[] => []);
  entries.forEach((e, j) => byIndicator[e.indicator]!.push(j));
  byIndicator.forEach((js, i) => {
    const used: number[] = [];
    for (const j of js) {
      const f = analysed.entries[j]!;
      for (let x = 0; x < f.length; x += 2) {
        const k = f[x]!;
        if (degree.includes(k)) continue;
        if (counts[k] === 0) used.push(k);
        counts[k]!++;
      }
    }
    const item = indicators[i]!;
    for (const k of used) {
      if (counts[k]! >= weights.anchor.share * sizes[i]!) item.anchors.add(analysed.tokens[k]!);
      counts[k] = 0;
    }
  });
}

/** The flat inverted index: token ids as numbered, each token's entries in entry order. */
function postingsOf(entries: Entry[], analysed: NumberedTokens, idf: Float64Array): Postings {
  const T = analysed.tokens.length;
  const start = new Int32Array(T + 1);
  for (const f of analysed.entries) for (let x = 0; x < f.length; x += 2) start[f[x]! + 1]!++;
  for (let k = 0; k < T; k++) start[k + 1] = start[k]! + start[k + 1]!;
  const fill = start.slice(0, T);
  const entry = new Int32Array(start[T]!);
  const weight = new Float64Array(entry.length);
  analysed.entries.forEach((f, j) => {
    for (let x = 0; x < f.length; x += 2) {
      const at = fill[f[x]!]!++;
      entry[at] = j;
      weight[at] = f[x + 1]!;
    }
  });
  return {
    id: new Map(analysed.tokens.map((t, k) => [t, k])),
    start,
    entry,
    weight,
    idf,
    entryIndicator: Int32Array.from(entries, (e) => e.indicator),
    entryMass: Float64Array.from(entries, (e) => e.mass),
    entryFlags: Uint8Array.from(entries, (e) => (e.own ? 1 : 0) | (e.severe ? 2 : 0) | (e.mild ? 4 : 0)),
  };
}

/** The words the corrector may mend a typo to: the grids' words, their descriptions' and the vocabulary's. */
function correctionTargets(knowledge: Knowledge, packs: Pack[]): Set<string> {
  const texts = [
    ...packs.flatMap((p) => p.indicators.map((i) => i.text)),
    ...packs.flatMap((p) => Object.values(knowledge.language?.get(p.id)?.indicators ?? {}).flatMap((l) => l.descriptions)),
    ...Object.values(vocabulary.concepts).flat(),
    ...vocabulary.degree.mild,
    ...vocabulary.degree.severe,
  ];
  const words = new Set<string>();
  for (const t of texts) for (const m of t.toLowerCase().matchAll(/[a-z]{4,}/g)) words.add(m[0]);
  return words;
}

/** The indicator index of every grid pack, built once per Knowledge and shared by all questions. */
export function indexesFor(knowledge: Knowledge): Map<string, PackIndex> {
  const hit = cache.get(knowledge);
  if (hit) return hit;
  const gridPacks = [...knowledge.packs.values()].filter((p) => p.hasIndicatorGrid);
  const correct = corrector(correctionTargets(knowledge, gridPacks));
  const artefact = readIndexArtefact();
  const out = new Map(
    gridPacks.map((pack) => {
      const texts = entryTexts(knowledge, pack);
      return [pack.id, buildPack(knowledge, pack, correct, texts, precomputedTokens(artefact, pack.id, texts) ?? numbered(analyseEntries(texts)))];
    }),
  );
  cache.set(knowledge, out);
  return out;
}

export interface Match {
  item: IndexedIndicator;
  score: number;
  /** The entry that matched best: the indicator's own words or one of our descriptions. */
  phrase: string;
  own: boolean;
  /** The concepts and stems the clause shared with that entry. */
  shared: string[];
  concepts: string[];
  /** Set when the match came from the significant-harm net rather than from words. */
  family?: string;
}

export interface ClauseReading {
  tokens: Map<string, number>;
  polarity: Analysis["polarity"];
  /** Who the clause is about: a parent's own difficulty, the child's, or not said. */
  subject: "parent" | "child" | null;
}

/** Working space for scoreAll, kept per index: scoring touches thousands of entries and allocates nothing per entry. */
interface Scratch {
  /** Marks an entry (or indicator) as touched by the current call when equal to `run`. */
  run: number;
  entrySeen: Uint32Array;
  matched: Float64Array;
  touched: Int32Array;
  /** Each touched entry's shared clause tokens, as a linked list in clause order through `next`. */
  head: Int32Array;
  tail: Int32Array;
  token: Int32Array;
  next: Int32Array;
  indicatorSeen: Uint32Array;
  best: Float64Array;
  second: Float64Array;
  bestEntry: Int32Array;
  /** Each indicator's touched entries, linked through `entryNext`. */
  firstEntry: Int32Array;
  lastEntry: Int32Array;
  entryNext: Int32Array;
  order: Int32Array;
  /** Marks a clause token as counted for the current indicator when equal to `tokenRun`. */
  tokenRun: number;
  tokenSeen: Uint32Array;
}
const scratches = new WeakMap<PackIndex, Scratch>();
function scratchOf(index: PackIndex): Scratch {
  let s = scratches.get(index);
  if (s) return s;
  const entries = index.entries.length;
  const indicators = index.indicators.length;
  s = {
    run: 0,
    entrySeen: new Uint32Array(entries),
    matched: new Float64Array(entries),
    touched: new Int32Array(entries),
    head: new Int32Array(entries),
    tail: new Int32Array(entries),
    token: new Int32Array(1024),
    next: new Int32Array(1024),
    indicatorSeen: new Uint32Array(indicators),
    best: new Float64Array(indicators),
    second: new Float64Array(indicators),
    bestEntry: new Int32Array(indicators),
    firstEntry: new Int32Array(indicators),
    lastEntry: new Int32Array(indicators),
    entryNext: new Int32Array(entries),
    order: new Int32Array(indicators),
    tokenRun: 0,
    tokenSeen: new Uint32Array(64),
  };
  scratches.set(index, s);
  return s;
}

/**
 * How well a clause explains each indicator: for each of its entries, the matched idf weight,
 * scaled by how much of the entry the clause covers; an indicator takes its best entry, plus a
 * little of its second, since two descriptions agreeing is more evidence than one.
 */
export function scoreAll(index: PackIndex, clause: ClauseReading, age: number | null, degree: { mild: boolean; severe: boolean }, limit = Infinity): Match[] {
  const W = weights;
  const P = index.postings;
  const s = scratchOf(index);
  // The marks are numbers of calls, so nothing needs clearing between calls (except when they run out).
  if (s.run === 0xffffffff) {
    s.run = 0;
    s.entrySeen.fill(0);
    s.indicatorSeen.fill(0);
  }
  const run = ++s.run;
  const clauseTokens = [...clause.tokens];
  // Room for every (entry, shared token) pair this clause can make.
  let pairs = 0;
  for (const [t] of clauseTokens) {
    const k = P.id.get(t);
    if (k !== undefined) pairs += P.start[k + 1]! - P.start[k]!;
  }
  if (s.token.length < pairs) {
    s.token = new Int32Array(pairs * 2);
    s.next = new Int32Array(pairs * 2);
  }
  if (s.tokenSeen.length < clauseTokens.length) {
    s.tokenSeen = new Uint32Array(clauseTokens.length * 2);
    s.tokenRun = 0;
  }
  let touchedCount = 0;
  let pool = 0;
  const tokenWeight = new Float64Array(clauseTokens.length);
  for (let c = 0; c < clauseTokens.length; c++) {
    const [t, q] = clauseTokens[c]!;
    const k = P.id.get(t);
    if (k === undefined) continue;
    const idf = P.idf[k]!;
    const isDegree = t === "#mild" || t === "#severe";
    tokenWeight[c] = isDegree ? 0 : idf * q;
    for (let p = P.start[k]!, end = P.start[k + 1]!; p < end; p++) {
      const e = P.entry[p]!;
      if (s.entrySeen[e] !== run) {
        s.entrySeen[e] = run;
        s.matched[e] = 0;
        s.head[e] = -1;
        s.touched[touchedCount++] = e;
      }
      s.matched[e] = s.matched[e]! + idf * Math.min(P.weight[p]!, q);
      if (isDegree) continue;
      s.token[pool] = c;
      s.next[pool] = -1;
      if (s.head[e] === -1) s.head[e] = pool;
      else s.next[s.tail[e]!] = pool;
      s.tail[e] = pool++;
    }
  }
  // Each indicator's best and second-best entry, indicators in the order their first entry was touched.
  let indicatorCount = 0;
  for (let j = 0; j < touchedCount; j++) {
    const e = s.touched[j]!;
    const flags = P.entryFlags[e]!;
    const matched = s.matched[e]!;
    const coverage = matched / P.entryMass[e]!;
    const severe = (flags & 2) !== 0;
    const mild = (flags & 4) !== 0;
    const degreeFactor = severe && !degree.severe ? (degree.mild ? W.degree.severeButMild : W.degree.severeUnsaid) : mild && degree.severe && !degree.mild ? W.degree.mildButSevere : 1;
    const score = (flags & 1 ? 1 : W.entry.descriptionWeight) * degreeFactor * matched * (W.entry.coverageFloor + (1 - W.entry.coverageFloor) * coverage ** W.entry.coveragePower);
    const i = P.entryIndicator[e]!;
    s.entryNext[e] = -1;
    if (s.indicatorSeen[i] !== run) {
      s.indicatorSeen[i] = run;
      s.best[i] = score;
      s.second[i] = 0;
      s.bestEntry[i] = e;
      s.firstEntry[i] = e;
      s.order[indicatorCount++] = i;
    } else {
      s.entryNext[s.lastEntry[i]!] = e;
      if (score > s.best[i]!) {
        s.second[i] = s.best[i]!;
        s.best[i] = score;
        s.bestEntry[i] = e;
      } else if (score > s.second[i]!) s.second[i] = score;
    }
    s.lastEntry[i] = e;
  }
  const sharedOf = (e: number) => {
    const out: string[] = [];
    for (let p = s.head[e]!; p !== -1; p = s.next[p]!) out.push(clauseTokens[s.token[p]!]![0]);
    return out;
  };
  // Whether the clause shared a serious concept (abuse, FGM…) with the entry, read without building the list.
  const sharesSerious = (e: number) => {
    for (let p = s.head[e]!; p !== -1; p = s.next[p]!) {
      const t = clauseTokens[s.token[p]!]![0];
      if (t.startsWith("#") && isSerious(t)) return true;
    }
    return false;
  };
  // Whether all the clause shared with the entry is one concept that names only a topic ("his drinking"), not a harm by itself.
  const onlyConcept = (e: number) => {
    const p = s.head[e]!;
    if (p === -1 || s.next[p] !== -1) return false;
    const t = clauseTokens[s.token[p]!]![0];
    return t.startsWith("#") && isTopicOnly(t);
  };
  // Scores first, as numbers; a Match is built only for the indicators kept (see `limit`).
  const kept: number[] = [];
  const keptScore: number[] = [];
  const fit = tierFit(index.tierModel, clause.tokens);
  for (let o = 0; o < indicatorCount; o++) {
    const i = s.order[o]!;
    const item = index.indicators[i]!;
    // The evidence: every token the clause shared with any of the indicator's entries.
    if (s.tokenRun === 0xffffffff) {
      s.tokenRun = 0;
      s.tokenSeen.fill(0);
    }
    const evidenceRun = ++s.tokenRun;
    let evidence = 0;
    let concepts = 0;
    let anchored = item.anchors.size === 0;
    // The best entry's own words are marked first, so that what the other entries add is known:
    // facets of one indicator said in different descriptions of it add up.
    const bestE = s.bestEntry[i]!;
    for (let p = s.head[bestE]!; p !== -1; p = s.next[p]!) s.tokenSeen[s.token[p]!] = evidenceRun;
    let added = 0;
    for (let e = s.firstEntry[i]!; e !== -1; e = s.entryNext[e]!)
      for (let p = s.head[e]!; p !== -1; p = s.next[p]!) {
        const c = s.token[p]!;
        if (s.tokenSeen[c] === evidenceRun && e !== bestE) continue;
        if (e !== bestE) added += tokenWeight[c]!;
        s.tokenSeen[c] = evidenceRun;
        const t = clauseTokens[c]![0];
        evidence++;
        if (t.startsWith("#")) concepts++;
        if (!anchored && item.anchors.has(t)) anchored = true;
      }
    // One shared plain word is weak evidence: an indicator needs a concept, or two words met across its entries.
    if (concepts < W.entry.minConcepts && evidence < W.entry.minDistinctWords) continue;
    const ages = item.indicator.ages;
    if (ages && age !== null && ((ages.min !== undefined && age < ages.min) || (ages.max !== undefined && age > ages.max))) continue;
    const universal = item.level.tier === 1;
    const sense =
      clause.polarity === "positive" && !universal ? W.polarity.nonUniversalWhenPositive : clause.polarity === "deficit" && universal ? W.polarity.universalWhenDeficit : 1;
    const who =
      (clause.subject === "parent" && item.subject === "child") || (clause.subject === "child" && item.subject === "parent") ? W.subject.mismatch : 1;
    // A top-level indicator reached only through a graded concept (mental health, attendance,
    // weight…) needs the question to say how serious it is; serious concepts (abuse, FGM…) do not.
    const graded = item.level.tier === 4 && !degree.severe && !sharesSerious(s.bestEntry[i]!) ? W.gradedTier4 : 1;
    // "dad came in about his drinking": one concept and nothing else names the topic, not how serious it is.
    const bare = item.level.tier === 4 && !degree.severe && evidence === 1 && concepts === 1 && onlyConcept(s.bestEntry[i]!) ? W.bareTier4 : 1;
    const levelFit = (fit.get(item.level.tier) ?? 1) ** W.tierModel.power;
    const anchor = anchored ? 1 : W.anchor.miss;
    const score = sense * who * graded * bare * levelFit * anchor * (s.best[i]! + W.entry.secondEntryBonus * s.second[i]! + W.entry.complement * added);
    kept.push(o);
    keptScore.push(score);
  }
  // Best first, ties in the order the indicators were met (a stable sort of them all). With a limit, the best `limit` of
  // the top level and the best `limit` of the others: the first `limit` of the list stay the same when the caller
  // discounts the top level afterwards (a discount keeps the order within each group).
  let chosen = kept.map((_, j) => j);
  if (limit < kept.length) {
    const best = (group: number[]) => (group.length <= limit ? group : group.sort((a, b) => keptScore[b]! - keptScore[a]! || a - b).slice(0, limit));
    const top = chosen.filter((j) => index.indicators[s.order[kept[j]!]!]!.level.tier === 4);
    const rest = chosen.filter((j) => index.indicators[s.order[kept[j]!]!]!.level.tier !== 4);
    chosen = [...best(top), ...best(rest)].sort((a, b) => a - b);
  }
  const out: Match[] = chosen.map((j) => {
    const i = s.order[kept[j]!]!;
    const e = s.bestEntry[i]!;
    const entry = index.entries[e]!;
    const shared = sharedOf(e);
    return { item: index.indicators[i]!, score: keptScore[j]!, phrase: entry.phrase, own: entry.own, shared, concepts: shared.filter((t) => t.startsWith("#")) };
  });
  return out.sort((a, b) => b.score - a.score);
}
