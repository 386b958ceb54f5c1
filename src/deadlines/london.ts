import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import type { Ymd } from "./calendar.js";

const ZONE = "Europe/London";

/** The instant of a wall-clock time in London (clock changes included). */
export const londonInstant = (ymd: Ymd, hour: number, minute: number): Date => {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, minute, 0, ZONE).getTime());
};

/** ISO date-time with its London offset: "2027-03-28T02:30:00+01:00". */
export const londonIso = (instant: Date) => format(new TZDate(instant.getTime(), ZONE), "yyyy-MM-dd'T'HH:mm:ssxxx");

/** The London calendar day of an instant (the last one kept: a turn asks it of the same "now" several times). */
let lastYmd: { ms: number; ymd: Ymd } | null = null;
export const londonYmd = (instant: Date): Ymd => {
  const ms = instant.getTime();
  if (lastYmd?.ms !== ms) lastYmd = { ms, ymd: format(new TZDate(ms, ZONE), "yyyy-MM-dd") };
  return lastYmd.ymd;
};

/** Real elapsed hours: 24 hours across a clock change is still 24 hours. */
export const addHours = (instant: Date, hours: number) => new Date(instant.getTime() + hours * 3_600_000);
