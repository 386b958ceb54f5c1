import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LocalContacts, Pack } from "./schema.js";
import { PackLanguage } from "./language.js";

/** The JSON Schemas editors use for completion, generated from the zod schemas so they never drift. */
export const jsonSchemas = () => ({
  "pack.schema.json": z.toJSONSchema(Pack, { io: "input", target: "draft-2020-12" }),
  "contacts.schema.json": z.toJSONSchema(LocalContacts, { io: "input", target: "draft-2020-12" }),
  "language.schema.json": z.toJSONSchema(PackLanguage, { io: "input", target: "draft-2020-12" }),
});

export function writeJsonSchemas(dir: string): string[] {
  return Object.entries(jsonSchemas()).map(([name, schema]) => {
    const file = join(dir, name);
    writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
    return file;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of writeJsonSchemas(new URL(".", import.meta.url).pathname)) console.log(`wrote ${f}`);
}
