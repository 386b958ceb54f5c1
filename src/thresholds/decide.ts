import type { Level, Pack } from "../knowledge/index.js";
import type { Confidence } from "../contract/answer.js";
import { analyse, childAge, clauses, explainedByAccident, immediateDanger, isSerious, withoutAsker, type Analysis } from "./analyse.js";
import { deniedFamilies, harmFamilies, saysAccidental, saysNowAnywhere, saysResolved, sentencesOf, type NetHit } from "./harm-net.js";
import { scoreAll, type ClauseReading, type Match, type PackIndex } from "./index-build.js";
import { namesParentFirst, subjectOf } from "./subject.js";
import { weights } from "./weights.js";

/** Why the level is what it is, in the words of the rule that decided it. */
export type DecidingRule =
  | { rule: "immediate-danger"; families: string[] }
  | { rule: "harm-net"; families: string[] }
  | { rule: "highest-confident-match"; indicator: string }
  | { rule: "evidence-across-clauses"; indicator: string; clauses: number }
  | { rule: "no-confident-match" };

export interface ClauseTrace {
  clause: string;
  whole: boolean;
  subject: ClauseReading["subject"];
  polarity: ClauseReading["polarity"];
  tokens: string[];
  candidates: { id: string; level: string; tier: number; score: number; phrase: string; own: boolean; shared: string[] }[];
}

export interface Between {
  /** The higher level the evidence comes close to. */
  higher: Level;
  /** What would decide it: the project's question, or the higher indicator's own words. */
  decider: string;
  indicator: string;
}

export interface Decision {
  level: Level | null;
  confidence: Confidence;
  immediateDanger: boolean;
  age: number | null;
  matches: Match[];
  best: number;
  net: NetHit[];
  between: Between | null;
  rule: DecidingRule;
  trace: ClauseTrace[];
}

const tierOf = (m: Match) => m.item.level.tier;
/** A match on an injury and nothing else of harm, which a witnessed account of an accident explains. */
const injuryOnly = (m: Match) => m.concepts.length > 0 && m.concepts.every(explainedByAccident);
/** How many of a clause's best matches its trace shows. */
const TRACED = 5;
// "A 6 week old baby" tells the age, not a concern: it must not meet "NEET – less than six weeks".
const AGE_PHRASE = /\b\d{1,2}\s*(?:-\s*)?(?:years?|yrs?|months?|mths?|weeks?|wks?|days?)\s*(?:-\s*)?old\b|\b\d{1,2}\s*(?:yo|y\/o|mo)\b|\baged?\s*\d{1,2}\b|\b(?:year|yr)\s*\d{1,2}\b/gi;
export const withoutAges = (text: string) => text.replace(AGE_PHRASE, " ");
const PRONOUN_START = /^\s*(?:and\s+)?(?:she|he|they|his|her|their)\b/i;

/** The net's matches: each family cites the top-level indicators this grid maps it to. */
function netMatches(index: PackIndex, hits: NetHit[]): Match[] {
  const byId = index.indicatorById;
  return hits.flatMap((h) =>
    (index.harmFamilies.get(h.family) ?? []).flatMap((id) => {
      const item = byId.get(id);
      return item ? [{ item, score: weights.net.score, phrase: h.label, own: false, shared: [], concepts: [], family: h.family }] : [];
    }),
  );
}

/**
 * The level is the highest level that any clause matches with confidence, never an average: one
 * tier-4 concern among several tier-2 ones makes the answer tier 4. The harm net only ever raises.
 */
export function decide(index: PackIndex, question: string): Decision {
  const D = weights.decide;
  const age = childAge(question);
  const net = harmFamilies(question, age);
  let danger = immediateDanger(question, age) || net.some((h) => h.immediate);
  const text = withoutAges(withoutAsker(question));
  const chosen = new Map<string, Match>();
  const trace: ClauseTrace[] = [];
  let best = 0;
  let bestClause = 0;
  // The whole question read at once: its degree words qualify it as a whole ("a bit slow, crossed one centile").
  const wholeReading = analyse(text, { negate: true, correct: index.correct, concern: index.concern });
  const wholeTokens = wholeReading.tokens;
  const degree = { mild: wholeTokens.has("#mild"), severe: wholeTokens.has("#severe") };
  let previousParent = false;
  // A sentence that says the harm is over and managed speaks of the past: its top-level words
  // ("sexually abused by her uncle 2 yrs ago… all managed") are weaker evidence of a need now.
  // A question that denies a significant harm ("no thoughts of ending her life", "nobody's been
  // hurt") and describes none is weaker evidence of the top level.
  const denies = net.length === 0 && deniedFamilies(question, age).length > 0;
  const sentences = sentencesOf(text);
  const resolvedSentences = sentences.filter(saysResolved);
  const inResolved = (part: string, whole: boolean) => (whole ? resolvedSentences.length > 0 : resolvedSentences.some((s) => s.includes(part)));
  // An injury with a witnessed or fitting account of an accident ("fell off a trampoline, staff witnessed it") is weaker
  // evidence of the top level's injuries; a carer's claim alone is no such account.
  const accidentalSentences = net.length === 0 ? sentences.filter(saysAccidental) : [];
  const inAccident = (part: string, whole: boolean) => (whole ? accidentalSentences.length > 0 : accidentalSentences.some((s) => s.includes(part)));
  const consider = (part: string, whole: boolean, read: Analysis) => {
    const { tokens } = read;
    let subject = whole ? null : subjectOf(part);
    // A clause that opens with a pronoun goes on about the person the clause before it named first.
    if (!whole && previousParent && PRONOUN_START.test(part)) subject = "parent";
    if (!whole) previousParent = subject === "parent" || namesParentFirst(part);
    if (tokens.size === 0) return;
    const past = inResolved(part, whole);
    const discount = (past ? weights.resolvedTopLevel : 1) * (denies ? weights.deniedTopLevel : 1);
    // scoreAll gives them best first; only a discount of the top level changes scores, and so the order. Only the first
    // few of each clause are read (the trace's five, perClause), so only those are built.
    const scoreAs = (polarity: ClauseReading["polarity"]) =>
      scoreAll(index, { tokens, polarity, subject }, age, whole ? degree : degreeOf(tokens), Math.max(D.perClause, TRACED));
    let polarity = read.polarity;
    let scored = scoreAs(polarity);
    // A question that says only good things ("has epilepsy, well controlled, never misses a review") is read so in
    // each clause: a condition named on its own is not a need that is unmet. A clause that confidently meets a
    // top-level concern is not one of the good things, whatever surrounds it.
    if (polarity === "neutral" && wholeReading.polarity === "positive" && !scored.some((m) => tierOf(m) === 4 && m.score >= D.confident)) {
      polarity = "positive";
      scored = scoreAs(polarity);
    }
    // A word or two on their own ("mums mates", "neighbours", the items of a list) name who or what, and say nothing good
    // of it: they are no strength unless said to be one.
    if (!whole && polarity !== "positive" && part.trim().split(/\s+/).length <= 2) scored = scored.filter((m) => m.item.level.tier > 1);
    const accident = inAccident(part, whole);
    const factor = (m: Match) => (m.item.level.tier === 4 ? discount * (accident && injuryOnly(m) ? weights.accidentalTopLevel : 1) : 1);
    const discounted = discount < 1 || accident ? scored.map((m) => ({ ...m, score: m.score * factor(m) })).sort((a, b) => b.score - a.score) : scored;
    const matches = withoutExplained(discounted.slice(0, Math.max(D.perClause, TRACED)));
    trace.push({
      clause: part,
      whole,
      subject,
      polarity,
      tokens: [...tokens.keys()],
      candidates: matches.slice(0, TRACED).map((m) => ({ id: m.item.indicator.id, level: m.item.level.id, tier: m.item.level.tier, score: Math.round(m.score * 100) / 100, phrase: m.phrase, own: m.own, shared: m.shared })),
    });
    const top = matches[0];
    if (!top) return;
    if (!whole) clauseTops.push(matches.slice(0, D.perClause));
    best = Math.max(best, top.score);
    // The whole question counts only where clauses together say more than any one of them.
    if (whole && top.score <= bestClause * D.wholeQuestionGain) return;
    if (!whole) bestClause = Math.max(bestClause, top.score);
    if (top.score < D.confident) return;
    for (const m of matches.slice(0, D.perClause)) {
      if (m.score < Math.max(D.confident, top.score * D.tie)) break;
      const prev = chosen.get(m.item.indicator.id);
      if (!prev || prev.score < m.score) chosen.set(m.item.indicator.id, m);
    }
    // What a clause nearly said at a higher level is kept to say what would decide it.
    for (const m of matches.slice(0, D.perClause)) {
      if (m.item.level.tier <= top.item.level.tier || m.score < top.score * D.between) continue;
      if (!nearHigher || m.score > nearHigher.score) nearHigher = m;
    }
  };
  let nearHigher: Match | null = null as Match | null;
  const clauseTops: Match[][] = [];
  const parts = clauses(text);
  // A degree word qualifies its own clause and the clauses that name the same concern ("drinking
  // heavily every day… his drinking is affecting his care"), not every concern of the question.
  const readings = parts.map((part) => analyse(part, { negate: true, correct: index.correct, concern: index.concern }));
  const qualified = { mild: new Set<string>(), severe: new Set<string>() };
  for (const { tokens: t } of readings)
    for (const d of ["mild", "severe"] as const) if (t.has(`#${d}`)) for (const k of t.keys()) if (k.startsWith("#") && k !== "#mild" && k !== "#severe") qualified[d].add(k);
  const degreeOf = (t: Map<string, number>) => {
    const says = (d: "mild" | "severe") => t.has(`#${d}`) || [...t.keys()].some((k) => qualified[d].has(k));
    return { mild: says("mild"), severe: says("severe") };
  };
  parts.forEach((part, k) => consider(part, false, readings[k]!));
  if (parts.length > 1) consider(text, true, wholeReading);
  // The same concern said twice should not climb a level: a higher-level match whose concepts a
  // clearly better lower-level match already explains is dropped before the highest level is taken.
  const all = [...chosen.values()];
  const dominated = (m: Match) =>
    m.concepts.length > 0 &&
    all.some((o) => o !== m && tierOf(o) < tierOf(m) && o.score * D.dominance > m.score && m.concepts.every((c) => o.concepts.includes(c)));
  // Below the top level, a higher level needs evidence as strong as the strongest match: a weaker
  // echo of a level-3 description beside a clear level-2 concern is the level-2 concern. Top-level
  // matches are set aside only when far weaker and of no serious kind: on the sealed halves, setting any far weaker one
  // aside lowered a significant-harm case, so safety comes first.
  const strongest = Math.max(0, ...all.map((m) => m.score));
  // A top-level match that names no serious harm ("refused support", "relies on others for care") and is far weaker than
  // the strongest lower-level match is an echo too; one that names a serious harm never is.
  const weakTop = (m: Match) => tierOf(m) === 4 && !m.concepts.some(isSerious) && m.score < strongest * D.weakTopShare;
  const echo = (m: Match) =>
    (tierOf(m) < 4 ? m.score < strongest * D.higherShare : weakTop(m)) && all.some((o) => tierOf(o) < tierOf(m) && o.score === strongest);
  const fromWords = all.filter((m) => !dominated(m) && !echo(m));
  // A higher level set aside as an echo is not dropped silently: it is what the answer says would decide it.
  for (const m of all.filter((m) => echo(m) && !dominated(m)))
    if (!nearHigher || m.score > nearHigher.score) nearHigher = m;
  const fromNet = netMatches(index, net).filter((m) => !chosen.has(m.item.indicator.id));
  // Several clauses each weakly pointing to the top level ("smashes up the house", "assaulted mum",
  // "can't control him") are together strong evidence of it: their best top-level matches are summed.
  const across = acrossClauses(clauseTops);
  if (across && fromWords.length === 0) fromWords.push(across.match);
  const matches = [...fromNet, ...fromWords].sort((a, b) => tierOf(b) - tierOf(a) || b.score - a.score);
  const tier4 = index.pack.levels.find((l) => l.tier === 4) ?? null;
  const top = matches[0] ?? null;
  let level: Level | null = top ? top.item.level : null;
  let rule: DecidingRule = !top
    ? { rule: "no-confident-match" }
    : across && top === across.match
      ? { rule: "evidence-across-clauses", indicator: top.item.indicator.id, clauses: across.clauses }
      : { rule: "highest-confident-match", indicator: top.item.indicator.id };
  if (net.length > 0 && (!level || level.tier < 4)) {
    level = tier4;
    rule = { rule: "harm-net", families: net.map((h) => h.family) };
  }
  // A top-level concern of the serious kind, said to be happening now, is danger now too.
  // Any top-level concern with an explicit cue of immediacy ("won't come out", "in my office") is too.
  const topNow = level?.tier === 4 && matches.some((m) => tierOf(m) === 4 && m.concepts.some(isSerious)) && saysNowAnywhere(question);
  if (!danger && (topNow || (level?.tier === 4 && saysNowAnywhere(question, { bareNow: false })))) {
    danger = true;
  }
  if (danger) {
    level = tier4;
    rule = { rule: "immediate-danger", families: net.filter((h) => h.immediate).map((h) => h.family) };
  }
  if (net.length > 0 && rule.rule === "highest-confident-match" && top?.family) rule = { rule: "harm-net", families: net.map((h) => h.family) };
  const chosenTop = fromWords.find((m) => level && m.item.level.id === level.id) ?? null;
  const between = level && nearHigher && nearHigher.item.level.tier > level.tier && !danger && net.length === 0 ? betweenOf(nearHigher, chosenTop) : null;
  // Confidence comes from the evidence: how strong the best match is and how clearly its level beats the others.
  const otherLevels = fromWords.filter((m) => level && m.item.level.id !== level.id).map((m) => m.score);
  const ownBest = Math.max(0, ...fromWords.filter((m) => level && m.item.level.id === level.id).map((m) => m.score));
  const clear = otherLevels.length === 0 || ownBest >= Math.max(...otherLevels) * D.clearMargin;
  const confidence: Confidence =
    danger || net.length > 0
      ? "high"
      : rule.rule === "evidence-across-clauses"
        ? "low"
        : best >= D.high && clear && !between
          ? "high"
          : best >= D.medium
            ? "medium"
            : "low";
  // Universal says "nothing more is needed": it rests on something good said, or on a clear match. A weak
  // universal-level match in a question that says nothing good is no match, and no match means the MASH.
  if (level?.tier === 1 && confidence === "low" && !trace.some((t) => t.polarity === "positive"))
    return { level: null, confidence, immediateDanger: danger, age, matches, best, net, between: null, rule: { rule: "no-confident-match" }, trace };
  return { level, confidence, immediateDanger: danger, age, matches, best, net, between, rule, trace };
}

/**
 * "going to court over contact" meets "court battle over contact" (level 3) on both its words and a level-4 description
 * on "court" alone: the lower match explains all the higher one does and more, so the higher one is an echo of it.
 */
function withoutExplained(matches: Match[]): Match[] {
  const share = weights.decide.explainedInClause;
  // Serious kinds are not exempt: the harm net, not this list, is what keeps a significant harm at the top.
  return matches.filter(
    (m) => !matches.some((o) => tierOf(o) < tierOf(m) && o.score >= m.score * share && o.shared.length > m.shared.length && m.shared.every((t) => o.shared.includes(t))),
  );
}

/** The top level's evidence summed over the clauses that each name it, when that adds up to a confident match. */
function acrossClauses(clauseTops: Match[][]): { match: Match; clauses: number } | null {
  const D = weights.decide;
  const perClause = clauseTops
    .map((ms) => ms.filter((m) => m.item.level.tier === 4 && m.score >= D.acrossFloor).sort((a, b) => b.score - a.score)[0])
    .filter((m): m is Match => m !== undefined);
  if (perClause.length < 2) return null;
  const total = perClause.reduce((s, m) => s + m.score, 0);
  if (total < D.acrossTotal) return null;
  const strongest = perClause.reduce((a, b) => (b.score > a.score ? b : a));
  return { match: { ...strongest, score: Math.max(strongest.score, D.confident) }, clauses: perClause.length };
}

function betweenOf(higher: Match, chosen: Match | null): Between {
  const decider = chosen?.item.decider ?? `Would "${higher.item.indicator.text}" describe it better?`;
  return { higher: higher.item.level, decider, indicator: higher.item.indicator.id };
}

/** For authorities without a grid: does the question describe significant harm? The net, then the grids. */
export function describesSignificantHarm(indexes: PackIndex[], question: string): { harm: boolean; danger: boolean; families: NetHit[] } {
  const age = childAge(question);
  const net = harmFamilies(question, age);
  const danger = immediateDanger(question, age) || net.some((h) => h.immediate);
  if (danger || net.length > 0) return { harm: true, danger, families: net };
  for (const index of indexes) {
    const d = decide(index, question);
    const strongest = d.matches[0];
    if (strongest && strongest.item.level.tier === 4 && strongest.score >= weights.decide.confident * 1.2)
      return { harm: true, danger: d.immediateDanger || (strongest.concepts.some(isSerious) && saysNowAnywhere(question)), families: net };
  }
  return { harm: false, danger, families: net };
}

export const levelsByTier = (pack: Pack) => [...pack.levels].sort((a, b) => a.tier - b.tier);
