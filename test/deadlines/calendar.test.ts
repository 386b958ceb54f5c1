import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { addWorkingDays, bankHoliday, isWorkingDay } from "../../src/deadlines/calendar.js";
import { CASES } from "./cases.js";

describe("the England and Wales working-day calendar", () => {
  it("knows the summer bank holiday and the substitute days", () => {
    expect(bankHoliday("2026-08-31")).toBe("Summer bank holiday");
    expect(bankHoliday("2026-12-28")).toMatch(/substitute/i);
    expect(bankHoliday("2027-12-27")).toMatch(/substitute/i);
    expect(bankHoliday("2027-12-28")).toMatch(/substitute/i);
    expect(isWorkingDay("2026-12-28")).toBe(false);
    expect(isWorkingDay("2026-12-29")).toBe(true);
  });

  it("names the bank holidays a count skipped, and not a bank holiday that falls at a weekend", () => {
    const { skipped } = addWorkingDays("2026-12-18", 15);
    expect(skipped).toEqual([
      { date: "2026-12-25", name: "Christmas Day" },
      { date: "2026-12-28", name: "Boxing Day (substitute day)" },
      { date: "2027-01-01", name: "New Year's Day" },
    ]);
  });
});

describe(`${CASES.length} hand-computed due dates`, () => {
  for (const tz of ["UTC", "Europe/London", "Asia/Tokyo", "America/New_York"])
    it(`are the same under TZ=${tz}`, () => {
      const out = execFileSync(process.execPath, ["--import", "tsx", "test/deadlines/run-cases.ts"], { env: { ...process.env, TZ: tz }, encoding: "utf8" });
      const results = JSON.parse(out) as string[];
      const wrong = CASES.map((c, i) => ({ ...c, got: results[i] })).filter((c) => c.got !== c.due);
      expect(wrong).toEqual([]);
    });
});
