import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { vocabulary } from "./analyse.js";
import type { EntryTokens, NumberedTokens } from "./index-build.js";

/**
 * Analysing the ~8,600 indicator texts and practitioner descriptions is most of the cost of building
 * the indicator index. `npm run build` does it once and writes the result beside the compiled code
 * (INDEX_ARTEFACT_FILE), each pack's under a key: a hash of the texts it analysed, the vocabulary and
 * the stemmer's version. The index is then built from it, unless the key differs (a pack's language
 * or the vocabulary was edited since, the packs being read from the source tree) or there is no
 * artefact (the sources run with tsx): then the texts are analysed as before.
 */
export const INDEX_ARTEFACT_FILE = fileURLToPath(new URL("./indicator-index.json", import.meta.url));

const PackAnalysis = z.object({
  key: z.string(),
  /** Every token of the pack once; entries refer to them by position. */
  tokens: z.array(z.string()),
  /** Per entry, in entry order: token position, weight, token position, weight, … in the analysis's order. */
  entries: z.array(z.array(z.number())),
});
type PackAnalysis = z.infer<typeof PackAnalysis>;
const Artefact = z.object({ format: z.literal(1), packs: z.record(z.string(), PackAnalysis) });
export type IndexArtefact = z.infer<typeof Artefact>;

const stemmerVersion = () => (JSON.parse(readFileSync(createRequire(import.meta.url).resolve("stemmer/package.json"), "utf8")) as { version: string }).version;

/** What a pack's analysis depends on besides the analysis code (compiled with the artefact): its texts, the vocabulary, the stemmer. */
export function analysisKey(pack: string, texts: readonly { phrase: string }[]): string {
  const h = createHash("sha256").update(`indicator-index 1\0stemmer ${stemmerVersion()}\0${JSON.stringify(vocabulary)}\0${pack}\0`);
  for (const t of texts) h.update(t.phrase).update("\0");
  return h.digest("hex");
}

/** One pack's analysis in the artefact's form. */
export function packAnalysis(key: string, analysed: EntryTokens[]): PackAnalysis {
  const ids = new Map<string, number>();
  const tokens: string[] = [];
  const entries = analysed.map((list) =>
    list.flatMap(([t, w]) => {
      let k = ids.get(t);
      if (k === undefined) ids.set(t, (k = tokens.push(t) - 1));
      return [k, w];
    }),
  );
  return { key, tokens, entries };
}

/** The artefact's packs, read once per index build; null when absent or not in its form. */
export function readIndexArtefact(file = INDEX_ARTEFACT_FILE): IndexArtefact["packs"] | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = Artefact.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data.packs : null;
  } catch {
    return null;
  }
}

/**
 * A pack's entry analyses from the artefact, tokens numbered as the index numbers them, when its
 * key is this one, it covers every entry and every token it names is there; otherwise null.
 */
export function precomputedTokens(artefact: IndexArtefact["packs"] | null, pack: string, texts: readonly { phrase: string }[]): NumberedTokens | null {
  const a = artefact?.[pack];
  if (!a || a.entries.length !== texts.length || a.key !== analysisKey(pack, texts)) return null;
  const seen = new Uint8Array(a.tokens.length);
  let next = 0;
  for (const flat of a.entries) {
    if (flat.length % 2 !== 0) return null;
    for (let i = 0; i < flat.length; i += 2) {
      const k = flat[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= a.tokens.length) return null;
      // Numbered in the order the entries first use them, as a live analysis is.
      if (!seen[k]) {
        if (k !== next) return null;
        seen[k] = 1;
        next++;
      }
    }
  }
  return next === a.tokens.length ? { tokens: a.tokens, entries: a.entries } : null;
}

/** The same, as each entry's tokens and weights (what the analysis gives). */
export function precomputedAnalysis(artefact: IndexArtefact["packs"] | null, pack: string, texts: readonly { phrase: string }[]): EntryTokens[] | null {
  const n = precomputedTokens(artefact, pack, texts);
  return n ? n.entries.map((flat) => Array.from({ length: flat.length / 2 }, (_, i): [string, number] => [n.tokens[flat[2 * i]!]!, flat[2 * i + 1]!])) : null;
}
