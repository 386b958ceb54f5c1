import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";

/**
 * `npm start` runs the JavaScript compiled once into dist/ (`npm test` builds it first): the
 * compiled bot starts, finds its packs, cards and JSON data, and answers over HTTP.
 */
const built = existsSync("dist/main.js") && existsSync("dist/.built");

describe.skipIf(!built)("the compiled start (npm start)", () => {
  let connector: FakeConnector;
  let dataDir: string;
  beforeAll(async () => {
    connector = await startFakeConnector();
    dataDir = mkdtempSync(join(tmpdir(), "compiled-start-"));
  });
  afterAll(async () => {
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts from dist/, answers a question with its card, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", NODE_ENV: "test", DEFAULT_AUTHORITY: "luton" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening" line: ${out}`)), 25_000);
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString("utf8");
          const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(teamsActivity(connector.url, { text: "luton MASH phone number?" })),
      });
      expect(res.status).toBe(200);
      const [reply] = await connector.waitFor(1);
      expect(JSON.stringify(cardOf(reply!.activity))).toContain("01582");
      const exited = new Promise<number | null>((r) => child.once("exit", r));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
