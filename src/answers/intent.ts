import { z } from "zod";
import intentsJson from "./intents.json" with { type: "json" };

const Spec = z.object({ threshold: z.number(), cues: z.record(z.string(), z.number()) });
const IntentTable = z
  .object({
    $comment: z.string(),
    route: Spec,
    procedure: Spec,
    threshold: Spec,
    gap: z.object({ words: z.number().int().min(0).max(4), weight: z.number().min(0).max(1), minCueWeight: z.number() }),
    fold: z.record(z.string(), z.string()),
    examples: z.record(z.enum(["route", "procedure", "threshold"]), z.array(z.string().min(3))),
  })
  .strict();
const table = IntentTable.parse(intentsJson);

export type IntentKind = "route" | "procedure" | "threshold";
const KINDS: IntentKind[] = ["route", "procedure", "threshold"];

/**
 * Words of a folded question, clause by clause: a cue never runs across a clause break
 * ("…her, what do I do").
 */
function clauses(text: string): string[][] {
  return text
    .toLowerCase()
    .split(/[,;:?!.()]+|\s[-–]\s/)
    .map((c) => c.match(/[a-z0-9]+(?:['/&-][a-z0-9]+)*/g) ?? [])
    .filter((c) => c.length > 0);
}

/** The same words with the pronouns the table folds read as one ("we" → "i"), so "how do we get it to them" meets the cue "how do i get". */
const folded = (words: string[]) => words.map((w) => table.fold[w] ?? w);

interface Cue {
  kind: IntentKind;
  words: string[];
  weight: number;
}
/** Cues of a kind that fold to the same words ("can we", "can i") count once, at the higher weight. */
const CUES: Cue[] = KINDS.flatMap((kind) => {
  const byWords = new Map<string, Cue>();
  for (const [cue, weight] of Object.entries(table[kind].cues)) {
    const words = folded(clauses(cue).flat());
    const key = words.join(" ");
    if ((byWords.get(key)?.weight ?? -Infinity) < weight) byWords.set(key, { kind, words, weight });
  }
  return [...byWords.values()];
});

interface Match {
  cue: Cue;
  clause: number;
  start: number;
  end: number;
  weight: number;
}

/** Where a cue's words occur in order in one clause: side by side, or (a specific cue) with a few words between them at a lower weight. */
function find(cue: Cue, words: string[], clause: number): Match | null {
  const gap = cue.weight >= table.gap.minCueWeight ? table.gap.words : 0;
  let best: Match | null = null;
  for (let s = 0; s < words.length; s++) {
    if (words[s] !== cue.words[0]) continue;
    let at = s;
    let gaps = 0;
    for (let k = 1; k < cue.words.length && at >= 0; k++) {
      let next = -1;
      for (let j = at + 1; j <= Math.min(words.length - 1, at + 1 + gap); j++)
        if (words[j] === cue.words[k]) {
          next = j;
          break;
        }
      if (next > at + 1) gaps++;
      at = next;
    }
    if (at < 0) continue;
    const weight = cue.weight * (gaps > 0 ? table.gap.weight : 1);
    if (!best || weight > best.weight) best = { cue, clause, start: s, end: at, weight };
    if (gaps === 0) break;
  }
  return best;
}

/**
 * Every cue the question meets; a cue of one
 * kind inside a longer cue of another ("procedure" in "which procedure") gives way to it.
 */
function matches(text: string): Match[] {
  const cs = clauses(text).map(folded);
  const found: Match[] = [];
  for (const cue of CUES)
    for (let c = 0; c < cs.length; c++) {
      const m = find(cue, cs[c]!, c);
      if (m) {
        found.push(m);
        break;
      }
    }
  return found.filter(
    (m) =>
      !found.some((o) => o.cue.kind !== m.cue.kind && o.clause === m.clause && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start),
  );
}

const bigrams = (s: string) => {
  const w = folded(clauses(s).flat());
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
  return Math.max(0, ...matches(text).filter((m) => m.end - m.start + 1 === m.cue.words.length).map((m) => m.cue.weight));
}

/** The cue weights alone, without the examples' word pairs. */
export function cueScores(text: string): Record<IntentKind, number> {
  const scores = { route: 0, procedure: 0, threshold: 0 } as Record<IntentKind, number>;
  for (const m of matches(text)) scores[m.cue.kind] += m.weight;
  return scores;
}

/** Scores of each kind for the folded question: data-driven cue weights plus the nearest example, no per-question branching. */
export function intentScores(text: string): Record<IntentKind, number> {
  const scores = cueScores(text);
  const sim = exampleSimilarity(text);
  for (const k of KINDS) scores[k] += Math.min(3, sim[k]);
  return scores;
}

/** Kinds whose score clears their threshold, strongest first. */
export function rankIntents(text: string): IntentKind[] {
  const scores = intentScores(text);
  return KINDS.filter((kind) => scores[kind] >= table[kind].threshold).sort((a, b) => scores[b] - scores[a]);
}
