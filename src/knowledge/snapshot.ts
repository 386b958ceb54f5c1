import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { deadlineWordingFile, type DeadlineWording } from "./deadline-wording.js";
import { languageFile, type PackLanguage } from "./language.js";
import { authorityFolders, packFile } from "./loader.js";
import type { AuthorityId, Pack } from "./schema.js";

/**
 * Checking the packs (zod, then the cross-checks) is most of the time the bot takes to read them at
 * start. `npm run build` checks them once and writes what the checks produced beside the compiled
 * code (SNAPSHOT_FILE), with a content hash of every file it read. At start the files are hashed
 * again: if every one is byte for byte what was checked, the checked result is used; any edit to a
 * pack (the packs are read from the source tree, so editing one needs no rebuild), a pack added or
 * removed, or no snapshot at all (the sources run with tsx) and the files are checked as before.
 */
export const SNAPSHOT_FILE = fileURLToPath(new URL("./packs.snapshot.json", import.meta.url));

/** What the checks produce from a packs folder. */
export interface CheckedPacks {
  packs: Map<AuthorityId, Pack>;
  language: Map<string, PackLanguage>;
  deadlineWording: Map<string, DeadlineWording>;
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const hashIfThere = (file: string) => (existsSync(file) ? sha256(file) : null);
const zodVersion = () => (JSON.parse(readFileSync(createRequire(import.meta.url).resolve("zod/package.json"), "utf8")) as { version: string }).version;

const Fingerprint = z.object({
  zod: z.string(),
  folders: z.record(z.string(), z.object({ pack: z.string(), language: z.string().nullable(), deadlines: z.string().nullable() })),
});
type Fingerprint = z.infer<typeof Fingerprint>;

/** Every file the loader reads from a packs folder, by authority folder, as content hashes. */
export function fingerprint(dir: string): Fingerprint {
  const folders: Fingerprint["folders"] = {};
  for (const authority of authorityFolders(dir))
    folders[authority] = { pack: sha256(packFile(authority, dir)), language: hashIfThere(languageFile(dir, authority)), deadlines: hashIfThere(deadlineWordingFile(dir, authority)) };
  return { zod: zodVersion(), folders };
}

/**
 * The snapshot's own shape. Its data parts were produced by the pack schemas and cross-checks at
 * build time from exactly the bytes the fingerprint names, so they are not parsed a second time.
 */
const Snapshot = Fingerprint.extend({
  packs: z.array(z.tuple([z.string(), z.record(z.string(), z.unknown())])),
  language: z.array(z.tuple([z.string(), z.record(z.string(), z.unknown())])),
  deadlineWording: z.array(z.tuple([z.string(), z.record(z.string(), z.unknown())])),
});
type Snapshot = z.infer<typeof Snapshot>;

/** The snapshot `npm run build` writes for a folder whose packs have just been checked. */
export function snapshotOf(dir: string, checked: CheckedPacks): Snapshot {
  return { ...fingerprint(dir), packs: [...checked.packs], language: [...checked.language], deadlineWording: [...checked.deadlineWording] } as Snapshot;
}

const sameFingerprint = (a: Fingerprint, b: Fingerprint) => a.zod === b.zod && JSON.stringify(a.folders) === JSON.stringify(b.folders);

/** The packs as checked at build, when the folder's files are exactly those; otherwise null. */
export function checkedAtBuild(dir: string, file = SNAPSHOT_FILE): CheckedPacks | null {
  if (!existsSync(file)) return null;
  let parsed;
  try {
    parsed = Snapshot.safeParse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return null;
  }
  if (!parsed.success || !sameFingerprint(parsed.data, fingerprint(dir))) return null;
  const s = parsed.data;
  return {
    packs: new Map(s.packs as unknown as [AuthorityId, Pack][]),
    language: new Map(s.language as unknown as [string, PackLanguage][]),
    deadlineWording: new Map(s.deadlineWording as unknown as [string, DeadlineWording][]),
  };
}
