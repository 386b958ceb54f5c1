import { distance } from "fastest-levenshtein";
import { isEnglishWord } from "./english.js";
import type { Indicator, Knowledge, Level, Pack } from "../knowledge/index.js";
import { analyse, vocabulary, type Analysis } from "./analyse.js";
import { weights } from "./weights.js";

export type Subject = "child" | "parent" | "family";

/** One way of saying an indicator: its own text, or one of the project's practitioner descriptions. */
export interface Entry {
  indicator: number;
  phrase: string;
  own: boolean;
  tokens: Map<string, number>;
  mass: number;
  severe: boolean;
  mild: boolean;
}

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
  entries: Entry[];
  /** Token → the entries that hold it, with the token's weight there. */
  postings: Map<string, { entry: number; weight: number }[]>;
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

export interface TierModel {
  tiers: number[];
  logp: Map<string, number[]>;
  unseen: number[];
}

/**
 * Per tier, the smoothed log-probability of each token across that tier's entries. The writers put
 * each level's frequency and severity into its descriptions ("sometimes", "persistent", "doing
 * well"), so a clause's words say which level they sound like, beyond which indicator they name.
 */
function tierModelOf(entries: Entry[], indicators: IndexedIndicator[]): TierModel {
  const tiers = [...new Set(indicators.map((i) => i.level.tier))].sort();
  const counts = new Map<string, number[]>();
  const totals = tiers.map(() => 0);
  for (const e of entries) {
    const k = tiers.indexOf(indicators[e.indicator]!.level.tier);
    for (const t of e.tokens.keys()) {
      const c = counts.get(t) ?? tiers.map(() => 0);
      c[k]!++;
      counts.set(t, c);
      totals[k]!++;
    }
  }
  const a = weights.tierModel.smoothing;
  const v = counts.size;
  const logp = new Map([...counts].map(([t, c]) => [t, c.map((n, k) => Math.log((n + a) / (totals[k]! + a * v)))]));
  return { tiers, logp, unseen: totals.map((n) => Math.log(a / (n + a * v))) };
}

/**
 * The tokens most of an indicator's entries share are what it is about ("care" for a young carer);
 * a clause that meets an indicator only through words its entries use now and then ("late") is
 * weaker evidence for it than one that meets an anchor.
 */
function anchorsOf(entries: Entry[], indicators: IndexedIndicator[]): void {
  const counts = indicators.map(() => new Map<string, number>());
  const sizes = indicators.map(() => 0);
  for (const e of entries) {
    sizes[e.indicator]!++;
    const c = counts[e.indicator]!;
    for (const t of e.tokens.keys()) if (t !== "#mild" && t !== "#severe") c.set(t, (c.get(t) ?? 0) + 1);
  }
  indicators.forEach((item, i) => {
    for (const [t, n] of counts[i]!) if (n >= weights.anchor.share * sizes[i]!) item.anchors.add(t);
  });
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

const SERIOUS = new Set(vocabulary.seriousConcepts.map((c) => `#${c}`));
export const isSerious = (concept: string) => SERIOUS.has(concept);

function corrector(words: Set<string>): (w: string) => string {
  const byLength = new Map<number, string[]>();
  for (const w of words) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
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

function buildPack(knowledge: Knowledge, pack: Pack, correct: (w: string) => string): PackIndex {
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
  const raw = indicators.flatMap((item, i) => [
    { indicator: i, phrase: item.indicator.text, own: true, a: analyse(item.indicator.text) as Analysis },
    ...(language?.indicators[item.indicator.id]?.descriptions ?? []).map((d) => ({ indicator: i, phrase: d, own: false, a: analyse(d) })),
  ]);
  // Rarity is counted over indicators, not entries: a word every description of one indicator uses is still rare.
  const df = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const e of raw)
    for (const t of e.a.tokens.keys())
      if (seen.get(t) !== e.indicator + 1) {
        seen.set(t, e.indicator + 1);
        df.set(t, (df.get(t) ?? 0) + 1);
      }
  const n = indicators.length;
  const idf = new Map([...df].map(([t, d]) => [t, Math.log(1 + n / d)]));
  const entries: Entry[] = raw.map((e) => ({
    indicator: e.indicator,
    phrase: e.phrase,
    own: e.own,
    tokens: e.a.tokens,
    mass: [...e.a.tokens].reduce((s, [t, w]) => s + (idf.get(t) ?? 1) * w, 0),
    severe: e.a.tokens.has("#severe"),
    mild: e.a.tokens.has("#mild"),
  }));
  const postings = new Map<string, { entry: number; weight: number }[]>();
  entries.forEach((e, i) => {
    for (const [t, w] of e.tokens) {
      const list = postings.get(t);
      if (list) list.push({ entry: i, weight: w });
      else postings.set(t, [{ entry: i, weight: w }]);
    }
  });
  anchorsOf(entries, indicators);
  const tierModel = tierModelOf(entries, indicators);
  return { pack, indicators, entries, postings, idf, correct, concern: concernOf(tierModel), harmFamilies: new Map(Object.entries(language?.harmFamilies ?? {})), tierModel };
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
  const out = new Map(gridPacks.map((pack) => [pack.id, buildPack(knowledge, pack, correct)]));
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

/**
 * How well a clause explains each indicator: for each of its entries, the matched idf weight,
 * scaled by how much of the entry the clause covers; an indicator takes its best entry, plus a
 * little of its second, since two descriptions agreeing is more evidence than one.
 */
export function scoreAll(index: PackIndex, clause: ClauseReading, age: number | null, degree: { mild: boolean; severe: boolean }): Match[] {
  const W = weights;
  const acc = new Map<number, { matched: number; distinct: number; concepts: string[]; shared: string[] }>();
  for (const [t, q] of clause.tokens) {
    const list = index.postings.get(t);
    if (!list) continue;
    const idf = index.idf.get(t) ?? 1;
    const isDegree = t === "#mild" || t === "#severe";
    for (const { entry, weight } of list) {
      let a = acc.get(entry);
      if (!a) acc.set(entry, (a = { matched: 0, distinct: 0, concepts: [], shared: [] }));
      a.matched += idf * Math.min(weight, q);
      if (isDegree) continue;
      a.distinct++;
      a.shared.push(t);
      if (t.startsWith("#")) a.concepts.push(t);
    }
  }
  const best = new Map<number, { score: number; second: number; entry: Entry; concepts: string[]; shared: string[]; evidence: Set<string> }>();
  for (const [i, a] of acc) {
    const e = index.entries[i]!;
    const coverage = a.matched / e.mass;
    const degreeFactor = e.severe && !degree.severe ? (degree.mild ? W.degree.severeButMild : W.degree.severeUnsaid) : e.mild && degree.severe && !degree.mild ? W.degree.mildButSevere : 1;
    const score = (e.own ? 1 : W.entry.descriptionWeight) * degreeFactor * a.matched * (W.entry.coverageFloor + (1 - W.entry.coverageFloor) * coverage ** W.entry.coveragePower);
    const prev = best.get(e.indicator);
    if (!prev) best.set(e.indicator, { score, second: 0, entry: e, concepts: a.concepts, shared: a.shared, evidence: new Set(a.shared) });
    else {
      for (const t of a.shared) prev.evidence.add(t);
      if (score > prev.score) Object.assign(prev, { score, second: prev.score, entry: e, concepts: a.concepts, shared: a.shared });
      else if (score > prev.second) prev.second = score;
    }
  }
  const out: Match[] = [];
  const fit = tierFit(index.tierModel, clause.tokens);
  for (const [i, b] of best) {
    // One shared plain word is weak evidence: an indicator needs a concept, or two words met across its entries.
    const concepts = [...b.evidence].filter((t) => t.startsWith("#")).length;
    if (concepts < W.entry.minConcepts && b.evidence.size < W.entry.minDistinctWords) continue;
    const item = index.indicators[i]!;
    const ages = item.indicator.ages;
    if (ages && age !== null && ((ages.min !== undefined && age < ages.min) || (ages.max !== undefined && age > ages.max))) continue;
    const universal = item.level.tier === 1;
    const sense =
      clause.polarity === "positive" && !universal ? W.polarity.nonUniversalWhenPositive : clause.polarity === "deficit" && universal ? W.polarity.universalWhenDeficit : 1;
    const who =
      (clause.subject === "parent" && item.subject === "child") || (clause.subject === "child" && item.subject === "parent") ? W.subject.mismatch : 1;
    // A top-level indicator reached only through a graded concept (mental health, attendance,
    // weight…) needs the question to say how serious it is; serious concepts (abuse, FGM…) do not.
    const graded = item.level.tier === 4 && !degree.severe && !b.concepts.some(isSerious) ? W.gradedTier4 : 1;
    const levelFit = (fit.get(item.level.tier) ?? 1) ** W.tierModel.power;
    const anchored = item.anchors.size === 0 || [...b.evidence].some((t) => item.anchors.has(t)) ? 1 : W.anchor.miss;
    const score = sense * who * graded * levelFit * anchored * (b.score + W.entry.secondEntryBonus * b.second);
    out.push({ item, score, phrase: b.entry.phrase, own: b.entry.own, shared: b.shared, concepts: b.concepts });
  }
  return out.sort((a, b) => b.score - a.score);
}
