import { z } from "zod";
import intentsJson from "./intents.json" with { type: "json" };
import { cueMatcher } from "./cues.js";

const Spec = z.object({ threshold: z.number(), cues: z.record(z.string(), z.number()) });
const IntentTable = z
  .object({
    $comment: z.string(),
    route: Spec,
    procedure: Spec,
    threshold: Spec,
    situation: Spec,
    gap: z.object({ words: z.number().int().min(0).max(4), weight: z.number().min(0).max(1), minCueWeight: z.number() }),
    fold: z.record(z.string(), z.string()),
    persons: z.array(z.string().min(1)),
    examples: z.record(z.enum(["route", "procedure", "threshold"]), z.array(z.string().min(3))),
  })
  .strict();
const table = IntentTable.parse(intentsJson);

export type IntentKind = "route" | "procedure" | "threshold";
const KINDS: IntentKind[] = ["route", "procedure", "threshold"];
/** Scores of each kind; `threshold` counts a described situation (an age, a worry) as well as a level asked for, `level` only the latter. */
export type IntentScores = Record<IntentKind, number> & { level: number };

type CueKind = IntentKind | "situation";
const CUE_KINDS: CueKind[] = [...KINDS, "situation"];
const matcher = cueMatcher(
  CUE_KINDS.flatMap((kind) => Object.entries(table[kind].cues).map(([phrase, weight]) => ({ tag: kind, phrase, weight }))),
  table,
);

const bigrams = (s: string) => {
  const w = matcher.words(s);
  return new Set(w.slice(1).map((x, i) => `${w[i]} ${x}`));
};
const exampleGrams = KINDS.map((kind) => ({ kind, grams: table.examples[kind].map(bigrams) }));

/** How closely the question's form matches the examples of a kind: shared word pairs with the nearest example. */
export function exampleSimilarity(text: string): Record<IntentKind, number> {
  const q = bigrams(text);
  const out = { route: 0, procedure: 0, threshold: 0 } as Record<IntentKind, number>;
  for (const { kind, grams } of exampleGrams)
    for (const g of grams) {
      let n = 0;
      for (const x of g) if (q.has(x)) n++;
      out[kind] = Math.max(out[kind], n);
    }
  return out;
}

/** The weight of the single strongest cue met word for word: a specific form ("who do i call"), not a sum of generic ones ("where can" + "can i"). */
export function strongestCue(text: string): number {
  return Math.max(0, ...matcher.matches(text).filter((m) => m.exact).map((m) => m.weight));
}

/** The cue weights alone, without the examples' word pairs. */
export function cueScores(text: string): IntentScores {
  const scores: IntentScores = { route: 0, procedure: 0, threshold: 0, level: 0 };
  for (const m of matcher.matches(text)) {
    if (m.tag === "situation") scores.threshold += m.weight;
    else {
      scores[m.tag] += m.weight;
      if (m.tag === "threshold") scores.level += m.weight;
    }
  }
  return scores;
}

const recentScores = new Map<string, IntentScores>();
/** Scores of each kind for the folded question: data-driven cue weights plus the nearest example, no per-question branching. */
export function intentScores(text: string): IntentScores {
  // Asked for several times per question (its evidence, its ranked intents): the last few are kept, each caller given its own copy.
  let scores = recentScores.get(text);
  if (!scores) {
    scores = cueScores(text);
    const sim = exampleSimilarity(text);
    for (const k of KINDS) scores[k] += Math.min(3, sim[k]);
    if (recentScores.size >= 8) recentScores.delete(recentScores.keys().next().value!);
    recentScores.set(text, scores);
  }
  return { ...scores };
}

/** Kinds whose score clears their threshold, strongest first. */
export function rankIntents(text: string): IntentKind[] {
  const scores = intentScores(text);
  return KINDS.filter((kind) => scores[kind] >= table[kind].threshold).sort((a, b) => scores[b] - scores[a]);
}

const persons = cueMatcher(
  table.persons.map((phrase) => ({ tag: "person", phrase, weight: 1 })),
  { fold: {}, gap: { words: 0, weight: 1, minCueWeight: Infinity } },
);

/** Whether the question is about someone in particular (a child, a parent, "she", an age), not only about a topic. */
export function describesSomeone(text: string): boolean {
  return persons.matches(text).length > 0 || /\b\d{1,2}\s*(?:yo|y\/o|yrs?)\b/.test(text);
}
