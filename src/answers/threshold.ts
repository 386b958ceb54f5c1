import type { Level } from "../knowledge/index.js";
import type { AnswerInput, MatchedIndicator } from "../contract/answer.js";
import { decide, describesSignificantHarm, indexesFor, levelsByTier, weights, type Decision, type Match, type PackIndex } from "../thresholds/index.js";
import { CALL_999 } from "../contract/text.js";
import type { PackHandler } from "./handlers.js";
import { answerRoutes, baseAnswer, consultationRoutes, type WithPack } from "./build.js";


const levelRef = (l: Level) => ({ id: l.id, name: l.name, tier: l.tier });

/**
 * Tier 3 and 4 answers put the MASH first, whatever order the level lists its routes in. Where the
 * document names another route for the harm described ("speak immediately to the MASH and local
 * police"), it comes next, with the document's sentence for that harm.
 */
function routesFor(r: WithPack, level: Level, also?: Level, families: readonly string[] = []) {
  const forHarm = new Map<string, { section: string; quote: string }[]>();
  for (const route of r.pack.routes)
    for (const f of route.forHarm)
      if (families.includes(f.family)) forHarm.set(route.id, [...(forHarm.get(route.id) ?? []), { section: f.source.section, quote: f.source.quote }]);
  const harmIds = [...forHarm.keys()];
  const ids = level.tier >= 3 ? [r.pack.consultationRoute, ...harmIds, ...level.routes] : [...level.routes, r.pack.consultationRoute, ...harmIds];
  // Between two levels, the higher level's route is shown too: the safer reading is never hidden.
  const withHigher = also ? [...(also.tier >= 3 ? [r.pack.consultationRoute] : []), ...also.routes, ...ids] : ids;
  // The harm's own sentence stands for the route: its other sentences are about other harms.
  return answerRoutes(r, [...new Set(withHigher)]).map((route) => {
    const sentences = forHarm.get(route.id);
    if (!sentences) return route;
    const { said: _otherHarms, ...rest } = route;
    return { ...rest, forHarm: sentences };
  });
}

/**
 * For a document without a grid: the tier of need (1–4, the scale every English threshold document
 * shares) the situation reads as under the grids the project knows, the higher where they differ.
 * Only the tier is taken: the answer names the authority's own level and quotes its own definition,
 * never another authority's indicators.
 */
function severityWithoutGrid(grids: PackIndex[], question: string): { tier: number; agree: boolean } | null {
  const tiers = grids.map((g) => decide(g, question)).filter((d) => d.level && d.confidence !== "low").map((d) => d.level!.tier);
  if (tiers.length === 0) return null;
  const tier = Math.max(...tiers);
  return { tier, agree: tiers.length === grids.length && tiers.every((t) => t === tier) };
}

function noGridAnswer(q: Parameters<PackHandler>[0], r: WithPack): AnswerInput | null {
  const grids = [...indexesFor(r.knowledge).values()];
  const { harm, danger, families } = describesSignificantHarm(grids, q.raw);
  const tiers = levelsByTier(r.pack).map((l) => ({ ...levelRef(l), description: l.definition.quote }));
  const notLoaded = `The ${r.pack.source.title} has no indicator grid, so I can't match indicators for ${r.pack.name}. Its service tiers are listed below; the MASH can advise on the level.`;
  const top = levelsByTier(r.pack).at(-1)!;
  if (harm) {
    const test = r.pack.significantHarm ? `The document's test: "${r.pack.significantHarm.quote}" (${r.pack.significantHarm.section}).` : "";
    const what = families.length ? families.map((f) => f.label.toLowerCase()).join("; ") : "a risk of significant harm";
    return {
      ...baseAnswer("threshold", r, `${danger ? `${CALL_999} ` : ""}This describes a risk of significant harm: ${top.name}. Refer to the ${r.pack.name} MASH now.`),
      threshold: {
        level: levelRef(top),
        confidence: danger || families.length ? "high" : "medium",
        immediateDanger: danger,
        indicators: [],
        gridLoaded: false,
        reason: `Significant harm (${what}), the statutory test for children's social care. ${test}`.trim(),
        harm: families.map((f) => f.label),
        nextSteps: top.nextSteps,
        tiers,
      },
      routes: routesFor(r, top, undefined, families.map((h) => h.family)),
      gaps: [notLoaded],
      notes: danger ? [CALL_999] : [],
    };
  }
  const read = severityWithoutGrid(grids, q.raw);
  if (read) {
    const level = levelsByTier(r.pack).find((l) => l.tier === read.tier);
    if (level) {
      const confidence = read.agree ? "medium" : "low";
      return {
        ...baseAnswer("threshold", r, `${level.name} under the ${r.pack.name} document, read from its level definitions (it has no indicator grid).`),
        threshold: {
          level: levelRef(level),
          confidence,
          immediateDanger: false,
          indicators: [],
          gridLoaded: false,
          reason: `${level.name}: what you describe is the kind of need that the threshold grids this assistant knows put at tier ${level.tier} of 4, and the ${r.pack.source.title} defines that tier as "${level.definition.quote}". It has no indicator grid of its own, so check with the MASH.`,
          harm: [],
          nextSteps: level.nextSteps,
          tiers,
        },
        routes: routesFor(r, level),
        gaps: [notLoaded],
        notes: ["This level is read from the document's level definitions, not from an indicator grid: the MASH can advise.", CALL_999],
      };
    }
  }
  return {
    ...baseAnswer("clarify", r, `${r.pack.name}'s document has no indicator grid, so I can't give a level from it. The MASH can advise.`),
    routes: consultationRoutes(r),
    gaps: [notLoaded],
    notes: [...tiers.map((t) => `${t.name} (tier ${t.tier}): ${t.description}`), CALL_999],
    prompt: "Describe what you have seen or been told, and how often, and I'll say whether it points to significant harm; otherwise ask the MASH for a consultation.",
  };
}

const shownIndicator = (m: Match): MatchedIndicator => ({
  id: m.item.indicator.id,
  level: m.item.indicator.level,
  levelName: m.item.level.name,
  tier: m.item.level.tier,
  domain: m.item.indicator.domain,
  text: m.item.indicator.text,
  section: m.item.indicator.section,
  ...(m.own ? {} : { matchedBy: m.phrase }),
});

/** One line on why this level, from the rule that decided it. */
function why(d: Decision, level: Level): string {
  const top = d.matches.find((m) => m.item.level.id === level.id);
  const quoted = top ? `"${top.item.indicator.text}" (${top.item.indicator.section})` : "";
  switch (d.rule.rule) {
    case "immediate-danger":
      return `A child appears to be in danger now${d.net.length ? ` (${d.net.map((h) => h.label.toLowerCase()).join("; ")})` : ""}, so this is the top level whatever else applies${quoted ? `: ${quoted}` : ""}.`;
    case "harm-net":
      return `This describes significant harm (${d.net.map((h) => h.label.toLowerCase()).join("; ")}), which is never answered below ${level.name}${quoted ? `: ${quoted}` : ""}.`;
    case "evidence-across-clauses":
      return `${level.name} because ${d.rule.clauses} parts of what you describe each point to it, none clearly on its own: the closest is ${quoted}. Check with the MASH.`;
    default:
      return `${level.name} because it matches ${quoted}, the highest level that matched; the level is the highest that matches, never an average.`;
  }
}

/** "What level is this?": the level of need with the indicators that produced it. */
export const thresholdAnswer: PackHandler = (q, r) => {
  if (!r.pack.hasIndicatorGrid) return noGridAnswer(q, r);
  const index = indexesFor(r.knowledge).get(r.pack.id);
  if (!index) return null;
  const d = decide(index, q.raw);
  if (!d.level) return null;
  const level = d.level;
  const indicators = d.matches.slice(0, weights.shown).map(shownIndicator);
  const between = d.between ? { level: levelRef(d.between.higher), decider: d.between.decider } : undefined;
  const notes = [
    ...(d.immediateDanger || level.tier === 4 ? [CALL_999] : []),
    ...(between ? [`Between ${level.name} and ${between.level.name}: ${between.decider} If so, treat it as ${between.level.name}.`] : []),
    ...(d.confidence === "low" ? ["This is a weak match: the MASH can advise. Ask for a consultation if you are unsure."] : []),
    "The indicators are examples, not a checklist: professional judgement and your MASH decide.",
  ];
  return {
    ...baseAnswer(
      "threshold",
      r,
      `${d.immediateDanger ? `${CALL_999} ` : ""}${level.name} under the ${r.pack.name} document: ${indicators.length} indicator${indicators.length === 1 ? "" : "s"} matched.`,
    ),
    threshold: {
      level: levelRef(level),
      confidence: d.confidence,
      immediateDanger: d.immediateDanger,
      indicators,
      gridLoaded: true,
      reason: why(d, level),
      ...(between ? { between } : {}),
      harm: d.net.map((h) => h.label),
      nextSteps: level.nextSteps,
      tiers: [],
    },
    routes: routesFor(r, level, d.between?.higher, d.net.map((h) => h.family)),
    notes,
  };
};
