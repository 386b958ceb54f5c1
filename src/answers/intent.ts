import { z } from "zod";
import intentsJson from "./intents.json" with { type: "json" };
import { escapeRegExp as escape } from "../contract/text.js";

const Spec = z.object({ threshold: z.number(), cues: z.record(z.string(), z.number()) });
const IntentTable = z
  .object({ $comment: z.string(), route: Spec, procedure: Spec, threshold: Spec, examples: z.record(z.enum(["route", "procedure", "threshold"]), z.array(z.string().min(3))) })
  .strict();
const table = IntentTable.parse(intentsJson);

export type IntentKind = "route" | "procedure" | "threshold";
const KINDS: IntentKind[] = ["route", "procedure", "threshold"];

const compiled = KINDS.map((kind) => ({
  kind,
  threshold: table[kind].threshold,
  cues: Object.entries(table[kind].cues).map(([cue, weight]) => ({ cue, re: new RegExp(`(?:^|[^a-z0-9])${escape(cue)}(?:$|[^a-z0-9])`), weight })),
}));

const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").split(/\s+/).filter(Boolean);
const bigrams = (s: string) => {
  const w = words(s);
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

/** The cue weights alone, without the examples' word pairs. */
export function cueScores(text: string): Record<IntentKind, number> {
  const scores = { route: 0, procedure: 0, threshold: 0 } as Record<IntentKind, number>;
  // A cue absent from the text (most of them) is told by a substring search, before its pattern.
  for (const { kind, cues } of compiled) for (const { cue, re, weight } of cues) if (text.includes(cue) && re.test(text)) scores[kind] += weight;
  return scores;
}

/** Scores of each kind for the folded question: data-driven cue weights plus the nearest example, no per-question branching. */
export function intentScores(text: string): Record<IntentKind, number> {
  // A question's intents are asked for more than once while it is answered: the last one is kept (a copy is handed out).
  if (lastScores?.text !== text) lastScores = { text, scores: scoresOf(text) };
  return { ...lastScores.scores };
}
let lastScores: { text: string; scores: Record<IntentKind, number> } | null = null;

function scoresOf(text: string): Record<IntentKind, number> {
  const scores = cueScores(text);
  const sim = exampleSimilarity(text);
  for (const k of KINDS) scores[k] += Math.min(3, sim[k]);
  return scores;
}

/** Kinds whose score clears their threshold, strongest first. */
export function rankIntents(text: string): IntentKind[] {
  const scores = intentScores(text);
  return compiled
    .filter(({ kind, threshold }) => scores[kind] >= threshold)
    .sort((a, b) => scores[b.kind] - scores[a.kind])
    .map(({ kind }) => kind);
}
