import { type AuthorityId, type Knowledge, type Pack, type Tier } from "../knowledge/index.js";
import { chooseRule } from "../deadlines/question.js";
import { unitWords } from "../deadlines/rules.js";
import type { Resolved } from "./context.js";
import { answerRoutes, baseAnswer, type WithPack } from "./build.js";
import { hasPhrase, memo, nameAt } from "./match.js";
import { intentScores } from "./intent.js";
import { readDocument } from "./procedure.js";
import { quotesOf } from "./passages.js";
import { routeAnswer } from "./route.js";
import type { AnswerInput, CompareRow } from "../contract/answer.js";
import type { Question } from "./text.js";
import { escapeRegExp as escape } from "../contract/text.js";


/** Every authority the question names, in the order it names them. */
export function authoritiesNamedIn(text: string, knowledge: Knowledge): AuthorityId[] {
  const found: { id: AuthorityId; at: number }[] = [];
  for (const [id, pack] of knowledge.packs) {
    const names = [id.replace(/-/g, " "), id, ...(pack ? [pack.name, ...pack.shortNames] : [])];
    let at = -1;
    for (const name of names) {
      const i = nameAt(text, name);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    if (at >= 0) found.push({ id, at });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.id);
}

const EVERY = /\b(?:(?:in|for|across|of|by) (?:each|every|all)(?: (?:four|4))?\s*(?:$|[?.!,;])|(?:each|every|all(?: four| 4| the)?)\s+(?:authorit(?:y|ies)|areas?|las?|councils?)\b|all four\b|all 4\b)/;

/** The authorities a compare question is about, or null when it is not one. */
export function compareTargets(q: Question, knowledge: Knowledge): AuthorityId[] | null {
  const named = authoritiesNamedIn(q.text, knowledge);
  if (named.length >= 2) return named;
  if (EVERY.test(q.text)) return [...knowledge.packs.keys()];
  return null;
}

/** A global pattern is stateful (lastIndex), but String.replace resets it: it can be shared. */
const namesGlobal = memo((name: string) => new RegExp(`(?:^|(?<=[^a-z0-9]))${escape(name.toLowerCase())}(?=$|[^a-z0-9])`, "g"), 1_000);

/** The question with the authorities' names taken out, so each authority reads the same question. */
function withoutNames(text: string, knowledge: Knowledge): string {
  let out = text;
  for (const pack of knowledge.packs.values())
    for (const name of [pack.name, ...pack.shortNames, pack.id.replace(/-/g, " ")].sort((a, b) => b.length - a.length))
      out = out.replace(namesGlobal(name), " ");
  return out.replace(EVERY, " ").replace(/\b(vs\.?|versus|compare|and|or|in)\b(?=\s*(?:[?,.]|$))/g, " ").replace(/\s+/g, " ").trim();
}

const LEVEL_WORDS: [RegExp, Tier][] = [
  [/\b(?:level|tier) ?1\b|\buniversal\b/, 1],
  [/\b(?:level|tier) ?2\b|\badditional\b|\bearly help\b/, 2],
  [/\b(?:level|tier) ?3\b|\bintensive\b|\btargeted\b/, 3],
  [/\b(?:level|tier) ?4\b|\bspecialist\b|\bstatutory\b/, 4],
];

/** Which common tier a "define level 3 / intensive" question is about, if it is one. */
function definitionTier(text: string): Tier | null {
  if (!/\b(defin\w*|mean|means|described?|what is|what's|whats|criteria|level|tier)\b/.test(text)) return null;
  for (const [re, tier] of LEVEL_WORDS) if (re.test(text)) return tier;
  return null;
}

function row(pack: Pack, answer: string, source: string, section: string, gap = false): CompareRow {
  return { authority: pack.id, authorityName: pack.name, answer, source, section, gap };
}

function levelRow(pack: Pack, tier: Tier): CompareRow {
  const level = pack.levels.find((l) => l.tier === tier);
  if (!level) return row(pack, `Not stated: the ${pack.source.title} has no level at tier ${tier}.`, "", "", true);
  return row(pack, `${level.name}: ${level.definition.quote}`, level.definition.quote, level.definition.section);
}

function deadlineRow(pack: Pack, text: string, bar: number): CompareRow | null {
  // Flat weights: the scores of different authorities' rules are compared with each other below.
  const choice = chooseRule(text, pack, null, undefined, false);
  // A rule that meets the question much less well than another authority's is a neighbouring rule, not this one.
  if (choice.score < Math.max(3, bar)) return null;
  if (choice.unstated) return row(pack, `Not stated: ${choice.unstated.statement}`, "", "", true);
  const t = choice.rule!;
  const amount = `${t.amount}${t.amountMax ? `-${t.amountMax}` : ""} ${t.unit ? unitWords(t.unit) : ""}`.trim();
  return row(pack, `${t.label}: ${amount} ${t.direction === "before" ? "before" : "from"} ${t.trigger.description}`, t.source.quote, t.source.section);
}

function routeRow(r: WithPack, q: Question): CompareRow {
  const a = routeAnswer(q, r);
  const routes = a?.routes?.length ? a.routes : answerRoutes(r, [r.pack.consultationRoute]);
  const first = routes[0]!;
  const channels = first.channels.map((c) => `${c.value}${c.source === "local" ? ` (configured by ${c.configuredBy ?? "your authority"})` : ""}`);
  if (channels.length === 0) return row(r.pack, `${first.name}: not stated in the ${r.pack.source.title}${first.gap ? ` (${first.gap})` : ""}.`, "", "", true);
  const docChannel = first.channels.find((c) => c.source === "document");
  return row(r.pack, `${first.name}: ${channels.join(", ")}`, docChannel?.quote ?? "", docChannel?.section ?? "");
}

function documentRow(r: WithPack, q: Question): CompareRow {
  const reading = readDocument(q, r);
  if (!reading.strong || !reading.best) return row(r.pack, `Not stated in the ${r.pack.source.title}.`, "", "", true);
  const quote = quotesOf(reading.idx, reading.best, 1)[0]!;
  return row(r.pack, quote.quote, quote.quote, quote.section);
}

/** "ICPC timescale Oldham vs Bracknell", "how do Luton and MK define Level 3?", "who do I call in each?": one row per authority, its own answer and source, gaps as gaps. */
export function compareAnswer(q: Question, r: Resolved, ids: AuthorityId[]): AnswerInput {
  const text = withoutNames(q.text, r.knowledge);
  const sub: Question = { ...q, text, raw: text };
  const tier = definitionTier(text);
  const scores = intentScores(text);
  const packs = ids.map((id) => r.knowledge.packs.get(id)).filter((p): p is Pack => p !== undefined);
  let topic: string;
  let rows: CompareRow[];
  if (tier) {
    topic = `how each defines tier ${tier} of 4`;
    rows = packs.map((p) => levelRow(p, tier));
  } else {
    const best = Math.max(0, ...packs.map((p) => chooseRule(text, p, null, undefined, false).score));
    const deadlineRows = packs.map((p) => deadlineRow(p, text, best * 0.7));
    if (deadlineRows.some((x) => x && !x.gap) && !(scores.route >= 3)) {
      topic = "the timescale each states";
      rows = deadlineRows.map((x, i) => x ?? row(packs[i]!, `Not stated: no timescale for this in the ${packs[i]!.source.title}.`, "", "", true));
    } else if (scores.route >= 2 && scores.route >= scores.procedure) {
      topic = "who to contact in each";
      rows = packs.map((p) => routeRow({ ...r, pack: p }, sub));
    } else {
      topic = "what each document says";
      rows = packs.map((p) => documentRow({ ...r, pack: p }, sub));
    }
  }
  const gaps = rows.filter((x) => x.gap).map((x) => `${x.authorityName}: ${x.answer}`);
  return {
    ...baseAnswer("compare", r, `Compared across ${packs.map((p) => p.name).join(", ")}: ${topic}. Each row is that authority's own document; a gap is shown as a gap.`),
    compare: { topic, rows },
    gaps,
    notes: ["Each authority's answer comes from its own document only: never one authority's fact under another's name."],
  };
}

export const mentionsLevel = (text: string) => LEVEL_WORDS.some(([re]) => re.test(text)) || hasPhrase(text, "level");
