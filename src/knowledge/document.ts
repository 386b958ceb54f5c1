import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKS_DIR } from "./loader.js";
import type { Pack } from "./schema.js";

/** The pack's document file, in the pack's own folder (`source.document.file`). */
export const documentFile = (pack: Pack, packDir: string) => join(packDir, pack.source.document.file);

/** The pack's own document, or null when the file named in source.document is missing. */
export function readDocument(pack: Pack, packDir: string): string | null {
  const file = documentFile(pack, packDir);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/** The one place answers read an authority's document text from: the document beside its pack. */
export const documentText = (pack: Pack, dir = PACKS_DIR): string => readDocument(pack, join(dir, pack.id)) ?? "";
