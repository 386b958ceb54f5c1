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

/**
 * Real names, written here rather than read from the data file so the test does not just echo it:
 * given names from the ONS lists of the commonest baby names in England and Wales, and surnames
 * among the commonest in England and Wales and in its communities.
 */
const GIVEN = `Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry William Freddie Alfie Theo Archie
Joshua James Isaac Lucas Tommy Finley Max Ethan Teddy Alexander Edward Adam Arlo Jayden Tyler Mason Logan Riley Dylan Harrison
Louie Reuben Elijah Sebastian Albert Ronnie Hugo Toby Roman Jude Kai Zachary Rory Frankie Bobby Ollie Harvey Ezra Carter Ryan
Daniel Liam Nathan Kyle Connor Callum Jamie Aaron Ben Samuel Matthew Luke Owen Yusuf Ibrahim Omar Hamza Zain Arjun Kacper Jakub
Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily Ella Poppy Evie Elsie Charlotte
Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda Ruby Emilia Maya Millie Isabelle Eva Layla Chloe Jessica Hannah Lucy
Holly Scarlett Esme Imogen Aria Luna Maisie Megan Amber Lauren Bethany Jade Kayleigh Chelsea Shannon Leah Courtney Paige Demi
Ellie Molly Erin Katie Emma Rebecca Laura Sarah Rachel Amy Gemma Natalie Aisha Fatima Maryam Zainab Khadija Ayesha Priya Zuzanna`.split(/\s+/);
const SURNAMES = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White
Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker
Harrison Morgan Allen Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Richardson Bailey
Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Chapman Powell Webb
Rogers Gray Hunt Hussain Campbell Matthews Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins
Murray Dixon Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford
Pearce Brooks Lawrence Cole Atkinson Bradley Spencer Gill Dawson Burton O'Brien Watts Booth Perry Grant Wells Armstrong Rees Hayes
Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Marsh Dunn Woods Parsons Berry Reid Holland Hawkins Harding Porter
Robertson Newton Kennedy Williamson Gardner Shah Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Freeman
Warren Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Coleman Watkins McCarthy Chambers O'Neill
Griffin Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace Hutchinson Burke Pritchard Gilbert Higgins Akhtar Lynch Iqbal
Rahman Hossain Uddin Malik Nowak Kowalski Nguyen Okafor Adeyemi Mensah Osei Mohamed Hassan Abdi Sharma Kumar Chowdhury Yilmaz`.split(/\s+/);

describe("reminder labels never carry a name", () => {
  it(`knows a few hundred real names (${GIVEN.length} given names, ${SURNAMES.length} surnames)`, () => {
    expect(GIVEN.length + SURNAMES.length).toBeGreaterThan(300);
  });

  it("refuses each surname alone before or after the rule, and as '<surname> family'", () => {
    const accepted = SURNAMES.flatMap((n) => [`ICPC ${n}`, `${n} ICPC`, `ICPC - ${n} family`, `RCPC ${n}`]).filter((l) => checkLabel(l).ok);
    expect(accepted).toEqual([]);
  });

  it("refuses each given name alone, in lower case too where it is no ordinary word", () => {
    const accepted = GIVEN.flatMap((n) => [`ICPC for ${n}`, `Core group ${n}`]).filter((l) => checkLabel(l).ok);
    expect(accepted).toEqual([]);
    expect(checkLabel("icpc jayden").ok).toBe(false);
  });

  it("refuses '<name> family' for a name it has never seen", () => {
    for (const l of ["ICPC - Kowalczyk family", "Szczepanski family review", "ICPC for Oyelaran"]) expect(checkLabel(l).ok, l).toBe(false);
  });

  it("accepts every rule name of every pack as a label, with no help from the rule", async () => {
    const { loadKnowledge } = await import("../../src/knowledge/index.js");
    const refused = [...loadKnowledge().packs.values()].flatMap((p) => p.timescales.map((t) => t.label.slice(0, 60))).filter((l) => !checkLabel(l).ok);
    expect(refused).toEqual([]);
  });

  it("words the refusal for who would see the label", () => {
    const channel = checkLabel("ICPC Smith", "", "channel");
    const personal = checkLabel("ICPC Smith", "", "personal");
    expect(!channel.ok && channel.reason).toMatch(/Everyone in this channel/);
    expect(!personal.ok && personal.reason).toMatch(/stored until they are sent/);
  });
});
