import { describe, expect, it } from "vitest";
import { evalSets, evaluate, formatReport, readEvalFile, runEval } from "./harness/run.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();

describe("the evaluation harness on the project's own held-out questions", () => {
  const report = evaluate(readEvalFile("test/eval/own-questions.jsonl"), knowledge, new Date("2026-11-25T10:00:00Z"));

  it("never under-triages a tier-4 question", () => {
    expect(report.overall.system.underTriage).toEqual([]);
  });
  it("finds every child in immediate danger", () => {
    expect(report.overall.system.dangerFound).toBe(report.overall.system.dangerExpected);
    expect(report.overall.system.dangerExpected).toBeGreaterThan(0);
  });
  it("never answers a vague question 'universal', and asks the MASH instead", () => {
    expect(report.overall.system.universalOnVague).toBe(0);
    expect(report.clarify.correct).toBe(report.clarify.n);
  });
  it("cites no other authority's indicators or contacts", () => {
    expect(report.crossAuthority).toEqual([]);
  });
  it("beats the plain full-text baseline", () => {
    expect(report.overall.system.tierCorrect).toBeGreaterThan(report.overall.baseline.tierCorrect);
  });
  it("prints the figures", () => {
    expect(formatReport(report)).toMatch(/Under-triage .*: 0/);
  });
});

describe("npm run eval with no argument", () => {
  it("runs every set in test/eval, the shared practitioner questions and the project's own, with figures per set", async () => {
    const names = evalSets().map((f) => f.split(/[\\/]/).pop());
    expect(names).toContain("dev.jsonl");
    expect(names).toContain("own-questions.jsonl");
    const out: string[] = [];
    const code = await runEval([], { io: { stdout: (s) => out.push(s), stderr: (s) => out.push(s) }, knowledge, now: new Date("2026-11-25T10:00:00Z") });
    expect(code).toBe(0);
    const text = out.join("");
    expect(text).toMatch(/== test\/eval\/dev\.jsonl ==\nEvaluation: 140 questions/);
    expect(text).toMatch(/== test\/eval\/own-questions\.jsonl ==\nEvaluation: \d+ questions/);
    expect(text.match(/^== test\/eval\/.*\.jsonl ==$/gm)).toHaveLength(names.length);
  });
});
