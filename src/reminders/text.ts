import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { UNIT_WORDS } from "../contract/text.js";
import type { Knowledge } from "../knowledge/index.js";
import type { Reminder } from "../store/index.js";
import { parseDue } from "./timing.js";


const london = (t: Date) => new TZDate(t.getTime(), "Europe/London");

/** "Wednesday 13 January", with the year when it is not this year. */
export function dayText(ymd: string, now: Date): string {
  const d = new Date(`${ymd.slice(0, 10)}T12:00:00Z`);
  const sameYear = ymd.slice(0, 4) === format(london(now), "yyyy");
  return format(d, sameYear ? "EEEE d MMMM" : "EEEE d MMMM yyyy");
}

/** "Monday 11 January at 09:00". */
export function instantText(t: Date, now: Date): string {
  return `${dayText(format(london(t), "yyyy-MM-dd"), now)} at ${format(london(t), "HH:mm")}`;
}

/** "Wednesday 13 January" or "Wednesday 13 January at 14:00" for hour rules. */
export function dueText(due: string, now: Date): string {
  const parsed = parseDue(due);
  if (!parsed) return due;
  return parsed.time ? `${dayText(parsed.day, now)} at ${parsed.time}` : dayText(parsed.day, now);
}

/** "(15 working days from the strategy meeting on 18 December)", from the pack's rule; "" when unknown. */
export function ruleDetail(knowledge: Knowledge, r: Pick<Reminder, "authority" | "rule" | "from_day">): string {
  const pack = r.authority ? knowledge.packs.get(r.authority as never) : undefined;
  const rule = pack?.timescales.find((t) => t.id === r.rule);
  if (!rule || rule.amount === null || !rule.unit) return "";
  const { one, many } = UNIT_WORDS[rule.unit];
  const amount = rule.amountMax ? `${rule.amount}–${rule.amountMax} ${many}` : `${rule.amount} ${rule.amount === 1 ? one : many}`;
  const direction = rule.direction === "before" ? "before" : "from";
  // The start is always shortly before the due date, so its day and month say enough.
  const from = r.from_day && /^\d{4}-\d{2}-\d{2}/.test(r.from_day) ? ` on ${format(new Date(`${r.from_day}T12:00:00Z`), "d MMMM")}` : "";
  return `(${amount} ${direction} ${rule.trigger.description}${from})`;
}

/** The reminder's line: "ICPC due Wednesday 13 January (15 working days from the strategy meeting on 18 December)". */
export function reminderLine(knowledge: Knowledge, r: Reminder, now: Date): string {
  const detail = ruleDetail(knowledge, r);
  return `${r.label} due ${dueText(r.due, now)}${detail ? ` ${detail}` : ""}`;
}
