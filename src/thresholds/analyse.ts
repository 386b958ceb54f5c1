import { stemmer } from "stemmer";
import { z } from "zod";
import vocabularyJson from "./vocabulary.json" with { type: "json" };
import { escapeRegExp as escape, uncontracted } from "../contract/text.js";
import { QuestionMemo } from "./question-memo.js";

const Vocabulary = z.object({
  abbreviations: z.record(z.string(), z.string()),
  inCapitalsOnly: z.array(z.string()).describe("Abbreviations that are also everyday words ('send', 'salt', 'ed'): spelt out only when written in capitals."),
  concepts: z.record(z.string(), z.array(z.string().min(1))),
  degree: z.object({ mild: z.array(z.string()), severe: z.array(z.string()) }),
  negation: z.object({
    strongCues: z.array(z.string()),
    weakCues: z.array(z.string()),
    weakWindowWords: z.number().int().min(1),
    negatable: z.array(z.string()),
    negatableWords: z.array(z.string()).describe("Plain words a weak 'no' denies as it denies the negatable concepts ('no other marks'), though the grid's strengths use them too."),
    scopeEnd: z.array(z.string()),
  }),
  immediateDanger: z.object({ now: z.array(z.string()), severe: z.array(z.string()), alone: z.array(z.string()), veryYoungAge: z.number() }),
  stopwords: z.array(z.string()),
  goodFigures: z
    .array(z.object({ concept: z.string(), atLeast: z.number().min(0).max(100) }))
    .describe("A concept said with a percentage at least this high is a strength ('attendance 97%'), not the concern."),
  askerRoles: z.array(z.string().min(2)).describe("Who may introduce themselves at the start of a question ('youth worker - …'): not part of the concern."),
  seriousConcepts: z.array(z.string()),
  accidentConcepts: z.array(z.string()).describe("Concepts of an injury that a witnessed or fitting account of an accident explains."),
  topicOnlyConcepts: z
    .array(z.string())
    .describe("Serious concepts whose name alone ('his drinking', 'domestic abuse', 'missing') says the topic, not how serious it is: a top-level match on one of them and nothing else is weak evidence."),
  gradedTier4Factor: z.number(),
  combinations: z.array(z.object({ $comment: z.string().optional(), all: z.array(z.string()).min(2), adds: z.string() })),
  polarity: z.object({
    positive: z.array(z.string()),
    notPraise: z.array(z.string()).describe("Phrases that hold a word of praise but do not praise ('as well', 'well known to', 'shares a bed')."),
    deficit: z.array(z.string()),
    penaltyNonUniversalWhenPositive: z.number(),
    penaltyUniversalWhenDeficit: z.number(),
  }),
});
export const vocabulary = Vocabulary.parse(vocabularyJson);

/** A phrase as a whole-word pattern; "\b" fails around symbols like "&", so use explicit edges. */

// All abbreviations in one pattern, longest first, so the question is read once.
const capitalsOnly = new Set(vocabulary.inCapitalsOnly.map((a) => a.toLowerCase()));
const abbreviationRe = new RegExp(
  `(?<![a-z0-9])(?:${Object.keys(vocabulary.abbreviations)
    .filter((a) => !capitalsOnly.has(a.toLowerCase()))
    .sort((a, b) => b.length - a.length)
    .map((a) => escape(a.toLowerCase()))
    .join("|")})(?![a-z0-9])`,
  "g",
);
const capitalsRe = new RegExp(`(?<![A-Za-z0-9])(?:${[...capitalsOnly].map((a) => escape(a.toUpperCase())).join("|")})(?![A-Za-z0-9])`, "g");
const abbreviationFull = new Map(Object.entries(vocabulary.abbreviations).map(([a, full]) => [a.toLowerCase(), full]));

interface PhraseTag {
  token: string;
  words: string[];
  startsWithNegation: boolean;
}
const WORD = /[a-z0-9]+(?:['’-][a-z0-9]+)*/g;
const wordsOf = (s: string) => s.toLowerCase().match(WORD) ?? [];
const negationCues = [...vocabulary.negation.strongCues, ...vocabulary.negation.weakCues].map((c) => c.toLowerCase());
const negatable = new Set(vocabulary.negation.negatable.map((c) => `#${c}`));
const negatableWords = new Set(vocabulary.negation.negatableWords);
const tags: PhraseTag[] = [
  ...Object.entries(vocabulary.concepts).flatMap(([id, phrases]) => phrases.map((p) => ({ token: `#${id}`, p }))),
  ...vocabulary.degree.mild.map((p) => ({ token: "#mild", p })),
  ...vocabulary.degree.severe.map((p) => ({ token: "#severe", p })),
].map(({ token, p }) => ({
  token,
  words: wordsOf(p),
  startsWithNegation: negationCues.some((c) => p.toLowerCase() === c || p.toLowerCase().startsWith(`${c} `)),
}));
// Phrases indexed by their first word: a question is scanned once, word by word.
const tagsByFirstWord = new Map<string, PhraseTag[]>();
for (const tag of tags) if (tag.words[0]) tagsByFirstWord.set(tag.words[0], [...(tagsByFirstWord.get(tag.words[0]) ?? []), tag]);
const cueRe = (cues: string[]) => new RegExp(`(?<![a-z0-9'])(?:${cues.map(escape).join("|")})(?![a-z0-9'])`, "g");
const strongRe = cueRe(vocabulary.negation.strongCues);
const weakRe = cueRe(vocabulary.negation.weakCues);
const scopeEndRe = new RegExp(`(?<![a-z0-9])(?:${vocabulary.negation.scopeEnd.map(escape).join("|")})(?![a-z0-9])`, "g");
const stopwords = new Set(vocabulary.stopwords);

/** Lower-case, typographic folding, abbreviations spelt out: the text every matcher reads. */
const folded = new QuestionMemo<string, string>();
export function fold(text: string): string {
  const hit = folded.get(text);
  if (hit !== undefined) return hit;
  const out = foldOnce(text);
  // The same clause is folded by several readers (concepts, negation, who, the net): once per question.
  folded.set(text, out);
  return out;
}

function foldOnce(text: string): string {
  // "SEND" is an abbreviation, "send her home" is not: these are spelt out before the text is lower-cased.
  const spelt = capitalsOnly.size ? text.replace(capitalsRe, (a) => ` ${abbreviationFull.get(a.toLowerCase())} `) : text;
  let t = ` ${spelt.toLowerCase().replace(/[‘’`´]/g, "'").replace(/[–—‐]/g, "-").replace(/\s+/g, " ")} `;
  t = t.replace(/(\d+)\s*(?=(?:yo|y\/o|yrs?|year|month|mo|week|wk|kg|kgs|lbs?)\b)/g, "$1 ");
  t = t.replace(abbreviationRe, (a) => ` ${abbreviationFull.get(a)} `);
  return t.replace(/\s+/g, " ");
}

/**
 * Spans a negation covers. A denial ("no concerns about…", "denies…") covers the rest of its
 * clause; a plain "no"/"not" covers only the next few words, and only concerns that can be denied
 * ("no marks", "not missing"), because deficits are often said negatively ("hasn't got any mates").
 */
const weakWindowRe = new RegExp(`^(?:\\s+[^\\s,;.!?]+){0,${vocabulary.negation.weakWindowWords}}`);

export function negatedSpans(t: string): { strong: [number, number][]; weak: [number, number][] } {
  const strong: [number, number][] = [];
  for (const m of t.matchAll(strongRe)) {
    scopeEndRe.lastIndex = m.index! + m[0].length;
    strong.push([m.index!, scopeEndRe.exec(t)?.index ?? t.length]);
  }
  const weak: [number, number][] = [];
  for (const m of t.matchAll(weakRe)) {
    const after = t.slice(m.index! + m[0].length);
    // A plain "no" reaches the next few words of its own clause, never past a comma or a full stop.
    const words = after.match(weakWindowRe)?.[0] ?? "";
    weak.push([m.index!, m.index! + m[0].length + words.length]);
  }
  return { strong, weak };
}
export const inside = (spans: [number, number][], i: number) => spans.some(([a, b]) => i >= a && i < b);

// A small typo dictionary is learnt from the indicator texts themselves (see index.ts).
// British -ise spellings are read as -ize, which the stemmer folds with their nouns
// ("criticised" meets "criticism", "hospitalised" meets "hospitalization").
const BRITISH_ISE = /(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$/;
const stemmed = new Map<string, string>();
/** A word's stem; the stemmer is the costly part and a practitioner's vocabulary is small, so stems are kept (bounded). */
export const stem = (w: string) => {
  let s = stemmed.get(w);
  if (s === undefined) {
    if (stemmed.size >= 50_000) stemmed.clear();
    stemmed.set(w, (s = stemmer(w.length >= 7 ? w.replace(BRITISH_ISE, "iz$1") : w)));
  }
  return s;
};

export interface Analysis {
  /** Token → weight. Concepts (#…) and stems of content words. */
  tokens: Map<string, number>;
  /** "positive": only good things said; "deficit": a difficulty described; "neutral": neither or both. */
  polarity: "positive" | "deficit" | "neutral";
}

const positiveRe = anyOfLate(vocabulary.polarity.positive);
const deficitRe = anyOfLate(vocabulary.polarity.deficit);
function anyOfLate(list: string[]) {
  return new RegExp(`(?<![a-z0-9])(?:${list.map((p) => p.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![a-z0-9])`);
}
const strongCueList = vocabulary.negation.strongCues.map((c) => c.toLowerCase());
const notPraiseRe = new RegExp(anyOfLate(vocabulary.polarity.notPraise).source, "g");
const contrastRe = /(?<![a-z])(?:but|however|although|though)(?![a-z])/;

function polarityOf(t: string): Analysis["polarity"] {
  // A denial of concerns is itself a good thing to say, so it is taken out before looking for deficits.
  let rest = t;
  for (const cue of strongCueList) if (rest.includes(cue)) rest = rest.split(cue).join(" ");
  const said = t.replace(notPraiseRe, " ");
  // "mum seems fine but dad shouts at the kids": what follows the last "but" is the point.
  const after = said.split(contrastRe).pop()!;
  const positive = positiveRe.test(said) && (after === said || positiveRe.test(after));
  const deficit = deficitRe.test(rest);
  return positive && !deficit ? "positive" : deficit && !positive ? "deficit" : "neutral";
}

const SERIOUS = new Set(vocabulary.seriousConcepts.map((c) => `#${c}`));
/** Is this concept token (#…) one of serious harm (abuse, FGM, weapons…)? */
export const isSerious = (concept: string) => SERIOUS.has(concept);
const TOPIC_ONLY = new Set(vocabulary.topicOnlyConcepts.map((c) => `#${c}`));
const ACCIDENT = new Set(vocabulary.accidentConcepts.map((c) => `#${c}`));
/** Is this concept an injury that an accident can explain? */
export const explainedByAccident = (concept: string) => ACCIDENT.has(concept);
/** Is this concept's name alone no measure of how serious it is (substance misuse, domestic abuse, missing)? */
export const isTopicOnly = (concept: string) => TOPIC_ONLY.has(concept) || !SERIOUS.has(concept);

export const CONCEPT_WEIGHT = 1.6;
export const DEGREE_WEIGHT = 0.6;

/**
 * Concepts, degree words and content-word stems of a piece of text. With `negate`, anything said
 * under a negation ("no concerns about attendance", "denies DV") is dropped, except phrases that
 * carry the negation themselves ("no food in the house", "not walking").
 */
export interface AnalyseOptions {
  negate: boolean;
  correct?: (w: string) => string;
  /** Is this word stem a concern (said far more of needs than of strengths)? A concern under "not" is denied. */
  concern?: (stem: string) => boolean;
}

/**
 * The question's analyses: a question is read whole and clause by clause, and the whole again when it
 * has several clauses, under the same options; kept for that question only. Callers only read what they are given.
 */
const recent = new QuestionMemo<string, { negate: boolean; correct: AnalyseOptions["correct"]; concern: AnalyseOptions["concern"]; result: Analysis }[]>();

export function analyse(text: string, options: AnalyseOptions = { negate: false }): Analysis {
  const same = recent.get(text);
  if (same) for (const r of same) if (r.negate === options.negate && r.correct === options.correct && r.concern === options.concern) return r.result;
  const result = analyseOnce(text, options);
  const entry = { negate: options.negate, correct: options.correct, concern: options.concern, result };
  if (same) same.push(entry);
  else recent.set(text, [entry]);
  return result;
}

function analyseOnce(text: string, options: AnalyseOptions): Analysis {
  // Typos are mended first, so that "unexplaned bruseing" meets the concepts it means.
  const t = options.correct ? fold(text).replace(/[a-z]{5,}/g, (w) => options.correct!(w)) : fold(text);
  const { strong, weak } = options.negate ? negatedSpans(t) : { strong: [], weak: [] };
  const tokens = new Map<string, number>();
  const words = [...t.matchAll(WORD)].map((m) => ({ w: m[0], start: m.index!, end: m.index! + m[0].length }));
  const found: { token: string; from: number; to: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const tag of tagsByFirstWord.get(words[i]!.w) ?? []) {
      if (i + tag.words.length > words.length || !tag.words.every((w, k) => words[i + k]!.w === w)) continue;
      const at = words[i]!.start;
      if (!tag.startsWithNegation && (inside(strong, at) || (negatable.has(tag.token) && inside(weak, at)))) continue;
      found.push({ token: tag.token, from: i, to: i + tag.words.length - 1 });
    }
  }
  // The longest phrase wins where phrases of different concepts overlap: "hits his sister" is
  // behaviour towards others, not the physical harm "hits" alone would mean.
  // Degree words qualify whatever they sit in, so they are never taken over.
  const degreeTag = (token: string) => token === "#mild" || token === "#severe";
  const kept = found.filter(
    (f) => degreeTag(f.token) || !found.some((o) => !degreeTag(o.token) && o.token !== f.token && o.to - o.from > f.to - f.from && o.from <= f.from && o.to >= f.to),
  );
  const covered: [number, number][] = [];
  for (const f of kept) {
    covered.push([words[f.from]!.start, words[f.to]!.end]);
    const w = f.token === "#mild" || f.token === "#severe" ? DEGREE_WEIGHT : CONCEPT_WEIGHT;
    tokens.set(f.token, Math.max(tokens.get(f.token) ?? 0, w));
  }
  // Some concerns are two things said together ("her partner punched her" is domestic abuse).
  for (const combo of vocabulary.combinations)
    if (combo.all.every((id) => tokens.has(`#${id}`))) tokens.set(`#${combo.adds}`, CONCEPT_WEIGHT);
  // Words inside a matched phrase are carried by its concept, so they are not counted twice.
  for (const m of t.matchAll(/[a-z][a-z0-9']*/g)) {
    if (inside(covered, m.index!) || inside(strong, m.index!)) continue;
    const word = uncontracted(m[0]);
    if (word.length < 3 || stopwords.has(word)) continue;
    const s = stem(word);
    // "not caring for anyone" denies a concern; "hasn't got any mates" says one: only concerns are denied.
    if (inside(weak, m.index!) && ((options.concern && options.concern(s)) || (options.negate && negatableWords.has(word)))) continue;
    tokens.set(s, 1);
  }
  let polarity = options.negate ? polarityOf(t) : "neutral";
  // "as well", "well known to police": a word of praise beside a serious concern ("pushes mum",
  // "self harming", "drugs") does not make the clause a strength.
  if (polarity === "positive" && [...tokens.keys()].some(isSerious)) polarity = "neutral";
  const percent = /(\d{2,3}(?:\.\d+)?)\s*%/.exec(t);
  // "attendance 98%": the concept said with a good figure is a strength, not the concern.
  const good = percent ? vocabulary.goodFigures.filter((g) => Number(percent[1]) >= g.atLeast && tokens.has(`#${g.concept}`)) : [];
  for (const g of good) tokens.delete(`#${g.concept}`);
  if (good.length > 0 && options.negate && polarity !== "deficit") polarity = "positive";
  return { tokens, polarity };
}

/** Does the text describe a child in danger right now? */
const anyOf = (list: string[]) => new RegExp(`(?<![a-z0-9])(?:${list.map((p) => escape(p.toLowerCase())).join("|")})(?![a-z0-9])`);
const dangerNow = anyOf(vocabulary.immediateDanger.now);
const dangerSevere = anyOf(vocabulary.immediateDanger.severe);
const dangerAlone = anyOf(vocabulary.immediateDanger.alone);

export function immediateDanger(text: string, age: number | null): boolean {
  const t = fold(text);
  if (!dangerNow.test(t)) return false;
  if (dangerSevere.test(t)) return true;
  return dangerAlone.test(t) && age !== null && age <= vocabulary.immediateDanger.veryYoungAge;
}

const WORD_AGES: [RegExp, number][] = [
  [/\b(newborn|new born|baby|infant|neonate)\b/, 0],
  [/\btoddler\b/, 2],
  [/\b(reception)\b/, 4],
  [/\bnursery\b/, 3],
];

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"];
const N = `(\\d{1,2}|${NUMBER_WORDS.join("|")})`;
const num = (s: string) => (/^\d/.test(s) ? Number(s) : NUMBER_WORDS.indexOf(s));
const NOT_AN_AGE = "(?!\\s*(?:-\\s*)?(?:weeks?|wks?)\\s*(?:pregnant|gestation)|\\s*(?:%|ft|foot|feet|stone|st\\b|kg|cm|mins?|minutes?|hours?|hrs?|times|pounds|quid|p\\b|pm|am|o'?clock))";
const SCHOOL_YEAR = /\b(?:year|yr|y)\s*(\d{1,2})\b(?!\s*(?:old|olds))/g;
/** How each way of saying an age reads, as years: weeks and days are a baby's, months are divided by twelve. */
const AGE_FORMS: [RegExp, (m: RegExpMatchArray) => number][] = [
  [new RegExp(`\\b${N}\\s*(?:-\\s*)?(?:weeks?|wks?|days?)\\s*(?:-\\s*)?olds?\\b`, "g"), () => 0],
  // "baby 6 weeks", "she's 10 weeks", "she is 3 months": a baby's age, said without "old".
  [new RegExp(`\\b(?:baby|babies|newborn|infant|she's|he's|shes|hes|she is|he is|aged?)\\s+(?:is\\s+)?(?:only\\s+|just\\s+)?${N}\\s*(?:weeks?|wks?|days?)\\b(?!\\s*(?:ago|later|pregnant|gestation))`, "g"), () => 0],
  [new RegExp(`\\b${N}\\s*(?:-\\s*)?(?:months?|mths?|mo)\\s*(?:-\\s*)?olds?\\b`, "g"), (m) => Math.floor(num(m[1]!) / 12)],
  [new RegExp(`\\b(?:baby|babies|infant|she's|he's|shes|hes|she is|he is|aged?)\\s+(?:is\\s+)?(?:only\\s+|just\\s+)?${N}\\s*(?:months?|mths?)\\b(?!\\s*(?:ago|later|pregnant))`, "g"), (m) => Math.floor(num(m[1]!) / 12)],
  [new RegExp(`(?<![\\d/.:£$])\\b${N}\\s*(?:-\\s*)?(?:year olds?|years old|year-olds?|y\\/o|yrs old|yrs|yr olds?)\\b`, "g"), (m) => num(m[1]!)],
  [new RegExp(`\\b(?:aged?|age of)\\s*${N}\\b`, "g"), (m) => num(m[1]!)],
  // "the 5 and 8 yo", "aged 3 and 5": the first of two ages said together.
  [/\b(\d{1,2})\s*(?:and|&)\s*\d{1,2}\s*(?:year old|years old|year-old|y\/o|yrs old|yrs)\b/g, (m) => Number(m[1])],
  // "girl (12)", "the kids (4 and 7)": ages in brackets after a child.
  [/\b(?:girl|boy|son|daughter|child|kid|lad|brother|sister|sibling|kids|children|boys|girls|twins|sons|daughters)\s*\((\d{1,2})(?:\s*(?:and|&|,)\s*(\d{1,2}))*\)/g, (m) => Math.min(...m.slice(1).filter(Boolean).map(Number))],
  // "she's 12", "he's only 8": a pronoun's age, when no unit follows.
  [new RegExp(`\\b(?:she's|he's|shes|hes|she is|he is)\\s+(?:only\\s+|just\\s+|nearly\\s+|almost\\s+)?(\\d{1,2})\\b${NOT_AN_AGE}(?![.:/]\\d)`, "g"), (m) => num(m[1]!)],
  [SCHOOL_YEAR, (m) => Number(m[1]) + 5],
  // "turns 3 in march", "just turned 14": an age said by a birthday.
  [new RegExp(`\\b(?:turns|turning|turned)\\s+${N}\\b${NOT_AN_AGE}(?![.:/]\\d)`, "g"), (m) => num(m[1]!)],
];

/**
 * The child's age in years, where the question gives one ("13yo", "aged 9", "yr 10", "6 month old",
 * "girl (12)", "she's 3 months"): the youngest age said, since a question about several children
 * is answered for the one most at risk, and an adult's age (over 18) is not a child's.
 */
const agesSaid = new QuestionMemo<string, number | null>();
export function childAge(text: string): number | null {
  const known = agesSaid.get(text);
  if (known !== undefined) return known;
  const age = childAgeOnce(text);
  agesSaid.set(text, age);
  return age;
}

function childAgeOnce(text: string): number | null {
  const t = fold(text);
  const ages: number[] = [];
  for (const [re, read] of AGE_FORMS) for (const m of t.matchAll(re)) ages.push(read(m));
  const child = ages.filter((a) => a >= 0 && a <= 18);
  if (child.length) return Math.min(...child);
  for (const [re, age] of WORD_AGES) if (re.test(t)) return age;
  return null;
}

/** Every age said as a person's age ("24 yr old", "aged 19", "he's 20"), in years; school years are not ages of a person outside school. */
export function agesIn(text: string): number[] {
  const t = fold(text);
  return AGE_FORMS.filter(([re]) => re !== SCHOOL_YEAR).flatMap(([re, read]) => [...t.matchAll(re)].map(read));
}

const askerRe = new RegExp(
  `^\\s*(?:hi|hello|hiya)?[,!.\\s]*(?:(?:i'?m|i am)\\s+(?:a|an|the)\\s+)?(?:${vocabulary.askerRoles.map(escape).join("|")})(?:\\s+here)?\\s*(?:-|–|:|,)\\s*`,
  "i",
);
/** The question without the asker's introduction: "youth worker - 15yo…" is about the 15-year-old. */
export const withoutAsker = (text: string) => text.replace(askerRe, "");

/** Clauses: a question often lists several concerns; each is matched on its own. */
export function clauses(text: string): string[] {
  return text
    .split(/(?<=[.;!?])\s+|\s+-\s+|,\s*|\s+(?:but|also|plus|and also|as well as|however)\s+/i)
    .map((c) => c.trim())
    .filter((c) => c.length > 2);
}
