import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { parseAuthority } from "../../src/answers/authority.js";
import { knowledgeOptions, readConfig } from "../../src/config.js";
import { runPacksCli } from "../../src/cli/packs.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

/** A small fictional authority, in a packs folder of its own: adding an authority needs no code. */
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "fifth-authority");

function packsDirWithFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "packs-dir-"));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe("a fifth authority from its pack folder alone (PACKS_DIR)", () => {
  it("loads from the folder PACKS_DIR names and answers a route question from its own document", () => {
    const dir = packsDirWithFixture();
    const config = readConfig({ PACKS_DIR: dir, DEFAULT_AUTHORITY: "wessex-vale" });
    expect(config.PACKS_DIR).toBe(dir);
    const knowledge = loadKnowledge(knowledgeOptions(config));
    expect([...knowledge.packs.keys()]).toEqual(["wessex-vale"]);

    const a = answer("Wessex Vale MASH phone number?", { knowledge, authority: null, now: new Date("2026-11-25T10:00:00Z") });
    expect(a.authority).toBe("wessex-vale");
    expect(a.kind).toBe("route");
    const channels = a.routes.flatMap((r) => r.channels.map((c) => c.value));
    expect(channels).toContain("01632 960123");
    expect(channels).toContain("mash@wessexvale.example.org");
    expect(parseAuthority("wvc", knowledge)).toBe("wessex-vale");
  });

  it("is verified against its own document like the shipped packs", async () => {
    const out: string[] = [];
    const code = await runPacksCli(["verify"], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) }, { dir: packsDirWithFixture() });
    expect(out.join("")).toMatch(/^wessex-vale: 2 indicators, \d+ quotes, 2 phone numbers, 2 emails, 0 URLs, 1 timescale figures checked; 0 not found$/m);
    expect(code).toBe(0);
  });

  it("refuses a DEFAULT_AUTHORITY with no pack folder, naming the setting", () => {
    expect(() => readConfig({ PACKS_DIR: packsDirWithFixture(), DEFAULT_AUTHORITY: "luton" })).toThrow(/DEFAULT_AUTHORITY.*no pack/);
    expect(() => readConfig({ PACKS_DIR: "/nonexistent/packs" })).toThrow(/PACKS_DIR/);
  });
});
