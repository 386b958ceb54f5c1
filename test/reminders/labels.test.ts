import { describe, expect, it } from "vitest";
import { checkLabel } from "../../src/reminders/index.js";

describe("reminder labels", () => {
  it.each([
    ["ICPC 943 476 5919", "an NHS number"],
    ["Review 9434765919", "an NHS number"],
    ["ICPC dob 03/04/2019", "a date of birth"],
    ["Conference, born 3.4.19", "a date of birth"],
    ["Visit MK9 3EJ", "a postcode"],
    ["Call back 01908 253169", "a phone number"],
    ["Ring 07700 900123 re ICPC", "a phone number"],
    ["ICPC jo.bloggs@example.org", "an e-mail address"],
    ["ICPC Jayden Morris", "what looks like a name"],
    ["Strategy for baby Amelia", "a name"],
  ])("refuses %j and says it includes %s", (label, what) => {
    const r = checkLabel(label);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(what);
  });

  it("refuses a label longer than 60 characters, saying the limit", () => {
    const r = checkLabel("Review conference for the family we discussed at length in the meeting");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("60");
  });

  it.each([
    "ICPC",
    "Initial Child Protection Conference",
    "Review Conference (RCPC)",
    "Single Assessment due",
    "Core Group 2",
    "Pre-birth ICPC, team B",
  ])("accepts %j", (label) => {
    expect(checkLabel(label)).toEqual({ ok: true, label });
  });

  it("trusts the words of the rule's own label from the pack", () => {
    expect(checkLabel("Initial Conference Notice", "").ok).toBe(true);
    expect(checkLabel("Quorate Tranche", "").ok).toBe(false);
    expect(checkLabel("Quorate Tranche", "Quorate tranche review").ok).toBe(true);
  });

  it("trusts the authority's own names, which the reminder feature passes from the pack", () => {
    expect(checkLabel("Milton Keynes ICPC", "Initial child protection conference Milton Keynes MK").ok).toBe(true);
    expect(checkLabel("Milton Keynes ICPC", "").ok).toBe(false);
  });
});
