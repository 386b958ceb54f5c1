import { join } from "node:path";
import { loadPacks, PACKS_DIR } from "../../src/knowledge/loader.js";
import type { AuthorityId } from "../../src/knowledge/schema.js";
import { foldDocument, normalise, readDocument } from "../../src/knowledge/verify.js";

/**
 * Each pack's own document (src/knowledge/packs/<authority>/document.txt), folded as the source
 * check (`npm run packs -- verify`) folds it, so that tests and the check agree on what
 * "verbatim" means: case, punctuation, white space and conversion markup are ignored; words and
 * figures are not.
 */
export { normalise };

const packs = loadPacks();
const cache = new Map<string, string>();

/** The authority's document, normalised. */
export function seedTextOf(authority: string): string {
  let text = cache.get(authority);
  if (text === undefined) {
    const pack = packs.get(authority as AuthorityId);
    const raw = pack ? readDocument(pack, join(PACKS_DIR, authority)) : null;
    if (raw === null) throw new Error(`no document for authority "${authority}"`);
    text = foldDocument(raw).words;
    cache.set(authority, text);
  }
  return text;
}

export function isVerbatim(authority: string, s: string): boolean {
  const n = normalise(s);
  return n.length > 0 && seedTextOf(authority).includes(n);
}
