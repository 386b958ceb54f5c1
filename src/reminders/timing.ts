import { TZDate } from "@date-fns/tz";
import { addDays, isWorkingDay, londonInstant, londonYmd, workingDayOnOrBefore, workingDaysBefore, type Ymd } from "./calendar.js";

/**
 * When reminders go out. Default sends are at 09:00 London on a working day; nothing goes out
 * outside 08:00–18:00 on a working day unless the deadline itself comes sooner.
 */
export const SEND_HOUR = 9;
export const WINDOW = { fromHour: 8, toHour: 18 } as const;

export const Choice = ["2wd", "1wd", "day"] as const;
export type Choice = (typeof Choice)[number];
export type ReminderKind = Choice | "custom" | "digest";

export const CHOICE_LABELS: Record<ReminderKind, string> = {
  "2wd": "2 working days before",
  "1wd": "1 working day before",
  day: "On the day",
  custom: "At a time you chose",
  digest: "Weekly digest",
};

const WORKING_DAYS_BEFORE: Record<Choice, number> = { "2wd": 2, "1wd": 1, day: 0 };

export interface Due {
  /** The London day the deadline falls on. */
  day: Ymd;
  /** The last instant the deadline is still open: the end of the day, or the hour for hour rules. */
  at: Date;
  /** Set for hour rules ("within 24 hours"). */
  time?: string;
}

/** "2027-01-13" or an ISO date-time with an offset ("2027-01-13T14:00:00+00:00"). */
export function parseDue(text: string): Due | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return null;
    return { day: text, at: londonInstant(addDays(text, 1), 0, 0) };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return null;
  const london = new TZDate(at.getTime(), "Europe/London");
  const time = `${String(london.getHours()).padStart(2, "0")}:${String(london.getMinutes()).padStart(2, "0")}`;
  return { day: londonYmd(at), at, time };
}

const londonHour = (t: Date) => {
  const d = new TZDate(t.getTime(), "Europe/London");
  return d.getHours() + d.getMinutes() / 60;
};

/** True when a send at this instant respects the working-day window. */
export function inWindow(t: Date): boolean {
  const h = londonHour(t);
  return isWorkingDay(londonYmd(t)) && h >= WINDOW.fromHour && h < WINDOW.toHour;
}

/** The first instant at or after `t` inside the window. */
export function nextWindowOpening(t: Date): Date {
  if (inWindow(t)) return t;
  let day = londonYmd(t);
  if (isWorkingDay(day) && londonHour(t) < WINDOW.fromHour) return londonInstant(day, WINDOW.fromHour, 0);
  do day = addDays(day, 1);
  while (!isWorkingDay(day));
  return londonInstant(day, WINDOW.fromHour, 0);
}

/** The last instant at or before `t` inside the window (a reminder may come early, never late). */
function lastWindowMomentBefore(t: Date): Date {
  if (inWindow(t)) return t;
  let day = londonYmd(t);
  if (isWorkingDay(day) && londonHour(t) >= WINDOW.toHour) return londonInstant(day, WINDOW.toHour - 1, 0);
  do day = addDays(day, -1);
  while (!isWorkingDay(day));
  return londonInstant(day, WINDOW.toHour - 1, 0);
}

export type Planned = { kind: ReminderKind; sendAt: Date } | { kind: ReminderKind; refused: string };

/** A default choice: 09:00 on the working day N before the due day (a non-working due day counts from the working day before). */
export function planChoice(choice: Choice, due: Due, now: Date): Planned {
  const anchor = workingDayOnOrBefore(due.day);
  const n = WORKING_DAYS_BEFORE[choice];
  let sendAt = londonInstant(n === 0 ? anchor : workingDaysBefore(anchor, n), SEND_HOUR, 0);
  // An hour deadline earlier than 09:00 on its day: remind when the window opens that day, or at once if that is too late.
  if (sendAt >= due.at) sendAt = soonest(now, due);
  if (sendAt <= now) {
    if (choice !== "day") return { kind: choice, refused: "that time has already passed" };
    sendAt = soonest(now, due);
  }
  return due.at <= now ? { kind: choice, refused: "the deadline has passed" } : { kind: choice, sendAt };
}

/** A custom time, moved into the window (earlier rather than later) unless the deadline comes first. */
export function planCustom(requested: Date, due: Due, now: Date): Planned {
  if (due.at <= now) return { kind: "custom", refused: "the deadline has passed" };
  if (requested <= now) return { kind: "custom", refused: "that time has already passed" };
  if (requested >= due.at) return { kind: "custom", refused: "that time is after the deadline" };
  const moved = lastWindowMomentBefore(requested);
  return { kind: "custom", sendAt: moved > now ? moved : requested };
}

/** As soon as the window allows, or right away when the deadline comes before the window opens. */
export function soonest(now: Date, due: Due): Date {
  const opening = nextWindowOpening(now);
  return opening < due.at ? opening : now;
}

/** "2027-01-13T10:30" in London → instant. */
export function parseLondonDateTime(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const [h, m] = time.split(":").map(Number) as [number, number];
  if (h > 23 || m > 59) return null;
  return londonInstant(date, h, m);
}

/** Monday 09:00 of the coming week (a bank-holiday Monday moves to the next working day). */
export function nextDigestTime(now: Date): Date {
  let day = londonYmd(now);
  for (;;) {
    day = addDays(day, 1);
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1) break;
  }
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return londonInstant(day, SEND_HOUR, 0);
}
