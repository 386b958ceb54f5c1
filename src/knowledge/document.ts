import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKS_DIR } from "./loader.js";
import type { Pack } from "./schema.js";

/**
 * The one place that reads an authority's document text. The pack folder's `document.txt` is the
 * source when it exists; until every pack carries its document, the seed file the pack names is read
 * from the shared seeds folder beside the project (a fallback to remove once the documents land).
 */
export function documentText(pack: Pack, dir = PACKS_DIR): string {
  const own = join(dir, pack.id, "document.txt");
  if (existsSync(own)) return readFileSync(own, "utf8");
  const seed = join(dir, "..", "..", "..", "..", "shared", "seeds", pack.source.seedFile);
  return existsSync(seed) ? readFileSync(seed, "utf8") : "";
}
