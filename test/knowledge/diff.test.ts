import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runPacksCli } from "../../src/cli/packs.js";
import { diffDocuments, diffPack, units } from "../../src/knowledge/diff.js";
import { loadPacks, PACKS_DIR } from "../../src/knowledge/loader.js";

/** The earlier conversion of the Milton Keynes protocol (the shared seed 000), kept as a fixture. */
const MK_000 = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "milton-keynes-000.txt");
const MK_DOC = join(PACKS_DIR, "milton-keynes", "document.txt");
const packs = loadPacks();
const mk = packs.get("milton-keynes")!;
const mkText = readFileSync(MK_DOC, "utf8");

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPacksCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(""), err: err.join("") };
};

const writeTemp = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "diff-")), "new.txt");
  writeFileSync(file, text);
  return file;
};

describe("packs diff: what a new text of the document changes, for the pack's editor", () => {
  it("reports nothing and exits 0 for the pack's own document, for every pack", async () => {
    for (const id of packs.keys()) {
      const { code, out } = await run(["diff", id, join(PACKS_DIR, id, "document.txt")]);
      expect(code, id).toBe(0);
      expect(out).toMatch(/no change between the pack's document and the new text/);
    }
  });

  it("folds formatting, markup and line breaks away: a re-marked-up, re-wrapped copy shows no change", () => {
    const remarked = mkText
      .replace(/<li>• /g, "\n- ")
      .replace(/<\/?(?:li|ul|b)[^>]*>/g, " ")
      .replace(/\*\*/g, "")
      .replace(/^#+ /gm, "")
      .replace(/ (?=[a-z]{6,} )/g, (m, offset: number) => (offset % 7 === 0 ? "\n" : m));
    const d = diffPack(mk, mkText, remarked);
    expect(d.changed).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.added).toEqual([]);
    expect(d.unchanged).toBe(true);
  });

  it("against the earlier conversion 000 reports exactly the §8 Child in Need Plan bullet 000 lacks and the refugee/refuge typo", async () => {
    const d = diffPack(mk, mkText, readFileSync(MK_000, "utf8"));
    expect(d.added).toEqual([]);
    expect(d.removed.map((u) => [u.section, u.text])).toEqual([
      ["§8 Child & Family Assessment", "The progress a child / young person is making if subject to a Child in Need Plan for more than 10 months."],
    ]);
    expect(d.changed.map((c) => [c.before.text, c.after.text])).toEqual([["Unaccompanied refugee/asylum seeker", "Unaccompanied refuge/asylum seeker"]]);
    expect(d.changed[0]!.before.section).toMatch(/^§3 Milton Keynes Continuum of Help & Support Pathway/);
    const refugee = mk.indicators.findIndex((i) => i.text === "Unaccompanied refugee/asylum seeker");
    // The 10-month CIN Plan rule is counted from that very bullet, so it is affected too.
    const tenMonths = mk.timescales.findIndex((t) => t.id === "cin-plan-10-months");
    expect(d.affected.map((a) => [a.path, a.change]).sort()).toEqual(
      [[`indicators[${refugee}].text`, "changed"], [`timescales[${tenMonths}].source.quote`, "removed"], [`timescales[${tenMonths}].amount`, "removed"]].sort(),
    );
    expect(d.missing.map((m) => m.path).sort()).toEqual([`indicators[${refugee}].text`, `timescales[${tenMonths}].source.quote`, `timescales[${tenMonths}].amount`].sort());

    const { code, out } = await run(["diff", "milton-keynes", MK_000]);
    expect(code).toBe(1);
    expect(out).toContain("Milton Keynes: 1 changed, 1 removed, 0 added");
    expect(out).toMatch(/§8 Child & Family Assessment\n {2}removed \(line 311\): The progress a child \/ young person is making if subject to a Child in Need Plan for more than 10 months\./);
    expect(out).toMatch(/- Unaccompanied refugee\/asylum seeker\n {4}\+ Unaccompanied refuge\/asylum seeker/);
    expect(out).toContain(`indicators[${refugee}].text (indicators "l4-dev-behavioural-development-05"): indicator "Unaccompanied refugee/asylum seeker" is not verbatim in the new text`);
  });

  it("on an edited document reports a changed phone number, a removed indicator and a new one, with the pack entries they touch", async () => {
    expect(mkText.split("01908 253206").length).toBe(2);
    expect(mkText.split("<li>• Abusing other children</li>").length).toBe(2);
    const edited = mkText
      .replace("01908 253206", "01908 253999")
      .replace("<li>• Abusing other children</li>", "<li>• Exposed to online gambling harm</li>");
    const d = diffPack(mk, mkText, edited);
    expect(d.changed.map((c) => [c.before.text, c.after.text])).toEqual([
      [
        "If a Special Guardian is living in Milton Keynes and would like advice/support, they can contact the Post-SGO Support Service on 01908 253206 and PostSGOSupport@milton-keynes.gov.uk.",
        "If a Special Guardian is living in Milton Keynes and would like advice/support, they can contact the Post-SGO Support Service on 01908 253999 and PostSGOSupport@milton-keynes.gov.uk.",
      ],
    ]);
    expect(d.removed.map((u) => u.text)).toEqual(["Abusing other children"]);
    expect(d.added.map((u) => u.text)).toEqual(["Exposed to online gambling harm"]);
    expect(d.added[0]!.section).toMatch(/^§3 /);

    const abusing = mk.indicators.findIndex((i) => i.text === "Abusing other children");
    const sgo = mk.routes.findIndex((r) => r.id === "post-sgo-support");
    const missing = d.missing.map((m) => `${m.path} ${m.kind} ${m.text}`);
    expect(missing).toContain(`indicators[${abusing}].text indicator Abusing other children`);
    expect(missing).toContain(`routes[${sgo}].channels[0].value phone 01908 253206`);
    const affected = d.affected.map((a) => `${a.path} ${a.change}`);
    expect(affected).toContain(`indicators[${abusing}].text removed`);
    expect(affected).toContain(`routes[${sgo}].channels[0].value changed`);
    expect(affected.some((a) => /^procedures\[\d+\]\.summary changed$/.test(a))).toBe(true);

    const { code, out } = await run(["diff", "milton-keynes", writeTemp(edited)]);
    expect(code).toBe(1);
    expect(out).toContain("1 changed, 1 removed, 1 added");
    expect(out).toContain("added (line 160): Exposed to online gambling harm");
    expect(out).toContain(`routes[${sgo}].channels[0].value (routes "post-sgo-support"): phone number "01908 253206" is not in the new text`);
    const json = JSON.parse((await run(["diff", "milton-keynes", writeTemp(edited), "--json"])).out) as { unchanged: boolean };
    expect(json.unchanged).toBe(false);
  });

  it("cuts grid cells and list items into units under their section", () => {
    const u = units("## 3. Levels\n\n<b>Health</b> <ul> <li>• One thing</li> <li>• Another. And a second sentence.</li></ul>\n");
    expect(u.map((x) => [x.section, x.text])).toEqual([
      ["§3 Levels", "Levels"],
      ["§3 Levels", "Health"],
      ["§3 Levels", "One thing"],
      ["§3 Levels", "Another."],
      ["§3 Levels", "And a second sentence."],
    ]);
    expect(diffDocuments("A. B.", "B. A.").added).toEqual([]);
  });

  it("refuses an unknown authority or a missing file with exit 2", async () => {
    expect((await run(["diff", "atlantis", MK_000])).code).toBe(2);
    expect((await run(["diff", "milton-keynes", "/nonexistent/new.txt"])).code).toBe(2);
    expect((await run(["diff", "milton-keynes"])).code).toBe(2);
  });
});
