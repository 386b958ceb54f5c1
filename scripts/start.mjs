/**
 * `npm start`: the bot as production runs it, from the JavaScript compiled once into dist/ (by
 * `npm install`, through `prepare`, or by `npm run build`), so that nothing is compiled at start.
 * If dist/ is missing, or older than the sources, it says so and how to fix it instead of running
 * stale code. `npm run dev` runs the sources directly (tsx, restarting on changes).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import console from "node:console";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";

/**
 * Memory: what the bot keeps is about 75 MB, but under a steady stream of turns V8 lets its old
 * space fill to about four times what is live before it collects it (RSS near 400 MB after 10,000
 * requests). Growing it by at most 60 % between collections keeps RSS near 250 MB. The price is
 * more collections: pauses stay short (about 15 ms; marking runs beside the bot), but measured at
 * 50 conversations it costs about 0.3 ms of CPU per turn. Set before anything is loaded; run
 * `node --heap-growing-percent=0 scripts/start.mjs` for V8's own policy (a value given to node wins).
 */
if (!process.execArgv.some((a) => a.startsWith("--heap-growing-percent"))) v8.setFlagsFromString("--heap-growing-percent=60");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "main.js");
/** Written by `npm run build` when it succeeds (tsc leaves unchanged outputs untouched). */
const stamp = join(root, "dist", ".built");

/** The newest source file that the build turns into dist/ (TypeScript, and the JSON it copies). */
function newestSource(dir) {
  let newest = { file: "", mtime: 0 };
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, name.name);
    if (name.isDirectory()) {
      const n = newestSource(file);
      if (n.mtime > newest.mtime) newest = n;
      continue;
    }
    const compiled = name.name.endsWith(".ts") || (name.name.endsWith(".json") && existsSync(join(root, "dist", relative(join(root, "src"), file))));
    if (!compiled) continue;
    const mtime = statSync(file).mtimeMs;
    if (mtime > newest.mtime) newest = { file, mtime };
  }
  return newest;
}

if (!existsSync(entry) || !existsSync(stamp)) {
  console.error("The compiled bot (dist/main.js) is missing. Build it once with `npm run build` (npm install does this too), then `npm start` again; or run the sources with `npm run dev`.");
  process.exit(1);
}
const newest = newestSource(join(root, "src"));
if (newest.mtime > statSync(stamp).mtimeMs) {
  console.error(
    `The compiled bot in dist/ is older than ${relative(root, newest.file)}: run \`npm run build\`, then \`npm start\` again (or \`npm run dev\` to run the sources).`,
  );
  process.exit(1);
}
const { run } = await import(pathToFileURL(entry).href);
await run();
