import * as chronoEn from "chrono-node/en";
import { z } from "zod";
import type { Pack, Timescale, UnstatedRule } from "../knowledge/index.js";
import { addDays, isValidYmd, type Ymd } from "./calendar.js";
import { londonYmd } from "./london.js";
import type { Start } from "./rules.js";
import eventsJson from "./events.json" with { type: "json" };
import { phraseRegExp } from "../contract/text.js";

const Events = z.object({
  $comment: z.string().optional(),
  cues: z.array(z.string()),
  strongCues: z.array(z.string()),
  events: z.record(z.string(), z.array(z.string())),
});
const vocab = Events.parse(eventsJson);
/** A phrase's whole-word pattern, compiled once. */
const phrase = phraseRegExp;
const cueRes = vocab.cues.map(phrase);

const strongRes = vocab.strongCues.map(phrase);

/**
 * Does the question ask for a date? With a date in it, any cue will do ("when", "by"); without
 * one, only words that can mean nothing but a deadline ("due", "deadline", "by when"), so that
 * "when's the first review and who chairs it?" stays a procedure question.
 */
export const asksForDeadline = (text: string, hasDate: boolean) => (hasDate ? cueRes : strongRes).some((re) => re.test(text));

export type DateReading = { ok: true; start: Start } | { ok: false; reason: "none" | "impossible" | "out-of-range"; text?: string };

const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b/;

/** The date (and time) the question gives, read the British way, relative to `now` in London. */
export function readDate(text: string, now: Date): DateReading {
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    const [, d, m, y] = numeric;
    const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
    const ymd = `${year}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
    if (!isValidYmd(ymd)) return { ok: false, reason: "impossible", text: numeric[0] };
  }
  const results = chronoEn.GB.parse(text, { instant: now, timezone: "Europe/London" } as never, { forwardDate: false });
  const first = results[0];
  if (!first) return { ok: false, reason: "none" };
  const s = first.start;
  const ymd = `${s.get("year")}-${String(s.get("month")).padStart(2, "0")}-${String(s.get("day")).padStart(2, "0")}`;
  if (!isValidYmd(ymd)) return { ok: false, reason: "impossible", text: first.text };
  let day: Ymd = ymd;
  // A bare weekday ("on Friday", "Monday just gone") in a deadline question is the day an event
  // happened, so it is the last such day, not the next one.
  if (!s.isCertain("day") && day > londonYmd(now)) day = addDays(day, -7);
  const year = Number(day.slice(0, 4));
  if (year < 2000 || year > 2100) return { ok: false, reason: "out-of-range", text: first.text };
  const time = s.isCertain("hour") ? { hour: s.get("hour") ?? 0, minute: s.get("minute") ?? 0 } : undefined;
  return { ok: true, start: { ymd: day, ...(time ? { time } : {}) } };
}

const hits = (text: string, phrases: string[]) => phrases.filter((p) => phrase(p).test(text));

/** How strongly the question asks about this rule: what falls due (keywords, label) and what started the clock (its event). */
export function scoreRule(text: string, t: Timescale): number {
  // A keyword that names the starting event ("referral received") says what started the clock, not what is due.
  const triggerPhrases = new Set(vocab.events[t.trigger.event] ?? []);
  const target = hits(text, t.keywords.filter((k) => !triggerPhrases.has(k.toLowerCase()))).reduce((s, k) => s + (k.length > 4 ? 4 : 3), 0);
  const label = phrase(t.label.toLowerCase()).test(text) ? 4 : 0;
  const trigger = hits(text, vocab.events[t.trigger.event] ?? []).reduce((s, p) => Math.max(s, p.length > 6 ? 3 : 2), 0);
  // A question naming the event a rule produces is usually asking about the next one, not this one.
  const producesNamedOnly = t.produces && hits(text, vocab.events[t.produces] ?? []).length > 0 && target === 0 ? -2 : 0;
  return target + label + trigger + producesNamedOnly;
}

export interface RuleChoice {
  rule?: Timescale;
  unstated?: UnstatedRule;
  score: number;
  candidates: Timescale[];
}

/** The rule a question is about, among the pack's timescales with an amount and its stated gaps. */
export function chooseRule(text: string, pack: Pack): RuleChoice {
  const ranked = pack.timescales
    .filter((t) => t.amount !== null && t.unit)
    .map((t) => ({ t, s: scoreRule(text, t) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s);
  const unstated = pack.unstatedRules
    .map((u) => ({ u, s: hits(text, u.keywords).reduce((s, k) => s + (k.length > 4 ? 4 : 3), 0) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)[0];
  const best = ranked[0];
  if (unstated && (!best || unstated.s > best.s)) return { unstated: unstated.u, score: unstated.s, candidates: ranked.slice(0, 5).map((x) => x.t) };
  return { ...(best ? { rule: best.t } : {}), score: best?.s ?? 0, candidates: ranked.slice(0, 5).map((x) => x.t) };
}
