import type { Level, Pack } from "../knowledge/index.js";
import type { Confidence } from "../answers/schema.js";
import { analyse, childAge, clauses, immediateDanger } from "./analyse.js";
import { scoreAll, type IndexedIndicator, type Match, type PackIndex } from "./index-build.js";

/** Scores below this match nothing with confidence; calibrated on the project's own questions. */
export const THRESHOLDS = { confident: 2.4, high: 4.2, tie: 0.95, perClause: 2, dominance: 0.85 } as const;

export interface Decision {
  level: Level | null;
  confidence: Confidence;
  immediateDanger: boolean;
  age: number | null;
  matches: Match[];
  best: number;
}

const tierOf = (i: IndexedIndicator) => i.level.tier;

/**
 * The level is the highest level that any clause matches with confidence, never an average: one
 * tier-4 concern among several tier-2 ones makes the answer tier 4.
 */
export function decide(index: PackIndex, question: string): Decision {
  const age = childAge(question);
  const danger = immediateDanger(question, age);
  const chosen = new Map<string, Match>();
  let best = 0;
  const parts = clauses(question);
  // Degree words describe the whole situation ("a bit slow, crossed one centile"), not one clause.
  const whole = analyse(question, { negate: true, correct: index.correct }).tokens;
  const degree = { mild: whole.has("#mild"), severe: whole.has("#severe") };
  let bestClause = 0;
  const consider = (part: string, whole: boolean) => {
    const { tokens: query, polarity } = analyse(part, { negate: true, correct: index.correct });
    if (query.size === 0) return;
    const matches = scoreAll(index, query, age, polarity, degree);
    const top = matches[0];
    if (!top) return;
    best = Math.max(best, top.score);
    // The whole question counts only where clauses together say more than any one of them.
    if (whole ? top.score <= bestClause * 1.15 : false) return;
    if (!whole) bestClause = Math.max(bestClause, top.score);
    if (top.score < THRESHOLDS.confident) return;
    for (const m of matches.slice(0, 6)) {
      if (m.score < Math.max(THRESHOLDS.confident, top.score * THRESHOLDS.tie)) break;
      const prev = chosen.get(m.item.indicator.id);
      if (!prev || prev.score < m.score) chosen.set(m.item.indicator.id, m);
    }
  };
  for (const part of parts) consider(part, false);
  if (parts.length > 1) consider(question, true);
  // The same concern said twice should not climb a level: a higher-level match whose concepts a
  // clearly better lower-level match already explains is dropped before the highest level is taken.
  // (Only ever downwards-protective: it never removes a match in favour of a higher one.)
  const all = [...chosen.values()];
  const dominated = (m: Match) =>
    m.concepts.length > 0 &&
    all.some((o) => o !== m && tierOf(o.item) < tierOf(m.item) && o.score * THRESHOLDS.dominance > m.score && m.concepts.every((c) => o.concepts.includes(c)));
  const matches = all.filter((m) => !dominated(m)).sort((a, b) => tierOf(b.item) - tierOf(a.item) || b.score - a.score);
  const top = matches[0];
  const tier4 = index.pack.levels.find((l) => l.tier === 4) ?? null;
  let level: Level | null = top ? top.item.level : null;
  if (danger) level = tier4;
  const confidence: Confidence = danger || best >= THRESHOLDS.high ? "high" : best >= THRESHOLDS.confident * 1.3 ? "medium" : "low";
  return { level, confidence, immediateDanger: danger, age, matches, best };
}

/** For authorities without a grid: does the question describe significant harm on any grid? */
export function describesSignificantHarm(indexes: PackIndex[], question: string): { harm: boolean; danger: boolean } {
  const age = childAge(question);
  const danger = immediateDanger(question, age);
  if (danger) return { harm: true, danger };
  for (const index of indexes) {
    const d = decide(index, question);
    const strongest = d.matches[0];
    if (strongest && strongest.item.level.tier === 4 && strongest.score >= THRESHOLDS.confident * 1.2) return { harm: true, danger };
  }
  return { harm: false, danger };
}

export const levelsByTier = (pack: Pack) => [...pack.levels].sort((a, b) => a.tier - b.tier);
