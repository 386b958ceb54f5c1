import type { Pack, Timescale, TimescaleUnit } from "../knowledge/index.js";
import type { AnswerDeadline } from "../contract/answer.js";
import { addDays, addMonths, addWorkingDays, holidaysBetween, longDate, type Skipped, type Ymd } from "./calendar.js";
import { unitPhrase } from "../contract/text.js";
import { addHours, londonInstant, londonIso, londonYmd } from "./london.js";

/** Where the clock starts: a day, and for hour rules a time of day in London. */
export interface Start {
  ymd: Ymd;
  time?: { hour: number; minute: number };
}

export interface Reading {
  due: string;
  /** The London day of `due`, for comparisons and chains. */
  day: Ymd;
  skipped: Skipped[];
}

/** "working days", "days (the document does not say working or calendar days)". */
export const unitWords = (unit: TimescaleUnit) => unitPhrase(unit);

/** One reading of a rule: an amount in a unit, forwards or backwards from the start. */
export function compute(amount: number, unit: TimescaleUnit, start: Start, direction: "after" | "before" = "after"): Reading {
  const sign = direction === "before" ? -1 : 1;
  switch (unit) {
    case "working-days": {
      const { due, skipped } = addWorkingDays(start.ymd, sign * amount);
      return { due, day: due, skipped };
    }
    case "calendar-days":
    case "days-unspecified": {
      const due = addDays(start.ymd, sign * amount);
      return { due, day: due, skipped: [] };
    }
    case "weeks": {
      const due = addDays(start.ymd, sign * 7 * amount);
      return { due, day: due, skipped: [] };
    }
    case "gestation-weeks": {
      // The start is the first day of pregnancy (due date less 40 weeks); week N is N weeks on.
      const due = addDays(start.ymd, 7 * amount);
      return { due, day: due, skipped: [] };
    }
    case "months": {
      const due = addMonths(start.ymd, sign * amount);
      return { due, day: due, skipped: [] };
    }
    case "hours": {
      const from = londonInstant(start.ymd, start.time?.hour ?? 0, start.time?.minute ?? 0);
      const due = addHours(from, sign * amount);
      return { due: londonIso(due), day: londonYmd(due), skipped: [] };
    }
  }
}

const fromString = (start: Start, unit: TimescaleUnit) =>
  unit === "hours" ? londonIso(londonInstant(start.ymd, start.time?.hour ?? 0, start.time?.minute ?? 0)) : start.ymd;

export const CONVENTION =
  "Counting: the trigger day is day 0; working days are Monday to Friday less England and Wales bank holidays, and a trigger on a weekend or bank holiday counts from the next working day; months are calendar months (the 31st becomes the month's last day); weeks are 7 days; hours are real elapsed hours in UK time.";

function alternativesOf(t: Timescale, start: Start, upper = false) {
  const alts: AnswerDeadline["alternatives"] = [];
  const counted = upper && t.amountMax ? t.amountMax : t.amount;
  if (t.unit === "days-unspecified" && counted !== null) {
    const r = compute(counted, "working-days", start, t.direction);
    alts.push({ unit: "working-days", amount: counted, due: r.due, skipped: r.skipped.map((s) => s.date), note: "If read as working days" });
  }
  if (upper && t.amountMax && t.unit && t.amount !== null) {
    const r = compute(t.amount, t.unit, start, t.direction);
    alts.push({ unit: t.unit, amount: t.amount, due: r.due, skipped: r.skipped.map((s) => s.date), note: `Lower end of the range ${t.amount}-${t.amountMax}` });
  }
  if (!upper && t.amountMax && t.unit) {
    const r = compute(t.amountMax, t.unit, start, t.direction);
    alts.push({ unit: t.unit, amount: t.amountMax, due: r.due, skipped: r.skipped.map((s) => s.date), note: `Upper end of the range ${t.amount}-${t.amountMax}` });
  }
  for (const reading of t.readings) {
    const r = compute(reading.amount, reading.unit, start, t.direction);
    alts.push({ unit: reading.unit, amount: reading.amount, due: r.due, skipped: r.skipped.map((s) => s.date), note: reading.note });
    if (reading.unit === "days-unspecified") {
      const w = compute(reading.amount, "working-days", start, t.direction);
      alts.push({ unit: "working-days", amount: reading.amount, due: w.due, skipped: w.skipped.map((s) => s.date), note: `${reading.note} (if read as working days)` });
    }
  }
  // The pack may spell out a reading that is also derived here: show each date once.
  const seen = new Set<string>();
  return alts.filter((a) => {
    const key = `${a.unit}:${a.due}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Dates that follow from this one: the rules whose trigger is the event this rule produces. */
function chainOf(pack: Pack, t: Timescale, reading: Reading, depth = 0): AnswerDeadline["chain"] {
  if (depth > 3) return [];
  const out: AnswerDeadline["chain"] = [];
  const nextRules = pack.timescales.filter((n) => n.id !== t.id && n.amount !== null && n.unit && n.direction === "after" && (n.trigger.event === t.produces || (t.recurring && n.id === t.id)));
  for (const n of nextRules) {
    let from = reading.day;
    const repeats = n.recurring ? 3 : 1;
    for (let i = 0; i < repeats; i++) {
      const r = compute(n.amount!, n.unit!, { ymd: from }, "after");
      out.push({ ruleId: n.id, label: n.recurring ? `${n.label} (${i + 1})` : n.label, due: r.due, ...(n.unit === "days-unspecified" ? { note: "unit not stated: calendar-day reading" } : {}) });
      from = r.day;
    }
    if (!n.recurring) out.push(...chainOf(pack, n, compute(n.amount!, n.unit!, { ymd: reading.day }, "after"), depth + 1));
  }
  if (t.recurring) {
    let from = reading.day;
    for (let i = 0; i < 2; i++) {
      const r = compute(t.amount!, t.unit!, { ymd: from }, t.direction);
      out.push({ ruleId: t.id, label: `${t.label} (then)`, due: r.due });
      from = r.day;
    }
  }
  return out;
}

/**
 * A pack timescale applied to a start: the due date, its rule and source, what it skipped, and what follows. With `upper`,
 * a rule that gives a range ("10-15 working days") is counted to its far end, the near end shown as the alternative.
 */
export function deadlineFor(pack: Pack, t: Timescale, start: Start, today: Ymd, upper = false): AnswerDeadline {
  if (t.amount === null || !t.unit) throw new Error(`timescale ${t.id} has no amount`);
  const far = upper && t.amountMax ? t.amountMax : undefined;
  const amount = far ?? t.amount;
  const reading = compute(amount, t.unit, start, t.direction);
  const skipped = t.unit === "working-days" ? reading.skipped : holidaysBetween(start.ymd, reading.day);
  return {
    ruleId: t.id,
    label: t.label,
    from: fromString(start, t.unit),
    due: reading.due,
    amount,
    unit: t.unit,
    direction: t.direction,
    skipped: t.unit === "working-days" ? skipped.map((s) => s.date) : [],
    skippedDays: skipped,
    source: t.source.quote,
    section: t.source.section,
    overdue: reading.day < today,
    unitCaveat: t.unit === "days-unspecified",
    alternatives: alternativesOf(t, start, far !== undefined),
    chain: chainOf(pack, t, reading),
    convention: CONVENTION,
    ...(t.note ? { note: t.note } : {}),
  };
}

/** "ICPC due Wednesday 13 January 2027 (15 working days from the strategy discussion on Friday 18 December 2026)". */
export function describe(t: Timescale, d: AnswerDeadline): string {
  const due = d.unit === "hours" ? `${longDate(d.due.slice(0, 10))} at ${d.due.slice(11, 16)}` : longDate(d.due);
  const from = d.unit === "hours" ? `${longDate(d.from.slice(0, 10))} at ${d.from.slice(11, 16)}` : longDate(d.from);
  const rel = d.direction === "before" ? "before" : "from";
  const caveat = d.unitCaveat ? ` If the ${d.amount} days are working days: ${longDate(d.alternatives[0]!.due)}.` : "";
  return `${t.label} due ${due} (${d.amount} ${unitWords(d.unit)} ${rel} ${t.trigger.description} on ${from}).${d.overdue ? " This date has passed." : ""}${caveat}`;
}
