import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { Template } from "adaptivecards-templating";
import { answer } from "../../src/answers/index.js";
import { compileTemplate } from "../../src/cards/compiled-template.js";
import { cardData, cardTemplate } from "../../src/cards/render.js";
import { CARDS_DIR, expand, expandWithEngine, isCompiled } from "../../src/cards/templates.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

/**
 * Cards are expanded by functions compiled from the templates, not by adaptivecards-templating:
 * they must give exactly what the engine gives, for real answers and for data no answer has.
 */
const names = readdirSync(CARDS_DIR).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));

/** Both ways, the error's kind when one throws. */
function both(name: string, data: unknown) {
  const run = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (e) {
      return { error: (e as Error).constructor.name };
    }
  };
  return { compiled: run(() => expand(name, data)), engine: run(() => expandWithEngine(name, data)) };
}

describe("compiled card templates", () => {
  it("every template in /cards is compiled", () => {
    expect(names.filter((n) => !isCompiled(n))).toEqual([]);
  });

  it("give the engine's card for answers of every kind, under every template", () => {
    const knowledge = loadKnowledge();
    const now = new Date("2026-11-22T10:00:00Z");
    const questions = [
      "doing a home visit right now - 2 yo is on her own in the flat, no adult here",
      "14 yo missing regularly, older boyfriend picks her up, mum drinks every day, dad in prison for violence, she self harms and is out of school",
      "luton MASH phone number?",
      "whats the phone number for milton keynes MASH?",
      "child became looked after in oldham on 14 dec 2026 - initial LAC review due when?",
      "when is the ICPC due?",
      "how does the MK children's services complaints process work, how many stages?",
      "show level 4 indicators",
      "kid in my tutor group seems a bit off lately. what level would that be?",
      "MASH number in every authority",
      "help",
      "what's the weather like",
    ];
    let compared = 0;
    for (const authority of [undefined, "luton", "milton-keynes", "oldham", "bracknell-forest"] as const)
      for (const q of questions) {
        const a = answer(q, { knowledge, authority, now });
        const data = cardData(a, { authorities: [{ value: "luton", title: "Luton" }] });
        for (const name of new Set([cardTemplate(a), "footer", ...names])) {
          const r = both(name, data);
          expect(r.compiled, `${name} for "${q}" (${authority})`).toEqual(r.engine);
          compared++;
        }
      }
    expect(compared).toBeGreaterThan(500);
  });

  it("give the engine's card for random data: missing fields, nulls, numbers, lists of anything, keys in other cases", () => {
    let seed = 20261202;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const prims = [undefined, null, "", "x", 0, 1, 2.5, true, false, "${y}"];
    let differ = 0;
    for (const name of names) {
      const text = readFileSync(`${CARDS_DIR}/${name}.json`, "utf8");
      const ids = [...new Set([...text.matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => m[1]!.match(/[A-Za-z_]\w*/g) ?? []))];
      const obj = (d: number): Record<string, unknown> => {
        const o: Record<string, unknown> = {};
        for (const id of ids) if (rnd() < 0.6) o[rnd() < 0.05 ? id.toUpperCase() : id] = value(d);
        return o;
      };
      const value = (d: number): unknown => {
        const r = rnd();
        if (d <= 0 || r < 0.55) return pick(prims);
        if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 3) }, () => (rnd() < 0.3 ? pick(prims) : obj(d - 1)));
        return obj(d - 1);
      };
      for (let i = 0; i < 300; i++) {
        const r = both(name, obj(3));
        if (!isDeepStrictEqual(r.compiled, r.engine)) differ++;
      }
    }
    expect(differ).toBe(0);
  });

  it("follow the engine's rules: paths without regard to case, unbound paths written as themselves, $when shown only for true", () => {
    const t = { type: "Container", items: [{ type: "TextBlock", text: "${Name} and ${missing.path}" }, { type: "TextBlock", text: "x", $when: "${flag}" }, { $data: "${list}", text: "${$data}" }] };
    for (const data of [{ name: "n", flag: true, list: ["a", "b"] }, { NAME: "N", flag: "yes", list: "one" }, { flag: 1, list: [] }]) {
      const compiled = compileTemplate(t)!.expand(data);
      expect(compiled).toEqual(new Template(t).expand({ $root: data }));
    }
    expect(compileTemplate(t)!.expand({ name: "n", flag: true, list: ["a"] })).toEqual({ type: "Container", items: [{ type: "TextBlock", text: "n and ${missing.path}" }, { type: "TextBlock", text: "x" }, { text: "a" }] });
  });

  it("leave to the engine a template using more of the language than is compiled", () => {
    for (const text of ["${if(a, 'x', 'y')}", "${items[0]}", "${!flag}", "${a == b}", "${$index}", "${a}`", "cost $5 ${a}"]) expect(compileTemplate({ type: "TextBlock", text }), text).toBeNull();
  });
});
