import { describe, expect, it } from "vitest";
import { inWindow, nextDigestTime, parseDue, planChoice, planCustom } from "../../src/reminders/timing.js";

const at = (iso: string) => new Date(iso);
const sendAt = (p: ReturnType<typeof planChoice>) => ("sendAt" in p ? p.sendAt.toISOString() : p.refused);

describe("when reminders are sent", () => {
  const due = parseDue("2027-01-13")!; // Wednesday
  const now = at("2027-01-04T10:00:00Z");

  it("sends at 09:00 London two working days before, one before and on the day", () => {
    expect(sendAt(planChoice("2wd", due, now))).toBe("2027-01-11T09:00:00.000Z");
    expect(sendAt(planChoice("1wd", due, now))).toBe("2027-01-12T09:00:00.000Z");
    expect(sendAt(planChoice("day", due, now))).toBe("2027-01-13T09:00:00.000Z");
  });

  it("uses British Summer Time: 09:00 London is 08:00 UTC in June", () => {
    expect(sendAt(planChoice("day", parseDue("2027-06-16")!, at("2027-06-01T10:00:00Z")))).toBe("2027-06-16T08:00:00.000Z");
  });

  it("skips weekends and bank holidays: two working days before Wednesday 29 December 2027 is Thursday 23 December", () => {
    // 2027: Christmas Day and Boxing Day fall at the weekend, so Monday 27 and Tuesday 28 December are substitute bank holidays.
    expect(sendAt(planChoice("2wd", parseDue("2027-12-29")!, at("2027-12-01T10:00:00Z")))).toBe("2027-12-23T09:00:00.000Z");
  });

  it("a deadline on a bank holiday is reminded on the working day before", () => {
    expect(sendAt(planChoice("day", parseDue("2027-05-03")!, at("2027-04-20T10:00:00Z")))).toBe("2027-04-30T08:00:00.000Z");
  });

  it("refuses a time already passed, but 'on the day' still comes when the window allows", () => {
    const today = at("2027-01-13T07:00:00Z");
    expect(sendAt(planChoice("2wd", due, today))).toBe("that time has already passed");
    expect(sendAt(planChoice("day", due, at("2027-01-13T10:15:00Z")))).toBe("2027-01-13T10:15:00.000Z");
  });

  it("keeps custom times inside 08:00–18:00 on a working day, moving them earlier", () => {
    expect("sendAt" in planCustom(at("2027-01-09T10:00:00Z"), due, now) && planCustom(at("2027-01-09T10:00:00Z"), due, now)).toMatchObject({
      sendAt: at("2027-01-08T17:00:00Z"),
    });
    expect(planCustom(at("2027-01-11T19:30:00Z"), due, now)).toMatchObject({ sendAt: at("2027-01-11T17:00:00Z") });
    expect(planCustom(at("2027-01-14T10:00:00Z"), due, now)).toMatchObject({ refused: "that time is after the deadline" });
  });

  it("an hour deadline sooner than the window is reminded at once", () => {
    const soon = parseDue("2027-01-09T06:00:00+00:00")!; // Saturday 06:00
    expect(sendAt(planChoice("day", soon, at("2027-01-08T20:00:00Z")))).toBe("2027-01-08T20:00:00.000Z");
  });

  it("window and digest", () => {
    expect(inWindow(at("2027-01-11T08:30:00Z"))).toBe(true);
    expect(inWindow(at("2027-01-11T18:30:00Z"))).toBe(false);
    expect(inWindow(at("2027-01-09T10:00:00Z"))).toBe(false);
    expect(nextDigestTime(at("2027-01-06T10:00:00Z")).toISOString()).toBe("2027-01-11T09:00:00.000Z");
    expect(nextDigestTime(at("2027-05-26T10:00:00Z")).toISOString()).toBe("2027-06-01T08:00:00.000Z"); // Spring bank holiday Monday 31 May
  });
});
