import type { PackHandler } from "../answers/handlers.js";
import { answerRoutes, baseAnswer, consultationRoutes, type WithPack } from "../answers/build.js";
import type { AnswerInput, MatchedIndicator } from "../answers/schema.js";
import type { Level } from "../knowledge/index.js";
import { decide, describesSignificantHarm, levelsByTier } from "./decide.js";
import { indexesFor } from "./index-build.js";
import { browseAnswer } from "./browse.js";

export { browseAnswer } from "./browse.js";
export { indexesFor } from "./index-build.js";
export { decide } from "./decide.js";

const CALL_999 = "If a child is in immediate danger, call 999.";
const MAX_SHOWN = 6;

const levelRef = (l: Level) => ({ id: l.id, name: l.name, tier: l.tier });

/** Tier 3 and 4 answers put the MASH first, whatever order the level lists its routes in. */
function routesFor(r: WithPack, level: Level) {
  const ids = level.tier >= 3 ? [r.pack.consultationRoute, ...level.routes] : [...level.routes, r.pack.consultationRoute];
  return answerRoutes(r, ids);
}

function noGridAnswer(q: Parameters<PackHandler>[0], r: WithPack): AnswerInput | null {
  const grids = [...indexesFor(r.knowledge).values()];
  const { harm, danger } = describesSignificantHarm(grids, q.raw);
  const tiers = levelsByTier(r.pack).map((l) => ({ ...levelRef(l), description: l.definition.quote }));
  const notLoaded = `The ${r.pack.source.title} has no indicator grid, so I can't match indicators for ${r.pack.name}. Its service tiers are listed below; the MASH can advise on the level.`;
  const top = levelsByTier(r.pack).at(-1)!;
  if (harm) {
    const test = r.pack.significantHarm ? `The document's test: "${r.pack.significantHarm.quote}" (${r.pack.significantHarm.section}).` : "";
    return {
      ...baseAnswer("threshold", r, `${danger ? `${CALL_999} ` : ""}This describes a risk of significant harm: ${top.name} (tier 4). Refer to the ${r.pack.name} MASH now.`),
      threshold: {
        level: levelRef(top),
        confidence: danger ? "high" : "medium",
        immediateDanger: danger,
        indicators: [],
        gridLoaded: false,
        reason: `The question describes a risk of significant harm, the statutory test for children's social care. ${test}`.trim(),
        nextSteps: top.nextSteps,
        tiers,
      },
      routes: routesFor(r, top),
      gaps: [notLoaded],
      notes: danger ? [CALL_999] : [],
    };
  }
  return {
    ...baseAnswer("clarify", r, `${r.pack.name}'s document has no indicator grid, so I can't give a level from it. The MASH can advise.`),
    routes: consultationRoutes(r),
    gaps: [notLoaded],
    notes: [...tiers.map((t) => `${t.name} (tier ${t.tier}): ${t.description}`), CALL_999],
    prompt: "Describe what you have seen or been told, and how often, and I'll say whether it points to significant harm; otherwise ask the MASH for a consultation.",
  };
}

/** "What level is this?": the level of need with the indicators that produced it. */
export const thresholdAnswer: PackHandler = (q, r) => {
  if (!r.pack.hasIndicatorGrid) return noGridAnswer(q, r);
  const index = indexesFor(r.knowledge).get(r.pack.id);
  if (!index) return null;
  const d = decide(index, q.raw);
  if (!d.level) return null;
  const shown = d.matches.slice(0, MAX_SHOWN);
  const indicators: MatchedIndicator[] = shown.map((m) => ({
    id: m.item.indicator.id,
    level: m.item.indicator.level,
    levelName: m.item.level.name,
    tier: m.item.level.tier,
    domain: m.item.indicator.domain,
    text: m.item.indicator.text,
    section: m.item.indicator.section,
  }));
  const level = d.level;
  const reason = d.immediateDanger
    ? "A child appears to be in danger right now, so this is treated at the top level whatever else applies."
    : `The highest level among the matched indicators is ${level.name}; the level is the highest that matches, never an average.`;
  const notes = [
    ...(d.immediateDanger || level.tier === 4 ? [CALL_999] : []),
    ...(d.confidence === "low" ? ["This is a weak match: the MASH can advise. Ask for a consultation if you are unsure."] : []),
    "The indicators are examples, not a checklist: professional judgement and your MASH decide.",
  ];
  return {
    ...baseAnswer(
      "threshold",
      r,
      `${d.immediateDanger ? `${CALL_999} ` : ""}${level.name} (tier ${level.tier} of 4) under the ${r.pack.name} document: ${indicators.length} indicator${indicators.length === 1 ? "" : "s"} matched.`,
    ),
    threshold: {
      level: levelRef(level),
      confidence: d.confidence,
      immediateDanger: d.immediateDanger,
      indicators,
      gridLoaded: true,
      reason,
      nextSteps: level.nextSteps,
      tiers: [],
    },
    routes: routesFor(r, level),
    notes,
  };
};

export { browseAnswer as browse };
