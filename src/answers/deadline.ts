import type { AnswerInput } from "../contract/answer.js";
import type { Timescale, UnstatedRule } from "../knowledge/index.js";
import { asksForDeadline, asksForLatest, chooseRule, deadlineFor, describe, elapsedWords, longDate, londonYmd, readDates, unitWords, type DateReading, type Start } from "../deadlines/index.js";
import type { PackHandler } from "./handlers.js";
import { baseAnswer, type WithPack } from "./build.js";
import { askedInQuestion } from "./answer-types.js";
import { documentSays } from "../contract/text.js";

const MIN_RULE_SCORE = 3;
/** A rule named this clearly, with a date, is asked for even without "when", "due" or "by". */
const NO_CUE_RULE_SCORE = 2 * MIN_RULE_SCORE;

function badDate(r: WithPack, reading: Extract<DateReading, { ok: false }>, rule: Timescale | undefined): AnswerInput {
  const what =
    reading.reason === "impossible"
      ? `"${reading.text}" is not a real date.`
      : `${reading.text ? `"${reading.text}" is` : "That date is"} outside the years I can count (2000 to 2100).`;
  return {
    ...baseAnswer("deadline", r, `${what} Please give the date again, for example 18/12/2026.`),
    prompt: "Which date did it happen? Choose the date and the rule below.",
    ruleChoices: rule ? [{ id: rule.id, label: rule.label }] : [],
  };
}

/** A deadline for a known rule and start: the core of both the question form and the CLI. */
export function deadlineAnswerFor(
  r: WithPack,
  rule: Timescale,
  start: Start,
  also: { rule: Timescale; role: string }[] = [],
  role?: string,
  latest = false,
  asked: Timescale[] = [],
  /** Rules the question asks for that count from this rule's due date (notice before the conference it sets). */
  fromDue: Timescale[] = [],
): AnswerInput {
  const today = londonYmd(r.now);
  // "What's the latest date?" for a rule that gives a range is counted to the far end of the range.
  const d = deadlineFor(r.pack, rule, start, today, latest);
  // Rules of the same event that set a different limit (a local ceiling, a statutory maximum): shown too, labelled.
  const others = also.map(({ rule: t, role: otherRole }) => ({ t, role: otherRole, d: deadlineFor(r.pack, t, start, today) }));
  // The other things the question asks of the same start, each counted by its own rule.
  const askedToo = [...asked.map((t) => ({ t, d: deadlineFor(r.pack, t, start, today) })), ...fromDue.map((t) => ({ t, d: deadlineFor(r.pack, t, { ymd: d.due.slice(0, 10) }, today) }))];
  const labelled = (label: string, x?: string) => (x ? `${label} — ${x}` : label);
  const when = (due: string) => (due.length > 10 ? `${longDate(due.slice(0, 10))} at ${due.slice(11, 16)}` : longDate(due));
  return {
    ...baseAnswer("deadline", r, [describe(rule, d), ...askedToo.map(({ t, d: due }) => describe(t, due))].join(" ")),
    deadlines: [
      { ...d, label: labelled(d.label, others.length ? role : undefined) },
      ...others.map((o) => ({ ...o.d, label: labelled(o.d.label, o.role) })),
      ...askedToo.map((x) => x.d),
    ],
    notes: [
      ...(others.length
        ? [`The ${r.pack.source.title} sets more than one limit for this: ${[{ t: rule, role: role ?? "this rule", d }, ...others].map((o) => `${o.role}: ${o.t.amount} ${o.t.unit ? unitWords(o.t.unit) : ""}, due ${when(o.d.due)}`).join("; ")}.`]
        : []),
      ...(d.unitCaveat ? [`The ${r.pack.source.title} says "${rule.source.quote}" without saying working or calendar days: both readings are shown. Check locally before relying on either.`] : []),
      ...(rule.unit === "hours" && !start.time ? ["No time was given, so the count starts at midnight; give the time (e.g. 16:40) for an exact answer."] : []),
    ],
  };
}

/** A timescale the document does not state, said plainly, with nothing borrowed. */
function unstatedAnswer(r: WithPack, unstated: UnstatedRule): AnswerInput {
  return {
    ...baseAnswer("deadline", r, unstated.statement),
    gaps: [`${unstated.statement} I won't give a timescale from another authority or from national guidance as if it were local; ask your MASH or check local procedures.`],
    notes: unstated.said.map(documentSays),
  };
}

/** Deadline questions ("strategy discussion 18 Dec, when is the ICPC due?"); null when not one. */
export const deadlineAnswer: PackHandler = (q, r) => {
  const wording = r.knowledge.deadlineWording?.get(r.pack.id) ?? null;
  // Cheap checks first: most questions name no deadline rule, and reading dates is the slow part.
  // A first look without the date clause (triggers count half): a filter only, the choice comes below.
  const cued = asksForDeadline(q.text, true);
  if (chooseRule(q.text, r.pack, wording).score < (cued ? MIN_RULE_SCORE / 2 : MIN_RULE_SCORE)) return null;
  const readings = readDates(q.raw, r.now);
  if (cued && !asksForDeadline(q.text, readings[0]!.ok || readings[0]!.reason !== "none")) {
    // "How long does the MASH have to make a decision?": a timescale the document does not state is said to be unstated,
    // with a date or without one.
    const c = chooseRule(q.raw, r.pack, wording);
    return c.unstated && c.score >= MIN_RULE_SCORE ? unstatedAnswer(r, c.unstated) : null;
  }
  // With the date found, the clause around it says what started the clock and the rest what is due. Of two dates, a later
  // one is the trigger when what is asked is counted back from it ("core group met 3 Feb, when must the next be before the
  // review conference on 10 March"): the rule read from that date counts "before" and fits at least as well.
  // How long the arrangement has been going ("since 2024") separates a rule for its first year from the one for later years.
  const choose = (reading: DateReading) => {
    const read = reading.ok ? (reading.read ?? q.raw) : q.raw;
    const elapsed = reading.ok ? elapsedWords(read, reading.start.ymd) : "";
    return { reading, choice: chooseRule(elapsed ? `${read} ; ${elapsed}` : read, r.pack, wording, reading.ok ? reading.at : undefined) };
  };
  const [first, ...others] = readings.map(choose);
  const { reading, choice } = others.reduce((best, x) => (x.choice.rule?.direction === "before" && x.choice.score >= best.choice.score ? x : best), first!);
  // Without a word that asks for a date ("core group minutes - meeting was 9/9/27"), a date and a rule named clearly still ask for it.
  // "strat was 2 March, who has to be at the ICPC": a question whose asking clause asks for something else is not asking for the date.
  const asksOther = !cued && askedInQuestion(q.text).some((t) => t !== "time" && t !== "next" && t !== "frequency");
  const needed = !cued ? (reading.ok && !asksOther ? NO_CUE_RULE_SCORE : Infinity) : MIN_RULE_SCORE;
  if (choice.score < needed) return null;
  if (choice.unstated) return unstatedAnswer(r, choice.unstated);
  const rule = choice.rule!;
  if (!reading.ok && reading.reason !== "none") return badDate(r, reading, rule);
  if (!reading.ok)
    return {
      ...baseAnswer("deadline", r, `${rule.label}: ${rule.amount} ${rule.unit ? unitWords(rule.unit) : ""} from ${rule.trigger.description}. Which date did that happen?`),
      prompt: `Give the date of ${rule.trigger.description} and I'll work out the due date.`,
      ruleChoices: [rule, ...choice.siblings.map((s) => s.rule), ...choice.candidates.filter((c) => c.id !== rule.id)]
        .filter((t, i, all) => all.findIndex((x) => x.id === t.id) === i)
        .slice(0, 5)
        .map((t) => ({ id: t.id, label: t.label })),
    };
  // "strat was 19 April, latest ICPC date? and how much notice do agencies get": the rule asked for counts from an event
  // (the conference) that another rule counts from the date given (the strategy discussion): that rule comes first, and the
  // one asked is counted from its date.
  const producer = producerFor(r, rule, choice.dateEvent);
  if (producer) return deadlineAnswerFor(r, producer, reading.start, [], undefined, asksForLatest(q.text), [], [rule]);
  return deadlineAnswerFor(r, rule, reading.start, choice.siblings, choice.role, asksForLatest(q.text), choice.alsoAsked);
};

/** The rule that counts, from the event the date names, to the event the chosen rule counts from; null when the two are the same. */
function producerFor(r: WithPack, rule: Timescale, dateEvent: string | undefined): Timescale | null {
  if (!dateEvent || rule.trigger.event === dateEvent) return null;
  return r.pack.timescales.find((t) => t.produces === rule.trigger.event && t.trigger.event === dateEvent && t.amount !== null && t.unit && t.direction !== "before") ?? null;
}
