import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPacksCli } from "../../src/cli/packs.js";
import { loadPacks, PACKS_DIR } from "../../src/knowledge/loader.js";
import { figureSpellings, verifyPackInDir } from "../../src/knowledge/verify.js";

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPacksCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(""), err: err.join("") };
};

describe("packs verify: every citation of a pack is in the pack's own document", () => {
  it("is clean for every pack, each checked against the document beside it", () => {
    const packs = loadPacks();
    expect(packs.size).toBeGreaterThanOrEqual(4);
    for (const [id, pack] of packs) {
      const report = verifyPackInDir(pack, join(PACKS_DIR, id));
      expect(report.misses, id).toEqual([]);
      expect(report.counts.quote, id).toBeGreaterThan(0);
    }
  });

  it("exits 0 for all packs and for one named pack, with the counts", async () => {
    const all = await run(["verify"]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/milton-keynes: 231 indicators, \d+ quotes, \d+ phone numbers, \d+ emails, \d+ URLs, \d+ timescale figures checked; 0 not found/);
    expect(all.out).toMatch(/^oldham: .*; 0 not found$/m);
    const one = await run(["verify", "luton"]);
    expect(one.code).toBe(0);
    expect(one.out).not.toMatch(/oldham/);
    expect((await run(["verify", "atlantis"])).code).toBe(2);
  });

  it("names the pack path and the text of every miss in an edited pack, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verify-"));
    cpSync(PACKS_DIR, dir, { recursive: true });
    const file = join(dir, "luton", "pack.json");
    const pack = JSON.parse(readFileSync(file, "utf8")) as {
      indicators: { text: string }[];
      routes: { channels: { kind: string; value: string }[] }[];
      levels: { definition: { quote: string } }[];
      timescales: { amount: number | null }[];
      procedures: { summary: string; headings?: string[] }[];
    };
    pack.indicators[12]!.text = "Responds appropriately in line with developmental needs and wishes";
    pack.routes[0]!.channels[0]!.value = "01582 547000";
    pack.routes[0]!.channels[1]!.value = "MASHX@Luton.gov.uk";
    pack.levels[1]!.definition.quote = "A quote the document never had.";
    pack.timescales[0]!.amount = 16;
    pack.procedures[0]!.summary = "See https://www.example.org/luton-guide for more.";
    pack.procedures[1]!.headings = ["A heading the document never had"];
    writeFileSync(file, JSON.stringify(pack));
    const { code, out } = await run(["verify", "luton", "--dir", dir]);
    expect(code).toBe(1);
    expect(out).toContain(`indicators[12].text: indicator "Responds appropriately in line with developmental needs and wishes" is not verbatim in the document`);
    expect(out).toContain(`routes[0].channels[0].value: phone number "01582 547000" is not in the document`);
    expect(out).toContain(`routes[0].channels[1].value: email "MASHX@Luton.gov.uk" is not in the document`);
    expect(out).toContain(`procedures[1].headings[0]`);
    expect(out).toContain(`levels[1].definition.quote: quote "A quote the document never had." is not verbatim in the document`);
    expect(out).toMatch(/timescales\[0\]\.amount: figure 16 is not in its source quote "If a child protection conference is required/);
    expect(out).toContain(`procedures[0].summary: URL "https://www.example.org/luton-guide" is not in the document`);
    expect(out).toMatch(/luton\/pack\.json/);
    expect(out).toMatch(/; 7 not found$/m);
  });

  it("says so when the pack's document is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verify-"));
    cpSync(PACKS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, "oldham", "document.txt"), "");
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "oldham", "document.txt"));
    const { code, out } = await run(["verify", "oldham", "--dir", dir]);
    expect(code).toBe(1);
    expect(out).toContain(`source.document.file: document "document.txt" is missing beside the pack`);
  });

  it("finds a figure written as digits, words, a range end or an ordinal", () => {
    expect(figureSpellings(15)).toContain("fifteen");
    expect(figureSpellings(21)).toContain("twenty-one");
    expect(figureSpellings(1)).toContain("first");
    expect(figureSpellings(12)).toContain("annually");
  });
});
