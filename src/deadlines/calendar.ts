import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { addMonths as addCalendarMonths } from "date-fns/addMonths";
import type HolidaysClass from "date-holidays";
import { z } from "zod";

/**
 * England and Wales working days. Days are handled as "YYYY-MM-DD" strings and computed in UTC
 * arithmetic on those calendar dates, so no result depends on the process's time zone.
 */
export type Ymd = string;

const require = createRequire(import.meta.url);

/**
 * The bank holidays come from date-holidays, which holds every country's rules and takes a large
 * share of start-up time and memory. So `npm run build` writes the years deadlines are counted in
 * to a table beside the compiled code (BANK_HOLIDAYS_FILE), from the installed date-holidays, and
 * the running bot reads that; a year outside it, a table written by another version of
 * date-holidays, or no table (the sources run with tsx) loads the library as before.
 */
export const BANK_HOLIDAYS_FILE = fileURLToPath(new URL("./bank-holidays.json", import.meta.url));
export const BANK_HOLIDAY_YEARS = { from: 2000, to: 2105 } as const;
const BankHolidayTable = z.object({
  source: z.string(),
  years: z.record(z.string().regex(/^\d{4}$/), z.array(z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string()]))),
});
export type BankHolidayTable = z.infer<typeof BankHolidayTable>;

/** Which rules the table was made from: a table made by another version of the library is not used. */
export const bankHolidaySource = () => `date-holidays ${(JSON.parse(readFileSync(require.resolve("date-holidays/package.json"), "utf8")) as { version: string }).version} GB-ENG public`;

let library: HolidaysClass | null = null;
function live(year: number): [Ymd, string][] {
  // 'GB' alone omits the summer bank holiday and unknown regions fall back silently: name ENG.
  library ??= new (require("date-holidays") as typeof HolidaysClass)("GB", "ENG");
  return library.getHolidays(year).filter((h) => h.type === "public").map((h) => [h.date.slice(0, 10), h.name]);
}

/** The table `npm run build` writes: every year of BANK_HOLIDAY_YEARS, straight from the library. */
export function bankHolidayTable(): BankHolidayTable {
  const years: BankHolidayTable["years"] = {};
  for (let y = BANK_HOLIDAY_YEARS.from; y <= BANK_HOLIDAY_YEARS.to; y++) years[String(y)] = live(y);
  return { source: bankHolidaySource(), years };
}

/** The written table's years, when it is there, in its form and made from the installed library; otherwise null. */
export function readBankHolidayTable(file = BANK_HOLIDAYS_FILE): BankHolidayTable["years"] | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = BankHolidayTable.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success && parsed.data.source === bankHolidaySource() ? parsed.data.years : null;
  } catch {
    return null;
  }
}

let table: BankHolidayTable["years"] | null | undefined;
const precomputed = () => (table === undefined ? (table = readBankHolidayTable()) : table);

const byYear = new Map<number, Map<Ymd, string>>();

function bankHolidays(year: number): Map<Ymd, string> {
  const hit = byYear.get(year);
  if (hit) return hit;
  const map = new Map<Ymd, string>();
  for (const [ymd, name] of precomputed()?.[String(year)] ?? live(year)) map.set(ymd, name);
  byYear.set(year, map);
  return map;
}

export const toDate = (ymd: Ymd) => new Date(`${ymd}T00:00:00Z`);
export const toYmd = (d: Date): Ymd => d.toISOString().slice(0, 10);
export const addDays = (ymd: Ymd, n: number): Ymd => toYmd(new Date(toDate(ymd).getTime() + n * 86_400_000));
export const weekday = (ymd: Ymd) => toDate(ymd).getUTCDay();

/** The bank holiday on this day, by name ("Boxing Day (substitute day)"), if any. */
export const bankHoliday = (ymd: Ymd): string | undefined => bankHolidays(Number(ymd.slice(0, 4))).get(ymd);
export const isWeekend = (ymd: Ymd) => weekday(ymd) === 0 || weekday(ymd) === 6;
export const isWorkingDay = (ymd: Ymd) => !isWeekend(ymd) && bankHoliday(ymd) === undefined;

export interface Skipped {
  date: Ymd;
  name: string;
}

/**
 * The Nth working day after `from` (day 0), or before it with a negative n. A start on a weekend
 * or bank holiday simply counts from the next working day. Bank holidays passed over are listed.
 */
export function addWorkingDays(from: Ymd, n: number): { due: Ymd; skipped: Skipped[] } {
  const step = n >= 0 ? 1 : -1;
  let day = from;
  let left = Math.abs(n);
  const skipped: Skipped[] = [];
  while (left > 0) {
    day = addDays(day, step);
    if (isWorkingDay(day)) left--;
    else if (!isWeekend(day)) {
      // Only a bank holiday on a weekday costs a working day (Boxing Day on a Saturday does not).
      const name = bankHoliday(day);
      if (name) skipped.push({ date: day, name });
    }
  }
  return { due: day, skipped };
}

/** The working day on or before a date: where a reminder for a non-working day goes. */
export function workingDayOnOrBefore(ymd: Ymd): Ymd {
  let day = ymd;
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

export const workingDaysBefore = (ymd: Ymd, n: number) => addWorkingDays(ymd, -n).due;

/** Calendar months with end-of-month clamping (date-fns): 31 January + 1 month = 28 (or 29) February. */
export function addMonths(ymd: Ymd, n: number): Ymd {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  // A local calendar date in, its local calendar fields out: no time zone can shift the day.
  const due = addCalendarMonths(new Date(y, m - 1, d), n);
  return `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, "0")}-${String(due.getDate()).padStart(2, "0")}`;
}

/** Bank holidays strictly between two days (for calendar-day rules, shown for information). */
export function holidaysBetween(from: Ymd, to: Ymd): Skipped[] {
  const out: Skipped[] = [];
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const name = isWeekend(d) ? undefined : bankHoliday(d);
    if (name) out.push({ date: d, name });
  }
  return out;
}

// An impossible date ("45/13") makes an invalid Date, which toISOString would throw on.
export const isValidYmd = (ymd: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return false;
  const d = toDate(ymd);
  return !Number.isNaN(d.getTime()) && toYmd(d) === ymd;
};

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "Wednesday 13 January 2027". */
export const longDate = (ymd: Ymd) => `${WEEKDAYS[weekday(ymd)]} ${Number(ymd.slice(8, 10))} ${MONTHS[Number(ymd.slice(5, 7)) - 1]} ${ymd.slice(0, 4)}`;
