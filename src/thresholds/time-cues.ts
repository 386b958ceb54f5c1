import { createRequire } from "node:module";
import type * as ChronoEn from "chrono-node/en";

/** The date parser is loaded by the first question that needs it, not at start. */
let chrono: typeof ChronoEn | null = null;
const chronoEn = () => (chrono ??= createRequire(import.meta.url)("chrono-node/en") as typeof ChronoEn);

export interface NearWindow {
  pastHours: number;
  futureHours: number;
}

/**
 * Does the text place something a few hours either side of now, counted from now ("half an hour
 * ago", "in 20 mins", "within the hour")? Only moments said relative to now count: a clock time or
 * "at 3" may be an age or another day, and "last night" says when, not that it is still going on.
 */
export function saysNearMoment(text: string, window: NearWindow): boolean {
  if (!/\d|\b(?:an?|half|few|couple|hour|hours|min|mins|minutes?|hrs?)\b/i.test(text)) return false;
  const ref = new Date(0);
  return chronoEn()
    .GB.parse(text, ref)
    .some((r) => {
      if (!r.tags().has("result/relativeDateAndTime")) return false;
      const hours = (r.start.date().getTime() - ref.getTime()) / 3.6e6;
      return hours >= -window.pastHours && hours <= window.futureHours;
    });
}
