import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { HarmNet } from "./harm-net.js";
import { Weights } from "./weights.js";

/** The JSON Schemas of the matcher's data files, generated from their zod schemas so they never drift. */
export const thresholdSchemas = () => ({
  "weights.schema.json": z.toJSONSchema(Weights, { io: "input", target: "draft-2020-12" }),
  "harm-net.schema.json": z.toJSONSchema(HarmNet, { io: "input", target: "draft-2020-12" }),
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = new URL(".", import.meta.url).pathname;
  for (const [name, schema] of Object.entries(thresholdSchemas())) {
    writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${join(dir, name)}`);
  }
}
