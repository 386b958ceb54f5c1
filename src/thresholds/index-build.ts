import { distance } from "fastest-levenshtein";
import type { Indicator, Knowledge, Level, Pack } from "../knowledge/index.js";
import { analyse, vocabulary, type Analysis } from "./analyse.js";

export interface IndexedIndicator {
  indicator: Indicator;
  level: Level;
  tokens: Map<string, number>;
  /** Sum of idf × weight over the indicator's tokens: how much there is to match. */
  mass: number;
}

export interface PackIndex {
  pack: Pack;
  indicators: IndexedIndicator[];
  idf: Map<string, number>;
  /** Correct a misspelt word to the nearest word the documents use (edit distance 1–2). */
  correct: (word: string) => string;
}

const cache = new WeakMap<Knowledge, Map<string, PackIndex>>();

/** The words the corrector may mend a typo to: the documents' words and the vocabulary's own. */
function buildVocabulary(packs: Pack[]): Set<string> {
  const texts = [
    ...packs.flatMap((p) => p.indicators.map((i) => i.text)),
    ...Object.values(vocabulary.concepts).flat(),
    ...vocabulary.degree.mild,
    ...vocabulary.degree.severe,
  ];
  const words = new Set<string>();
  for (const t of texts) for (const m of t.toLowerCase().matchAll(/[a-z]{4,}/g)) words.add(m[0]);
  return words;
}

/** Everyday words that must never be "corrected" into a document word (worried → worrier). */
const SERIOUS = new Set(vocabulary.seriousConcepts.map((c) => `#${c}`));
const KEEP = new Set(["better", "much", "could", "would", "think", "since", ...vocabulary.stopwords, ...vocabulary.polarity.positive, ...vocabulary.polarity.deficit, ...vocabulary.negation.weakCues, "worried", "worries", "worrying", "parents", "younger", "older", "since", "there", "their", "about", "school", "started", "stopped", "hurting", "living", "moving", "moved"]);

function corrector(words: Set<string>): (w: string) => string {
  const byLength = new Map<number, string[]>();
  for (const w of words) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  const memo = new Map<string, string>();
  return (w) => {
    if (w.length < 6 || words.has(w) || KEEP.has(w)) return w;
    const hit = memo.get(w);
    if (hit) return hit;
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

/** The indicator index of every grid pack, built once per Knowledge and shared by all questions. */
export function indexesFor(knowledge: Knowledge): Map<string, PackIndex> {
  const hit = cache.get(knowledge);
  if (hit) return hit;
  const gridPacks = [...knowledge.packs.values()].filter((p) => p.hasIndicatorGrid);
  const analysed = gridPacks.map((pack) => ({ pack, items: pack.indicators.map((indicator) => ({ indicator, a: analyse(indicator.text) as Analysis })) }));
  const df = new Map<string, number>();
  let n = 0;
  for (const { items } of analysed)
    for (const { a } of items) {
      n++;
      for (const t of a.tokens.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    }
  const idf = new Map([...df].map(([t, d]) => [t, Math.log(1 + n / d)]));
  const correct = corrector(buildVocabulary(gridPacks));
  const out = new Map<string, PackIndex>();
  for (const { pack, items } of analysed) {
    const levels = new Map(pack.levels.map((l) => [l.id, l]));
    out.set(pack.id, {
      pack,
      idf,
      correct,
      indicators: items.map(({ indicator, a }) => ({
        indicator,
        level: levels.get(indicator.level)!,
        tokens: a.tokens,
        mass: [...a.tokens].reduce((s, [t, w]) => s + (idf.get(t) ?? 1) * w, 0),
      })),
    });
  }
  cache.set(knowledge, out);
  return out;
}

export interface Match {
  item: IndexedIndicator;
  score: number;
  matched: number;
  /** The concepts this match rests on. */
  concepts: string[];
}

/**
 * How well a clause's tokens explain an indicator: the matched weight, scaled by how much of the
 * indicator is covered, so a short indicator fully matched beats a long one touched at one word.
 */
export function scoreAll(
  index: PackIndex,
  query: Map<string, number>,
  age: number | null,
  polarity: Analysis["polarity"] = "neutral",
  degree: { mild: boolean; severe: boolean } = { mild: query.has("#mild"), severe: query.has("#severe") },
): Match[] {
  const out: Match[] = [];
  const qSevere = degree.severe;
  const qMild = degree.mild;
  for (const item of index.indicators) {
    const ages = item.indicator.ages;
    if (ages && age !== null && ((ages.min !== undefined && age < ages.min) || (ages.max !== undefined && age > ages.max))) continue;
    let matched = 0;
    let conceptCount = 0;
    let distinct = 0;
    const concepts: string[] = [];
    for (const [t, w] of item.tokens) {
      const q = query.get(t);
      if (q === undefined) continue;
      matched += (index.idf.get(t) ?? 1) * Math.min(w, q);
      if (t !== "#mild" && t !== "#severe") distinct++;
      if (t.startsWith("#") && t !== "#mild" && t !== "#severe") {
        conceptCount++;
        concepts.push(t);
      }
      else if (!t.startsWith("#")) conceptCount += 0.5;
    }
    if (matched === 0 || conceptCount < 0.5) continue;
    const coverage = matched / item.mass;
    // Degree separates neighbouring levels: a "serious" indicator needs a serious description.
    const iSevere = item.tokens.has("#severe");
    const iMild = item.tokens.has("#mild");
    const degreeFactor = iSevere && !qSevere ? (qMild ? 0.4 : 0.55) : iMild && qSevere && !qMild ? 0.7 : 1;
    // One shared plain word is weak evidence: ask for a concept or two words.
    if (distinct < 2 && conceptCount < 1) continue;
    const universal = item.level.tier === 1;
    const sense =
      polarity === "positive" && !universal
        ? vocabulary.polarity.penaltyNonUniversalWhenPositive
        : polarity === "deficit" && universal
          ? vocabulary.polarity.penaltyUniversalWhenDeficit
          : 1;
    // A top-level indicator reached only through a graded concept (mental health, attendance,
    // weight…) needs the question to say how serious it is; serious concepts (abuse, FGM…) do not.
    const graded = item.level.tier === 4 && !qSevere && !concepts.some((c) => SERIOUS.has(c)) ? vocabulary.gradedTier4Factor : 1;
    out.push({ item, score: graded * sense * degreeFactor * matched * (0.2 + 0.8 * coverage), matched, concepts });
  }
  return out.sort((a, b) => b.score - a.score);
}
