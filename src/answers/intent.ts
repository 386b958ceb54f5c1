import { z } from "zod";
import intentsJson from "./intents.json" with { type: "json" };

const IntentTable = z.record(
  z.string(),
  z.union([z.string(), z.object({ threshold: z.number(), cues: z.record(z.string(), z.number()) })]),
);
const table = Object.fromEntries(
  Object.entries(IntentTable.parse(intentsJson)).filter((e): e is [string, { threshold: number; cues: Record<string, number> }] => typeof e[1] !== "string"),
);

export type IntentKind = "route" | "procedure" | "threshold";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const compiled = Object.entries(table).map(([kind, spec]) => ({
  kind: kind as IntentKind,
  threshold: spec.threshold,
  cues: Object.entries(spec.cues).map(([cue, weight]) => ({ re: new RegExp(`(?:^|[^a-z0-9])${escape(cue)}(?:$|[^a-z0-9])`), weight })),
}));

/** Scores of each kind for the folded question: data-driven cue weights, no per-question branching. */
export function intentScores(text: string): Record<IntentKind, number> {
  const scores = { route: 0, procedure: 0, threshold: 0 } as Record<IntentKind, number>;
  for (const { kind, cues } of compiled) for (const { re, weight } of cues) if (re.test(text)) scores[kind] += weight;
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
