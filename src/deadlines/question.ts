import { createRequire } from "node:module";
import type * as ChronoEn from "chrono-node/en";
import { stemmer } from "stemmer";
import { z } from "zod";
import type { DeadlineWording, Pack, Timescale, UnstatedRule } from "../knowledge/index.js";
import { addDays, isValidYmd, type Ymd } from "./calendar.js";
import { londonYmd } from "./london.js";
import type { Start } from "./rules.js";
import eventsJson from "./events.json" with { type: "json" };
import { escapeRegExp, familyStemmer, phraseRegExp } from "../contract/text.js";

const Events = z.object({
  $comment: z.string().optional(),
  cues: z.array(z.string()),
  strongCues: z.array(z.string()),
  events: z.record(z.string(), z.array(z.string())),
  abbreviations: z.record(z.string(), z.string()),
  stopWords: z.array(z.string()),
  nextWords: z.array(z.string()),
  pastWords: z.array(z.string()),
  latestWords: z.array(z.string()),
  unitWords: z.record(z.string(), z.array(z.string())),
  dateWords: z.record(z.string(), z.string()),
});
const vocab = Events.parse(eventsJson);
/** Named days ("christmas eve 2026") as the dates they are, longest name first. */
const DATE_WORDS = Object.entries(vocab.dateWords)
  .sort((a, b) => b[0].length - a[0].length)
  .map(([name, date]) => ({ re: new RegExp(`\\b${escapeRegExp(name)}\\b`, "gi"), date }));
/** A phrase's whole-word pattern, compiled once. */
const phrase = phraseRegExp;
const cueRes = vocab.cues.map(phrase);

const strongRes = vocab.strongCues.map(phrase);

/**
 * Does the question ask for a date? With a date in it, any cue will do ("when", "by"); without
 * one, only words that can mean nothing but a deadline ("due", "deadline", "by when"), so that
 * "when's the first review and who chairs it?" stays a procedure question.
 */
export const asksForDeadline = (text: string, hasDate: boolean) => {
  // "who has to be in the strat", "what must be included": the cue asks for a person or a thing, not a time.
  const asked = text
    .replace(/\b(?:who|whom|where|what|which)\s+(?:else\s+)?(?=(?:has|have|must|should|needs?)\b)\w+(?:\s+to)?\s+be\b/g, " ")
    // "when she was little", "when he came home": "when" opening a part of the story, not asking for a time.
    .replace(/\bwhen\s+(?:she|he|they|i|we|it|mum|dad)\s+(?:was|were|is|are|got|had|came|went|did|left|moved|told|said|saw|started|stopped|arrived)\b/g, " ")
    // "grabbed him by the arm", "seen by her GP": "by" before a person or a thing, not before a time ("by the 5th", "by the end of").
    .replace(/\bby\s+(?:the|a|an|his|her|him|them|their|my|our|your|its|mum|dad|police)\b(?!\s+(?:\d|end|latest|time|date|deadline|weekend|close|start|middle|next|first|last|same)\b)/g, " ");
  return (hasDate ? cueRes : strongRes).some((re) => re.test(asked));
};

export type DateReading =
  | {
      ok: true;
      start: Start;
      /** Where the date is in `read` (the text as read, two-digit years spelt out), to tell the trigger clause from the question. */
      at?: { index: number; length: number };
      read?: string;
    }
  | { ok: false; reason: "none" | "impossible" | "out-of-range"; text?: string };

const MONTH_YY = /\b(\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? )(\d{2})\b(?![:.]\d)/gi;
const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b/;
const BARE_ORDINAL = /\b(?:on |the )+(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[a-z]{3})/i;
const RELATIVE = /\b(today|yesterday|tonight|ago|now|this morning|this afternoon|after|in \d+)\b/i;
const pastRes = vocab.pastWords.map(phrase);
const latestRes = vocab.latestWords.map(phrase);

/** Does the question ask for the far end of a rule's range ("10-15 working days - whats the latest completion date?")? */
export const asksForLatest = (text: string) => latestRes.some((re) => re.test(text));

type ChronoResult = ReturnType<typeof ChronoEn.GB.parse>[number];

/** The date parser is loaded by the first question that needs a date read, not at start. */
let chrono: typeof ChronoEn | null = null;
const chronoEn = () => (chrono ??= createRequire(import.meta.url)("chrono-node/en") as typeof ChronoEn);

/** The one date the question gives as its trigger: a calendar date beats a weekday or "today", which beat "after 12 weeks" or "now". */
const CALENDAR = /\d{1,2}[/.-]\d{1,2}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
const DAYWORD = /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(today|yesterday|tonight)\b/i;
// "started jan 27", "since March 2026": a month names when something began, not a day a clock can start from.
const monthOnly = (r: ChronoResult) => r.start.isCertain("month") && !r.start.isCertain("day") && !r.start.isCertain("weekday");

function pickResult(results: ChronoResult[], text: string): ChronoResult | undefined {
  // "going since 2024, last visit 17 Nov 2026": how long something has run is not the event that starts the clock.
  const since = (r: ChronoResult) => /\bsince\s+(?:in\s+)?$/i.test(text.slice(Math.max(0, r.index - 12), r.index));
  const ordered = [...results.filter((r) => !since(r)), ...results.filter(since)];
  // "confirmed at 20 weeks", "for 3 days" give a length, not a date: with no date or day named, the question gives none.
  const length = (r: ChronoResult) =>
    (/\b\d+\s*(?:weeks?|wks?|days?|months?|years?)\b/i.test(r.text) || /^\s*(?:weeks?|wks?|days?|months?|years?|yrs?|yo)\b/i.test(text.slice(r.index + r.text.length))) &&
    !/\bago\b/i.test(`${r.text}${text.slice(r.index + r.text.length, r.index + r.text.length + 12)}`);
  return (
    ordered.filter((r) => !monthOnly(r)).find((r) => CALENDAR.test(r.text) && !RELATIVE.test(r.text)) ??
    ordered.find((r) => DAYWORD.test(r.text)) ??
    ordered.find((r) => !/\bnow\b/i.test(r.text) && !length(r) && !monthOnly(r))
  );
}

/** The date (and time) the question gives, read the British way, relative to `now` in London. */
export function readDate(input: string, now: Date, others?: Extract<DateReading, { ok: true }>[]): DateReading {
  // "watched 24/7" is round the clock, not the 24th of July.
  // "18 Mar 27": a two-digit year after a month name is a year, not the 27th or a range.
  // " - " between clauses is a dash, not "minus" ("18 Mar 2027 - 45 day maximum" is not 45 days before).
  // "5.5.27" is the 5th of May 2027, as "5/5/27" is; "christmas eve 2026" is the 24th of December 2026.
  let named = input;
  for (const { re, date } of DATE_WORDS) named = named.replace(re, date);
  const text = named
    .replace(/\b24 ?\/ ?7\b/g, "     ")
    .replace(/\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b(?!\.\d)/g, "$1/$2/$3")
    .replace(/ [-–—] /g, " ; ").replace(MONTH_YY, (_m, dm: string, yy: string) => `${dm}20${yy}`);
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    const [, d, m, y] = numeric;
    const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
    const ymd = `${year}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
    if (!isValidYmd(ymd)) return { ok: false, reason: "impossible", text: numeric[0] };
  }
  const results = chronoEn().GB.parse(text, { instant: now, timezone: "Europe/London" } as never, { forwardDate: false });
  const first = pickResult(results, text);
  const today = londonYmd(now);
  if (others) for (const r of results) if (r !== first && CALENDAR.test(r.text) && !RELATIVE.test(r.text) && !monthOnly(r)) {
    const reading = fromResult(r, text, today);
    if (reading.ok) others.push(reading);
  }
  if (!first) {
    // "strat on the 3rd": a day of this month, or of last month when that day is still to come.
    const ord = BARE_ORDINAL.exec(text);
    if (!ord) return { ok: false, reason: "none" };
    let ymd = `${today.slice(0, 8)}${ord[1]!.padStart(2, "0")}`;
    if (ymd > today) ymd = addDays(`${today.slice(0, 8)}01`, -1).slice(0, 8) + ord[1]!.padStart(2, "0");
    if (!isValidYmd(ymd)) return { ok: false, reason: "impossible", text: ord[0] };
    return { ok: true, start: { ymd }, at: { index: ord.index, length: ord[0].length }, read: text };
  }
  return fromResult(first, text, today);
}

/**
 * Every calendar date a question gives, the one it most likely starts the clock from first ("core group met 3 Feb, when
 * must the next be before the review conference on 10 March": either may be the trigger, as the rule asked for decides).
 */
export function readDates(input: string, now: Date): DateReading[] {
  const others: Extract<DateReading, { ok: true }>[] = [];
  const first = readDate(input, now, others);
  return [first, ...others];
}

function fromResult(first: ChronoResult, text: string, today: Ymd): DateReading {
  const s = first.start;
  const ymd = `${s.get("year")}-${String(s.get("month")).padStart(2, "0")}-${String(s.get("day")).padStart(2, "0")}`;
  if (!isValidYmd(ymd)) return { ok: false, reason: "impossible", text: first.text };
  let day: Ymd = ymd;
  // A bare weekday ("on Friday", "Monday just gone") in a deadline question is the day an event
  // happened, so it is the last such day, not the next one.
  if (!s.isCertain("day") && day > today) day = addDays(day, -7);
  // "last core group was 3 March": a day given without its year, said to be past, is in the past.
  if (s.isCertain("day") && !s.isCertain("year") && day > today && pastRes.some((re) => re.test(text.toLowerCase())))
    day = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
  if (!isValidYmd(day)) day = addDays(`${day.slice(0, 7)}-01`, 27);
  const year = Number(day.slice(0, 4));
  if (year < 2000 || year > 2100) return { ok: false, reason: "out-of-range", text: first.text };
  const time = s.isCertain("hour") ? { hour: s.get("hour") ?? 0, minute: s.get("minute") ?? 0 } : undefined;
  return { ok: true, start: { ymd: day, ...(time ? { time } : {}) }, at: { index: first.index, length: first.text.length }, read: text };
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * How long what the question is about has been going at the trigger date, in words a rule's conditions use: "more than a
 * year" for an arrangement "going since 2024" or "in place for 2 years", "first year" for one "since March 2026". Empty
 * when the question says neither.
 */
export function elapsedWords(text: string, trigger: Ymd): string {
  const lower = text.toLowerCase();
  let months: number | undefined;
  // "since March 2026", "started jan 27", "began in Sept 2025".
  // "placed with her friend's family oct 2026": a few words may come between.
  const since = /\b(?:since|started|starting|began|begun|start(?:ed)? in|from|placed|moved in|moved)(?:\s+(?!since|from|in\b)[a-z']+){0,5}?\s+(?:in\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?((?:19|20)\d\d|(?<=[a-z]\.?\s+)\d\d)\b(?![:./]\d)/.exec(lower);
  if (since) {
    const month = since[2] ? MONTH_NAMES.indexOf(since[2]) + 1 : 1;
    const year = since[3]!.length === 2 ? 2000 + Number(since[3]) : Number(since[3]);
    months = (Number(trigger.slice(0, 4)) - year) * 12 + (Number(trigger.slice(5, 7)) - month);
    // A year alone ("since 2024") is somewhere in it: only a whole calendar year or more between says more than a year.
    if (!since[2]) months = (Number(trigger.slice(0, 4)) - year - 1) * 12 + Number(trigger.slice(5, 7));
  }
  const lasted = /\b(?:for|over|about|nearly|almost)\s+(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(years?|months?)\b/.exec(lower);
  if (months === undefined && lasted) {
    const n = /^\d+$/.test(lasted[1]!) ? Number(lasted[1]) : NUMBER_WORDS[lasted[1]!]!;
    months = lasted[2]!.startsWith("year") ? n * 12 : n;
  }
  if (months === undefined || months < 0) return "";
  return months >= 12 ? "more than a year" : "first year";
}

// ---- Reading the words: folding, phrases as token sets, the trigger clause and the question clause.

const abbreviations = Object.entries(vocab.abbreviations)
  .sort((a, b) => b[0].length - a[0].length)
  .map(([from, to]) => ({ re: new RegExp(`(?<![a-z0-9])${escapeRegExp(from)}(?![a-z0-9])`, "g"), to }));
const stop = new Set(vocab.stopWords);

/** Lower case, abbreviations spelt out ("cp conf" → "child protection conference"), punctuation gone. */
export function fold(text: string): string {
  // A question's parts are folded several times over (two readings, its clauses, its amounts): keep the recent ones.
  const hit = folded.get(text);
  if (hit !== undefined) return hit;
  if (folded.size >= 512) folded.clear();
  const out = foldOnce(text);
  folded.set(text, out);
  return out;
}
const folded = new Map<string, string>();

const MONTH = `(?:${MONTH_NAMES.join("|")})[a-z]*\\.?`;
const DAY_ORDINAL_AFTER = new RegExp(`\\b((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?\\s+|the\\s+|${MONTH}\\s+)(\\d{1,2})(?:st|nd|rd|th)\\b`, "g");
const DAY_ORDINAL_BEFORE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)(?=\\s+(?:of\\s+)?${MONTH}(?![a-z]))`, "g");
function foldOnce(text: string): string {
  let s = ` ${text.toLowerCase().replace(/[’‘]/g, "'")} `;
  // What the question says it is not ("last actual visit (not a phone call)") is no evidence of a rule.
  s = s.replace(/\(\s*not\b[^)]*\)/g, " ").replace(/\bnot (?:a|an) [a-z]+(?: (?:call|visit|contact|meeting|review))?\b/g, " ");
  // "standard CIN not disability", "a non-OT case": the word denied is no evidence either (a rule's
  // "should not exceed" is a limit, not a denial).
  s = s.replace(/(?<!\b(?:should|must|shall|will|would|can|could|may|might|need|does|do|did)n?'?t? )\b(?:not|non)[ -]+(?!(?:a|an|the|yet|been|be|later|more|than|to)\b)[a-z]+\b/g, " ");
  s = s.replace(/\b(\d{1,2}) ?(?:yo|y\/o|y\.o\.?|yrs? old|years? old)\b/g, " child aged $1 ");
  // "weds 3rd march", "on the 2nd": a date's ordinal is a day, not the word "third" or "second" of a rule ("third year").
  s = s.replace(DAY_ORDINAL_AFTER, "$1$2").replace(DAY_ORDINAL_BEFORE, "$1");
  // "allocated/started", "CIN/CP": words either side of a slash are words (dates keep theirs).
  s = s.replace(/[^a-z0-9&'/ ]+/g, " ").replace(/(?<=[a-z&])\/(?=[a-z])/g, " ").replace(/'s\b/g, " ").replace(/'/g, "");
  for (const { re, to } of abbreviations) s = s.replace(re, to);
  return s.replace(/\s+/g, " ").trim();
}

const stemCache = new Map<string, string>();
/** Word families joined (closing/closure, complain/complaint), as everywhere a question is read. */
const familyStem = familyStemmer(stemmer);
const stem = (w: string) => {
  let s = stemCache.get(w);
  if (s === undefined) stemCache.set(w, (s = familyStem(w)));
  return s;
};
/** Content tokens of folded text, stemmed. */
const tokens = (folded: string) => folded.split(" ").filter((w) => w && !stop.has(w)).map(stem);

interface Phrase {
  toks: string[];
  weight: number;
}
const phraseCache = new Map<string, Phrase>();
function compile(p: string): Phrase {
  let c = phraseCache.get(p);
  if (!c) {
    const toks = [...new Set(tokens(fold(p)))];
    c = { toks, weight: toks.length ? toks.length + 1 : 0 };
    phraseCache.set(p, c);
  }
  return c;
}

/** Where a phrase's tokens all occur close together (any order) in the segment, or null. */
function find(seg: string[], p: Phrase, used: Set<number>): number[] | null {
  if (!p.toks.length) return null;
  const span = p.toks.length + 3;
  for (let i = 0; i < seg.length; i++) {
    if (used.has(i) || !p.toks.includes(seg[i]!)) continue;
    const at: number[] = [];
    const end = Math.min(seg.length, i + span);
    for (const t of p.toks) {
      let j = -1;
      for (let k = i; k < end; k++)
        if (seg[k] === t && !used.has(k)) {
          j = k;
          break;
        }
      if (j < 0) break;
      at.push(j);
    }
    if (at.length === p.toks.length) return at;
  }
  return null;
}

/**
 * A list of phrases as `evidence` reads it, worked out once per list: compiled, without repeats,
 * longest first. The lists come from the packs, their phrasings and the vocabulary, so they live
 * as long as the knowledge does.
 */
const listCache = new WeakMap<readonly string[], Phrase[]>();
function phraseList(phrases: readonly string[]): Phrase[] {
  let c = listCache.get(phrases);
  if (!c) listCache.set(phrases, (c = [...new Set(phrases)].map(compile).sort((a, b) => b.toks.length - a.toks.length)));
  return c;
}

/** The tokens of a segment as a set: a phrase with a token the segment lacks is never found in it. */
const segSets = new WeakMap<string[], Set<string>>();
function tokenSet(seg: string[]): Set<string> {
  let s = segSets.get(seg);
  if (!s) segSets.set(seg, (s = new Set(seg)));
  return s;
}

/** How much a token tells apart the rules of a pack: words most rules share ("pre-birth", "visit") count less. */
export type TokenWeights = Map<string, number>;
const weightsCache = new WeakMap<object, TokenWeights>();
function tokenWeights(pack: Pack, wording?: DeadlineWording | null): TokenWeights {
  const key = wording ?? pack;
  const cached = weightsCache.get(key);
  if (cached) return cached;
  const df = new Map<string, number>();
  for (const t of pack.timescales) {
    const toks = new Set([...(wording?.rules[t.id]?.asks ?? []), ...t.keywords, t.label].flatMap((p) => compile(p).toks));
    for (const x of toks) df.set(x, (df.get(x) ?? 0) + 1);
  }
  // The document's gaps compete with its rules, so their words are weighed on the same scale.
  for (const u of pack.unstatedRules) for (const x of new Set(u.keywords.flatMap((p) => compile(p).toks))) df.set(x, (df.get(x) ?? 0) + 1);
  const n = Math.max(1, pack.timescales.length);
  const w: TokenWeights = new Map([...df].map(([x, d]) => [x, d <= 2 ? 1.5 : d / n > 0.25 ? 0.3 : d / n > 0.15 ? 0.5 : 1]));
  weightsCache.set(key, w);
  return w;
}
let currentWeights: TokenWeights | null = null;
/** A phrase weighs what its words tell apart, and more for saying them together ("pre-birth assessment" over "pre-birth" and "unborn"). */
const weightOf = (p: Phrase) => (currentWeights ? 0.5 + p.toks.reduce((s, x) => s + (currentWeights!.get(x) ?? 1), 0) * (1 + 0.25 * (p.toks.length - 1)) : p.weight);

/** How much of the segment the phrases cover: longer phrases first, each token counted once. */
function evidence(seg: string[], phrases: readonly string[]): number {
  return evidenceOf(seg, phraseList(phrases));
}

const allIn = (toks: string[], has: Set<string>) => {
  for (const t of toks) if (!has.has(t)) return false;
  return true;
};

function evidenceOf(seg: string[], compiled: Phrase[]): number {
  if (seg.length === 0) return 0;
  const has = tokenSet(seg);
  let used: Set<number> | null = null;
  let score = 0;
  for (const p of compiled) {
    if (!allIn(p.toks, has)) continue;
    used ??= new Set();
    const at = find(seg, p, used);
    if (!at) continue;
    for (const i of at) used.add(i);
    score += weightOf(p);
  }
  return score;
}

const BOUNDARY = /[,;:?!]|\s[-–—]+\s|\s\+\s|(?<![a-z])(?:when|whens|what|whats|how|if|(?<!looked )after|from|since|following|but|so|then|by when)(?![a-z])/g;

/** The clause that holds the date (what happened), and the rest (what the question asks for). */
export function segments(raw: string, at?: { index: number; length: number }): { trigger: string; ask: string } {
  if (!at) return { trigger: "", ask: raw };
  const lower = raw.toLowerCase();
  const cuts = [0, ...[...lower.matchAll(BOUNDARY)].map((m) => m.index)].filter((i) => i <= at.index).sort((a, b) => a - b);
  let begin = cuts.pop() ?? 0;
  // "on a CIN plan since 31 Jan": a clause with no words of its own before the date takes the one before it.
  while (begin > 0 && tokens(fold(raw.slice(begin, at.index).replace(/^\W*(since|from|after|following|if|when)\b/i, ""))).length === 0) begin = cuts.pop() ?? 0;
  const end = at.index + at.length;
  return { trigger: raw.slice(begin, end), ask: `${raw.slice(0, begin)} ${raw.slice(end)}` };
}

// ---- Choosing the rule.

const nextRes = vocab.nextWords.map(phrase);
const UNIT_RE = Object.entries(vocab.unitWords).map(([unit, words]) => ({ unit, re: new RegExp(`\\b(\\d{1,3})\\s*(?:${words.map(escapeRegExp).join("|")})\\b`, "g") }));

/** Amounts the question states with their unit ("35 days", "6 weekly"). */
function statedAmounts(text: string): { amount: number; unit: string }[] {
  const out: { amount: number; unit: string }[] = [];
  for (const { unit, re } of UNIT_RE) for (const m of fold(text).matchAll(re)) out.push({ amount: Number(m[1]), unit });
  return out;
}
const unitFamily = (u: string) => (u.includes("days") ? "days" : u === "gestation-weeks" ? "weeks" : u);

/** The phrases that name an event: the shared vocabulary, and every rule's own "after" phrasings for it (once per pack and wording). */
const eventsCache = new WeakMap<Pack, Map<DeadlineWording | null, Map<string, string[]>>>();
function eventPhrases(pack: Pack, wording?: DeadlineWording | null): Map<string, string[]> {
  let byWording = eventsCache.get(pack);
  if (!byWording) eventsCache.set(pack, (byWording = new Map()));
  let m = byWording.get(wording ?? null);
  if (!m) byWording.set(wording ?? null, (m = eventPhrasesOf(pack, wording)));
  return m;
}

function eventPhrasesOf(pack: Pack, wording?: DeadlineWording | null): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [e, ps] of Object.entries(vocab.events)) m.set(e, [...ps]);
  for (const t of pack.timescales) {
    const after = wording?.rules[t.id]?.after ?? [];
    m.set(t.trigger.event, [...(m.get(t.trigger.event) ?? []), ...after]);
  }
  return m;
}

export interface ReadQuestion {
  trigger: string[];
  ask: string[];
  all: string[];
  next: boolean;
  amounts: { amount: number; unit: string }[];
  hasDate: boolean;
}

const sameTokens = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

export function readParts(text: string, at?: { index: number; length: number }): ReadQuestion {
  const seg = segments(text, at);
  const askTokens = tokens(fold(seg.ask));
  const all = tokens(fold(text));
  return {
    trigger: tokens(fold(seg.trigger)),
    ask: askTokens,
    // Without a date the question clause is the whole question: one list, so that what is read in it is read once.
    all: sameTokens(all, askTokens) ? askTokens : all,
    next: nextRes.some((re) => re.test(fold(seg.ask))),
    amounts: statedAmounts(text),
    hasDate: at !== undefined,
  };
}

/** A rule's phrases as scoreWith reads them: they depend on the rule, its phrasings and the events' phrases only. */
interface RuleWords {
  trigger: Phrase[];
  asks: Phrase[];
  askElsewhere: Phrase[];
  when: Phrase[];
}
const ruleWordsCache = new WeakMap<Map<string, string[]>, Map<Timescale, RuleWords>>();
function ruleWords(t: Timescale, events: Map<string, string[]>, wording?: DeadlineWording | null): RuleWords {
  let byRule = ruleWordsCache.get(events);
  if (!byRule) ruleWordsCache.set(events, (byRule = new Map()));
  let r = byRule.get(t);
  if (r) return r;
  const w = wording?.rules[t.id];
  const triggerPhrases = events.get(t.trigger.event) ?? [];
  const triggerSet = new Set(triggerPhrases.map((p) => p.toLowerCase()));
  // A keyword made only of the starting event's words ("needs assessment" for a rule counted from the EHC needs assessment request) says what started the clock, not what is due.
  const triggerToks = new Set(triggerPhrases.flatMap((p) => compile(p).toks));
  // A keyword that is one of the rule's separating conditions ("child" for a child's complaint) separates neighbours; it does not say what is due.
  const conditions = new Set((w?.when ?? []).map((p) => compile(p).toks.join(" ")));
  const ownWords = [...t.keywords, t.label.replace(/\(.*?\)/g, " ")].filter(
    (k) => !triggerSet.has(k.toLowerCase()) && !compile(k).toks.every((x) => triggerToks.has(x)) && !conditions.has(compile(k).toks.join(" ")),
  );
  const asks = [...(w?.asks ?? []), ...ownWords];
  // Words that also name the starting event ("TAF meeting" for the next TAF meeting) count only where the question asks.
  const askElsewhere = asks.filter((p) => !compile(p).toks.every((x) => triggerToks.has(x)));
  r = { trigger: phraseList(triggerPhrases), asks: phraseList(asks), askElsewhere: phraseList(askElsewhere), when: phraseList(w?.when ?? []) };
  byRule.set(t, r);
  return r;
}

/**
 * The strongest event the question names other than `event` (0 when none): each event's score in
 * the date's clause, or half its score anywhere. The two strongest are found once per question.
 */
const strongestEvents = new WeakMap<Map<string, number>, { first: string | null; best: number; second: number }>();
function otherEvent(eventScores: Map<string, number>, eventScoresAll: Map<string, number> | undefined, event: string): number {
  let top = strongestEvents.get(eventScores);
  if (!top) {
    top = { first: null, best: -Infinity, second: -Infinity };
    for (const e of eventScores.keys()) {
      const v = Math.max(eventScores.get(e) ?? 0, 0.5 * (eventScoresAll?.get(e) ?? 0));
      if (v > top.best) Object.assign(top, { first: e, best: v, second: top.best });
      else if (v > top.second) top.second = v;
    }
    strongestEvents.set(eventScores, top);
  }
  return Math.max(0, top.first === event ? top.second : top.best);
}

/** The starting event's phrases met in the whole question: the same for every rule of that event, so read once per question. */
const triggerRead = new WeakMap<ReadQuestion, Map<Phrase[], number>>();
function triggerEvidence(q: ReadQuestion, phrases: Phrase[]): number {
  let m = triggerRead.get(q);
  if (!m) triggerRead.set(q, (m = new Map()));
  let v = m.get(phrases);
  if (v === undefined) m.set(phrases, (v = evidenceOf(q.all, phrases)));
  return v;
}

/** How strongly the question asks about this rule: what falls due, what started the clock, what separates it from its neighbours. */
function scoreWith(q: ReadQuestion, t: Timescale, events: Map<string, string[]>, eventScores: Map<string, number>, wording?: DeadlineWording | null, eventScoresAll?: Map<string, number>): { total: number; ask: number; when: number } {
  const w = wording?.rules[t.id];
  const words = ruleWords(t, events, wording);
  // What is due is said outside the date's clause; the subject named inside it ("positive steps last visit") counts half.
  const askHere = evidenceOf(q.ask, words.asks);
  // (The same list twice, as without a date, differs from itself by nothing.)
  const ask = q.all === q.ask ? askHere : askHere + 0.5 * Math.max(0, evidenceOf(q.all, words.askElsewhere) - evidenceOf(q.ask, words.askElsewhere));
  let trigger: number;
  let mismatch = 0;
  if (q.hasDate && q.trigger.length) {
    // The event named in the date's clause, or anywhere in the question at half weight ("core group after the birth was …").
    trigger = Math.max(eventScores.get(t.trigger.event) ?? 0, 0.5 * (eventScoresAll?.get(t.trigger.event) ?? 0));
    const other = otherEvent(eventScores, eventScoresAll, t.trigger.event);
    mismatch = Math.max(0, other - trigger) * 0.5;
  } else trigger = triggerEvidence(q, words.trigger) * 0.5;
  // What separates neighbours counts only for a rule the question is already about.
  const when = ask + trigger > 0 ? evidenceOf(q.all, words.when) : 0;
  // A rule for a special case ("OT only", "aged under 5") whose case the question never mentions gives way to the general rule.
  const unmet = w?.when.length && when === 0 ? 1.5 : 0;
  const next = q.next && trigger > 0 && (t.recurring || t.produces) ? 2 : 0;
  const amount = q.amounts.some((a) => (a.amount === t.amount || a.amount === t.amountMax) && t.unit && a.unit === unitFamily(t.unit)) ? 3 : 0;
  return { total: ask + trigger + when + next + amount - mismatch - unmet, ask, when };
}

/** Kept for callers that score one rule against a whole question (no trigger clause). */
export function scoreRule(text: string, t: Timescale, pack?: Pack, wording?: DeadlineWording | null): number {
  const q = readParts(text);
  const events = pack ? eventPhrases(pack, wording) : new Map(Object.entries(vocab.events));
  return scoreWith(q, t, events, new Map(), wording).total;
}

export interface RuleChoice {
  rule?: Timescale;
  unstated?: UnstatedRule;
  score: number;
  candidates: Timescale[];
  /** Rules of the same event that set a different limit (same group in the phrasings), to show beside the choice. */
  siblings: { rule: Timescale; role: string }[];
  role?: string;
  /** Other rules of the same starting event that the question asks for in their own words ("when will they decide whether to assess, and how long till the final plan?"). */
  alsoAsked: Timescale[];
  /** The event the date's clause names best ("strat was 19 April" names the strategy discussion), when it names one. */
  dateEvent?: string;
}

/** The rule a question is about, among the pack's timescales with an amount and its stated gaps. */
export function chooseRule(
  text: string,
  pack: Pack,
  wording?: DeadlineWording | null,
  at?: { index: number; length: number },
  /** Flat word weights keep scores comparable across packs (compare); weighted ones tell one pack's rules apart. */
  weighted = true,
): RuleChoice {
  // One message is read against the same pack's rules several times (the deadline filter, the
  // procedure reader, compare): the choice is kept for the last few questions of each pack and wording.
  const byWording = choiceMemo.get(pack) ?? new Map<DeadlineWording | null, Map<string, RuleChoice>>();
  choiceMemo.set(pack, byWording);
  const memo = byWording.get(wording ?? null) ?? new Map<string, RuleChoice>();
  byWording.set(wording ?? null, memo);
  const key = `${weighted ? 1 : 0}|${at ? `${at.index}:${at.length}` : ""}|${text}`;
  const known = memo.get(key);
  if (known) return known;
  const q = readParts(text, at);
  currentWeights = weighted ? tokenWeights(pack, wording) : null;
  try {
    const choice = choose(q, pack, wording);
    if (memo.size >= CHOICES_KEPT) memo.delete(memo.keys().next().value!);
    memo.set(key, choice);
    return choice;
  } finally {
    currentWeights = null;
  }
}
const CHOICES_KEPT = 32;
/** At most this many other rules of the same event are answered beside the chosen one. */
const ALSO_ASKED = 2;
const choiceMemo = new WeakMap<Pack, Map<DeadlineWording | null, Map<string, RuleChoice>>>();

function choose(q: ReadQuestion, pack: Pack, wording?: DeadlineWording | null): RuleChoice {
  const events = eventPhrases(pack, wording);
  const eventScores = new Map<string, number>();
  const used = new Set(pack.timescales.map((t) => t.trigger.event));
  const eventScoresAll = new Map<string, number>();
  if (q.hasDate)
    for (const [e, ps] of events)
      if (used.has(e)) {
        eventScores.set(e, evidence(q.trigger, ps));
        eventScoresAll.set(e, evidence(q.all, ps));
      }
  let dateEvent: string | undefined;
  for (const [e, s] of eventScores) if (s > 0 && (dateEvent === undefined || s > eventScores.get(dateEvent)!)) dateEvent = e;
  const ranked = pack.timescales
    .filter((t) => t.amount !== null && t.unit)
    .map((t) => ({ t, ...scoreWith(q, t, events, eventScores, wording, eventScoresAll) }))
    .map(({ t, total, ask, when }) => ({ t, s: total, ask, when }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s);
  const unstated = pack.unstatedRules
    .map((u) => ({ u, s: evidence(q.ask, u.keywords) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)[0];
  const best = ranked[0];
  const candidates = ranked.slice(0, 5).map((x) => x.t);
  // A gap the document leaves wins when it explains what is asked for better than the best stated rule.
  // The question is as much a deadline question as its best evidence says (a stated trigger counts too).
  const dated = dateEvent ? { dateEvent } : {};
  if (unstated && (!best || unstated.s > best.ask + best.when)) return { unstated: unstated.u, score: Math.max(unstated.s, best?.s ?? 0), candidates, siblings: [], alsoAsked: [], ...dated };
  if (!best) return { score: 0, candidates, siblings: [], alsoAsked: [], ...dated };
  const group = wording?.rules[best.t.id]?.group;
  const siblings = group
    ? pack.timescales
        .filter((t) => t.id !== best.t.id && t.amount !== null && t.unit && wording?.rules[t.id]?.group === group)
        .map((t) => ({ rule: t, role: wording!.rules[t.id]!.role! }))
    : [];
  const role = wording?.rules[best.t.id]?.role;
  // A second thing asked of the same event is asked in that rule's own phrasings, ones the chosen rule does not share.
  const bestAsks = new Set(wording?.rules[best.t.id]?.asks ?? []);
  const alsoAsked = ranked
    .slice(1)
    .filter((x) => x.t.trigger.event === best.t.trigger.event && !siblings.some((s) => s.rule.id === x.t.id))
    .filter((x) => evidence(q.ask, (wording?.rules[x.t.id]?.asks ?? []).filter((p) => !bestAsks.has(p))) > 0)
    .slice(0, ALSO_ASKED)
    .map((x) => x.t);
  return { rule: best.t, score: best.s, candidates, siblings, ...(role ? { role } : {}), alsoAsked, ...dated };
}
