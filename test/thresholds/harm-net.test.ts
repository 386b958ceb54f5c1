import { describe, expect, it } from "vitest";
import cases from "./harm-net-cases.json" with { type: "json" };
import { deniedFamilies, familyIds, harmFamilies } from "../../src/thresholds/harm-net.js";

/** Every sentence describes a harm; only those in `now` say it is happening now. */
function expectDangerNowOnlyIn(now: string[], notNow: string[]) {
  for (const s of [...now, ...notNow]) expect(harmFamilies(s).length, s).toBeGreaterThan(0);
  expect(now.filter((s) => !harmFamilies(s).some((h) => h.immediate))).toEqual([]);
  expect(notNow.filter((s) => harmFamilies(s).some((h) => h.immediate))).toEqual([]);
}

// The sentences are the project's, written apart from the net's phrases: at least half of each
// family's use none of them, so these test how the net generalises, not that a phrase is listed.
describe("the significant-harm net on practitioners' wording", () => {
  it("has cases for every family", () => {
    for (const id of familyIds()) expect(Object.keys(cases.families), id).toContain(id);
  });
  for (const [family, c] of Object.entries(cases.families)) {
    it(`${family}: fires on what describes it, and on nothing near it at a lower level`, () => {
      const missed = c.shouldFire.filter((s) => !harmFamilies(s).some((h) => h.family === family));
      expect(missed, "described this harm but the family did not fire").toEqual([]);
      const raised = c.shouldNotFire.filter((s) => harmFamilies(s).length > 0);
      expect(raised, "a lower-level situation raised to significant harm").toEqual([]);
    });
  }
  it("tells danger now from serious harm that is not happening now", () => {
    expect(cases.immediate.filter((s) => !harmFamilies(s).some((h) => h.immediate))).toEqual([]);
    expect(cases.notImmediate.filter((s) => harmFamilies(s).some((h) => h.immediate))).toEqual([]);
  });
  it("reads a moment said relative to now as danger now, and one days or weeks away as not", () => {
    const now = ["dad punched her in the face about two hours ago, a bruise is coming up on her cheek", "her uncle who sexually abused her is due to pick her up in 40 minutes"];
    const notNow = ["dad punched her in the face three weeks ago, a bruise came up on her cheek", "she told us her uncle sexually abused her two years ago"];
    expectDangerNowOnlyIn(now, notNow);
  });
  it("reads a clock time near the time the asker says it is as danger now, and one far from it, or a length of time, as not", () => {
    const now = ["he said he's going to sort out a kid from another school at 3.30 with the knife in his bag. it's 3.10", "its 9am and her 30 year old boyfriend is picking her up at 10.30am to take her to a hotel"];
    const notNow = ["it's 9am; she said her dad hit her with a belt last weekend and he gets home from work at 6pm", "it's 2 weeks since he showed a knife in his bag and said he'd stab a boy at 3"];
    expectDangerNowOnlyIn(now, notNow);
  });
  it("reads 'now' telling the next turn of events, or 'for now', as no cue of danger now", () => {
    const notNow = ["mum hit him with a belt last year and left bruises, now he flinches when anyone raises a hand", "her stepdad sexually abused her, she's staying with her aunt for now"];
    const now = ["the boyfriend who punched her and left bruises is at the house now"];
    expectDangerNowOnlyIn(now, notNow);
  });
  it("tells a harm ruled out from a need said as a lack", () => {
    expect(deniedFamilies("she says no thoughts of ending her life")).toContain("suicide");
    expect(deniedFamilies("yr 4 coming in without a coat all winter, they have no heating")).toEqual([]);
  });
  it("does not take a witnessed accident for abuse, but does not take a carer's claim of one as witnessed", () => {
    expect(harmFamilies("bruise on his shin last week but the PE teacher saw him get kicked in a match").map((h) => h.family)).not.toContain("physical-abuse");
    expect(harmFamilies("dad kicked him last week and there's a bruise on his shin").map((h) => h.family)).toContain("physical-abuse");
    expect(harmFamilies("mum says he fell, but dad punched him and he has bruises all over his back").map((h) => h.family)).toContain("physical-abuse");
  });
  it("reads an adult's age beside a child's as an adult in the child's life, not an age gap between young people", () => {
    const fires = (s: string) => harmFamilies(s).some((h) => h.family === "exploitation");
    expect(["15yo girl has a 24 yr old boyfriend, he picks her up in his car", "she's 14 and going out with a 19 year old", "16 yo dating a man aged 23, stays at his flat"].filter((s) => !fires(s))).toEqual([]);
    expect(["17 yo with an 18 year old boyfriend, they met at college", "15 yo going out with a 16 year old from her school", "mum is 19 and her boyfriend is 24, baby 6 weeks old and thriving", "yr 13 girl is seeing a lad in her year"].filter(fires)).toEqual([]);
  });
  it("reads a cue the same with or without the apostrophe of n't", () => {
    for (const s of ["dad hit him with a belt, bruises on his legs, he doesn't want to go home", "dad hit him with a belt, bruises on his legs, he doesnt want to go home"])
      expect(harmFamilies(s).some((h) => h.immediate), s).toBe(true);
  });
});
