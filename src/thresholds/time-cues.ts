import { createRequire } from "node:module";
import type * as ChronoEn from "chrono-node/en";

/** The date parser is loaded by the first question that needs it, not at start. */
let chrono: typeof ChronoEn | null = null;
const chronoEn = () => (chrono ??= createRequire(import.meta.url)("chrono-node/en") as typeof ChronoEn);

export interface NearWindow {
  pastHours: number;
  futureHours: number;
  /** When the question says what time it is ("it's 3.10"), a clock time within this many hours of it is near. */
  clockHours: number;
}

/**
 * Does the text place something a few hours either side of now, counted from now ("half an hour
 * ago", "in 20 mins", "within the hour")? Only moments said relative to now count: a clock time or
 * "at 3" may be an age or another day, and "last night" says when, not that it is still going on.
 */
export function saysNearMoment(text: string, window: NearWindow): boolean {
  if (!/\d|\b(?:an?|half|few|couple|hour|hours|min|mins|minutes?|hrs?)\b/i.test(text)) return false;
  if (nearStatedNow(text, window.clockHours)) return true;
  const ref = new Date(0);
  return chronoEn()
    .GB.parse(text, ref)
    .some((r) => {
      if (!r.tags().has("result/relativeDateAndTime")) return false;
      const hours = (r.start.date().getTime() - ref.getTime()) / 3.6e6;
      return hours >= -window.pastHours && hours <= window.futureHours;
    });
}

// A number followed by a unit ("it's 2 weeks", "at 3 years") is a length or an age, not a clock time.
const UNITS = "years?|yrs?|yo|weeks?|months?|days?|hours?|mins?|minutes?|times?|kg|%";
const notATime = (units: string) => String.raw`(?![\d:/%]|\.\d)(?!\s*(?:${units}))`;
// "it's 3.10", "it is now 2pm", "10:45 now": the asker says what time it is ("it's 3rd" is a date).
const STATED_NOW = new RegExp(
  String.raw`\b(?:it'?s|it is|time is|the time is)\s+(?:now\s+)?(?:about\s+|nearly\s+|almost\s+|just gone\s+|gone\s+)?(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)?${notATime(`${UNITS}|st|nd|rd|th`)}|\b(\d{1,2})[.:](\d{2})\s*(am|pm)?\s+now\b`,
  "i",
);
// "at 3.30", "by 4pm", "at half 3": a clock time the same day.
const CLOCK = new RegExp(String.raw`\b(?:at|by|for|around|until|till)\s+(?:(half|quarter past|quarter to)\s+)?(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)?${notATime(UNITS)}`, "gi");
const minutesOf = (h: number, m: number, half?: string) => {
  let minutes = (h % 12) * 60 + m;
  if (half === "half") minutes += 30;
  else if (half === "quarter past") minutes += 15;
  else if (half === "quarter to") minutes -= 15;
  return minutes;
};
const meridiem = (minutes: number, ampm: string | undefined, h: number) => (ampm?.toLowerCase() === "pm" || (ampm === undefined && h >= 13) ? minutes + 720 : minutes);
/**
 * A clock time said beside the time the asker says it is now ("it's 3.10 … he's going to sort him out at 3.30") is
 * that many minutes away: on the day's clock when both say am or pm, else on a twelve-hour clock either way round,
 * since "at 3" is said without either.
 */
function nearStatedNow(text: string, hours: number): boolean {
  const now = STATED_NOW.exec(text);
  if (!now) return false;
  const [nh, nm, nap] = now[1] !== undefined ? [Number(now[1]), Number(now[2] ?? 0), now[3]] : [Number(now[4]), Number(now[5]), now[6]];
  if (nh > 24 || nm > 59) return false;
  const ref = minutesOf(nh, nm);
  const window = hours * 60;
  for (const m of text.matchAll(CLOCK)) {
    const h = Number(m[2]);
    if (m.index === now.index || h > 24 || Number(m[3] ?? 0) > 59) continue;
    const at = minutesOf(h, Number(m[3] ?? 0), m[1]?.toLowerCase());
    const known = (nap !== undefined || nh >= 13) && (m[4] !== undefined || h >= 13);
    if (known) {
      if (Math.abs(meridiem(at, m[4], h) - meridiem(ref, nap, nh)) <= window) return true;
      continue;
    }
    const ahead = (((at - ref) % 720) + 720) % 720;
    if (ahead <= window || 720 - ahead <= window) return true;
  }
  return false;
}
