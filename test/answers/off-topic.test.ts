import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge();
const ask = (text: string) => answer(text, { knowledge, authority: "luton", now: new Date("2026-11-22T10:00:00Z") });

describe("off-topic questions", () => {
  it.each(["what time does the canteen close", "where can I park my car", "what's the weather like tomorrow"])("%j gets what I answer, with examples, and no MASH route", (q) => {
    const a = ask(q);
    expect(a.kind).toBe("help");
    expect(a.summary).toBe("I answer safeguarding thresholds, routes and deadlines.");
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(a.routes).toEqual([]);
  });

  it.each([
    "kid seems a bit off lately",
    "he has been very quiet",
    "not sure about this one, something feels wrong",
    "got a funny feeling about a kid in my class",
    "asdf qwerty zxcv",
    "mum says she can't cope",
  ])("%j describes a situation (or can't be read), so it is never called off-topic", (q) => {
    expect(ask(q).kind).not.toBe("help");
  });
});
