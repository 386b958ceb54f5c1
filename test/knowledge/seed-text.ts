import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AuthorityId } from "../../src/knowledge/schema.js";

/**
 * The seed documents as the source check (../shared/tools/check-sources.mjs) reads them, so that
 * tests and the check agree on what "verbatim" means: case, punctuation, white space and
 * conversion markup are ignored; words and figures are not.
 */
const SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "seeds");

const SEED_FILES: Record<AuthorityId, string[]> = {
  "milton-keynes": ["001_94f92cc4bdd01c65.txt", "000_e5722a942c646ae4.txt"],
  luton: ["002_257c73a39b9ba0ab.txt"],
  "bracknell-forest": ["003_d3c35aaf0d515318.txt"],
  oldham: ["004_d11c585591b34443.txt"],
};

export function normalise(s: string): string {
  return s
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—‐]/g, "-")
    .replace(/[•●○·*#|_]/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9'&/+()%-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const cache = new Map<AuthorityId, string>();

/** The authority's seed document(s), normalised. */
export function seedTextOf(authority: AuthorityId): string {
  let text = cache.get(authority);
  if (text === undefined) {
    text = normalise(SEED_FILES[authority].map((f) => readFileSync(join(SEEDS_DIR, f), "utf8")).join("\n"));
    cache.set(authority, text);
  }
  return text;
}

export function isVerbatim(authority: AuthorityId, s: string): boolean {
  const n = normalise(s);
  return n.length > 0 && seedTextOf(authority).includes(n);
}
