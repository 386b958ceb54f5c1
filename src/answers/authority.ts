import type { AuthorityId, Knowledge } from "../knowledge/index.js";
import { nameAt } from "./match.js";

/** The authority a question names ("luton - …", "in MK", "bracknell forest MASH"), if any. */
export function authorityNamedIn(text: string, knowledge: Knowledge): AuthorityId | null {
  let best: { id: AuthorityId; at: number } | null = null;
  for (const [id, pack] of knowledge.packs) {
    const names = [id.replace(/-/g, " "), id, pack.name, ...pack.shortNames];
    for (const name of names) {
      const at = nameAt(text, name);
      if (at >= 0 && (!best || at < best.at)) best = { id, at };
    }
  }
  return best?.id ?? null;
}

/** Parses a user-typed authority ("luton", "Milton Keynes", "MK") into an id. */
export function parseAuthority(input: string, knowledge: Knowledge): AuthorityId | null {
  return authorityNamedIn(input.toLowerCase().trim(), knowledge);
}

/** Every name the loaded packs give their authorities ("Milton Keynes", "MK", "Bracknell Forest"). */
export function authorityNames(knowledge: Knowledge): string[] {
  return [...knowledge.packs.values()].flatMap((p) => [p.name, ...p.shortNames]);
}
