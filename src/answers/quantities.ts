import { childAge } from "../thresholds/analyse.js";

/**
 * Reasoning with the numbers a question gives. A sentence of the document often holds only for
 * some children or some cases — "for children aged 5 years and under", "closed within a 3-month
 * period", "beyond the 12-week point" — and a question often says which case it is: "a 3 year old",
 * "closed 6 wks ago", "pregnancy confirmed at 20 weeks". A sentence whose condition the question's
 * number meets answers it; one whose condition it breaks does not, however many words they share.
 * General English forms of a condition only; nothing here is a local fact.
 */

export type QuantityKind = "age" | "elapsed" | "gestation";

/** A condition on one kind of quantity: age in years, time since an event in days, weeks of pregnancy. Bounds inclusive. */
export interface Condition {
  kind: QuantityKind;
  min?: number;
  max?: number;
}

export interface Quantity {
  kind: QuantityKind;
  value: number;
}

const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, "twenty-one": 21, "twenty-five": 25, a: 1, an: 1,
};
const NUM = "(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-one|-five)?)";
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : (WORDS[s] ?? NaN));
const DAYS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };
const unitDays = (u: string) => DAYS[u.replace(/s$/, "").replace(/^wk$/, "week").replace(/^mth$/, "month").replace(/^yr$/, "year")] ?? NaN;
/** Just under or over a bound, for "under 16", "over 3 months". */
const STEP = 0.001;

const re = (s: string) => new RegExp(s, "g");
/** Who an age condition is about: a child, young people, girls; or the words "age", "aged", "year olds". */
const WHO = "(?:child|children|young (?:person|people)|girls?|boys?|babies|baby|person|people|those)";

const SENTENCE_RULES: { re: RegExp; make: (m: RegExpExecArray) => Condition | null }[] = [
  // Ages.
  { re: re(`\\baged? ${NUM}\\s*(?:-|–|to)\\s*${NUM}\\b`), make: (m) => ({ kind: "age", min: num(m[1]!), max: num(m[2]!) }) },
  { re: re(`\\b${NUM} and ${NUM}[- ]years?[- ]olds?\\b`), make: (m) => ({ kind: "age", min: num(m[1]!), max: num(m[2]!) + 1 - STEP }) },
  { re: re(`\\baged ${NUM} years? (?:and|or) (?:under|younger|below)\\b`), make: (m) => ({ kind: "age", max: num(m[1]!) + 1 - STEP }) },
  { re: re(`\\baged ${NUM} years? (?:and|or) (?:over|older|above)\\b`), make: (m) => ({ kind: "age", min: num(m[1]!) }) },
  { re: re(`\\b(?:under|below) the age of ${NUM}\\b`), make: (m) => ({ kind: "age", max: num(m[1]!) - STEP }) },
  { re: re(`\\b${WHO} (?:aged )?(?:under|below) ${NUM}\\b(?! (?:weeks?|days?|months?|hours?))`), make: (m) => ({ kind: "age", max: num(m[1]!) - STEP }) },
  { re: re(`\\((?:or )?under ${NUM}\\b`), make: (m) => ({ kind: "age", max: num(m[1]!) - STEP }) },
  { re: re(`\\b(?:over|above) the age of ${NUM}\\b`), make: (m) => ({ kind: "age", min: num(m[1]!) + STEP }) },
  { re: re(`\\bover ${NUM} years? of age\\b`), make: (m) => ({ kind: "age", min: num(m[1]!) + STEP }) },
  { re: re(`\\b${WHO} aged over ${NUM}\\b`), make: (m) => ({ kind: "age", min: num(m[1]!) + STEP }) },
  { re: re(`\\bup to the age of ${NUM}\\b`), make: (m) => ({ kind: "age", max: num(m[1]!) }) },
  // Time since an event: the length of a period, not a timescale ("within 10 working days" sets a deadline, it is no condition).
  { re: re(`\\bwithin (?:a|the) ${NUM}[- ](months?|weeks?|years?)(?:[- ]period)\\b`), make: (m) => ({ kind: "elapsed", max: num(m[1]!) * unitDays(m[2]!) }) },
  { re: re(`\\b(?:closed|open|ended|finished) (?:for )?(?:over|more than|longer than) ${NUM}[- ](months?|weeks?|years?)\\b`), make: (m) => ({ kind: "elapsed", min: num(m[1]!) * unitDays(m[2]!) + STEP }) },
  { re: re(`\\b(?:closed|open|ended|finished) (?:for )?(?:less|fewer|shorter) than ${NUM}[- ](months?|weeks?|years?)\\b`), make: (m) => ({ kind: "elapsed", max: num(m[1]!) * unitDays(m[2]!) - STEP }) },
  { re: re(`\\bmore than ${NUM} (months?|weeks?|years?) after\\b`), make: (m) => ({ kind: "elapsed", min: num(m[1]!) * unitDays(m[2]!) + STEP }) },
  { re: re(`\\bwithin ${NUM} (months?|weeks?|years?) of (?:the |their |its )?(?:last|closing|closure|previous)\\b`), make: (m) => ({ kind: "elapsed", max: num(m[1]!) * unitDays(m[2]!) }) },
  // Weeks of pregnancy.
  { re: re(`\\b(?:beyond|after|later than|past) the ${NUM}[- ]weeks?(?: point| threshold| scan)?\\b`), make: (m) => ({ kind: "gestation", min: num(m[1]!) + STEP }) },
  { re: re(`\\b(?:earlier than|before|prior to) (?:the )?${NUM}[- ]weeks?\\b(?! (?:of|before|after|from))`), make: (m) => ({ kind: "gestation", max: num(m[1]!) - STEP }) },
];

const conditionCache = new Map<string, Condition[]>();

/** The conditions a sentence of the document sets on an age, a time since an event or a week of pregnancy. */
export function sentenceConditions(sentence: string): Condition[] {
  const hit = conditionCache.get(sentence);
  if (hit) return hit;
  const lower = sentence.toLowerCase().replace(/[’']/g, "'");
  const out: Condition[] = [];
  for (const { re: r, make } of SENTENCE_RULES) {
    r.lastIndex = 0;
    for (let m = r.exec(lower); m; m = r.exec(lower)) {
      const c = make(m);
      if (c && [c.min, c.max].every((x) => x === undefined || Number.isFinite(x))) out.push(c);
    }
  }
  if (conditionCache.size < 20_000) conditionCache.set(sentence, out);
  return out;
}

/** The numbers a question gives: the child's age, how long ago something happened, the week of pregnancy. */
export function questionQuantities(text: string): Quantity[] {
  const lower = text.toLowerCase();
  const out: Quantity[] = [];
  const age = childAge(text);
  // A baby's age in weeks is no age in years for a sentence's condition; an unborn child has none.
  if (age !== null && !/\b(?:unborn|pregnan|weeks? pregnant)/.test(lower)) out.push({ kind: "age", value: age });
  else if (age === null) {
    // "… a health review if they're 3?": a bare number said of the child the question is about, with no unit after it.
    const said = /\b(?:they're|they’re|theyre|they are|the child is|the child's|child is)\s+(\d{1,2})\b(?!\s*(?:weeks?|wks?|days?|months?|mths?|hours?|hrs?|times?|%|am|pm|[:./]\d))/.exec(lower);
    if (said && num(said[1]!) <= 18) out.push({ kind: "age", value: num(said[1]!) });
  }
  const ago = new RegExp(`\\b${NUM}\\s*(days?|wks?|weeks?|mths?|months?|yrs?|years?) ago\\b`).exec(lower);
  const closedFor = new RegExp(`\\bclosed (?:for |about |around )?${NUM}\\s*(days?|wks?|weeks?|mths?|months?|yrs?|years?)\\b`).exec(lower);
  const span = ago ?? closedFor;
  if (span) out.push({ kind: "elapsed", value: num(span[1]!) * unitDays(span[2]!) });
  else if (/\b(?:last|a) (?:week|month)\b.*\b(?:closed|ended)\b|\b(?:closed|ended)\b.*\b(?:last|a) (week|month)(?: ago)?\b/.test(lower))
    out.push({ kind: "elapsed", value: /month/.test(lower) ? 30 : 7 });
  const weeks = new RegExp(`\\b(?:at|around|about|now|confirmed at|booked at|is|she's|shes)\\s+${NUM}\\s*(?:weeks?|wks?)(?: pregnant| gestation)?\\b|\\b${NUM}\\s*(?:weeks?|wks?) pregnant\\b`).exec(lower);
  if (weeks && /\b(?:pregnan|gestation|unborn|pre-?birth|scan|booking|midwife)/.test(lower)) out.push({ kind: "gestation", value: num((weeks[1] ?? weeks[2])!) });
  return out.filter((q) => Number.isFinite(q.value));
}

/** +1 for each kind of condition the question's numbers meet, -1 for each they break; 0 when they say nothing of them. */
export function conditionFit(conditions: readonly Condition[], quantities: readonly Quantity[]): number {
  let fit = 0;
  for (const q of quantities) {
    const own = conditions.filter((c) => c.kind === q.kind);
    if (own.length === 0) continue;
    const meets = own.some((c) => (c.min === undefined || q.value >= c.min) && (c.max === undefined || q.value <= c.max));
    fit += meets ? 1 : -1;
  }
  return fit;
}
