/**
 * Moves a store's data: `npm run --silent store -- export > store.json` writes every row of the
 * configured store (DATABASE_URL, else the SQLite file in DATA_DIR) as JSON; `npm run --silent
 * store -- import < store.json` loads such a file into the configured store (rows whose keys exist
 * are kept as they are). Use it to move an existing SQLite store to PostgreSQL:
 *   npm run --silent store -- export > store.json                                  # from ./data
 *   DATABASE_URL=postgres://… npm run --silent store -- import < store.json
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ConfigError, processEnv, readConfig } from "../config.js";
import { openStore } from "../store/open.js";
import type { StoreDump } from "../store/store.js";

const Dump = z.object({ format: z.literal("threshold-assistant-store"), version: z.literal(1) }).passthrough();

try {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const command = z.enum(["export", "import"], { message: 'usage: npm run --silent store -- export > file.json | import < file.json' }).parse(positionals[0]);
  const config = readConfig(processEnv());
  const store = await openStore(config);
  try {
    if (command === "export") {
      const dump = await store.exportDump();
      process.stdout.write(JSON.stringify(dump) + "\n");
      console.error(`exported from ${store.kind}: ${dump.settings.length} settings, ${dump.conversations.length} conversations, ${dump.reminders.length} reminders, ${dump.digests.length} digests, ${dump.feedback.length} feedback counts, ${dump.audit.length} audit entries`);
    } else {
      const dump = Dump.parse(JSON.parse(readFileSync(0, "utf8"))) as unknown as StoreDump;
      const counts = await store.importDump(dump);
      console.error(`imported into ${store.kind}: ${JSON.stringify(counts)}`);
    }
  } finally {
    await store.close();
  }
} catch (e) {
  if (e instanceof ConfigError || e instanceof z.ZodError || e instanceof SyntaxError) {
    console.error(e instanceof z.ZodError ? e.issues.map((i) => i.message).join("; ") : e.message);
    process.exit(1);
  }
  throw e;
}
