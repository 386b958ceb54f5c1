import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { startApp } from "../../src/main.js";
import { cardOf, startFakeConnector, teamsActivity } from "../helpers/fake-connector.js";

/**
 * The server listens before the bot has loaded: /healthz answers at once, /readyz says it is still
 * starting, and a question that arrives meanwhile waits for the bot and gets its answer.
 */
describe("start-up order", () => {
  it("answers /healthz while loading, and a question sent then once the bot is ready", async () => {
    const connector = await startFakeConnector();
    const dataDir = mkdtempSync(join(tmpdir(), "start-order-"));
    let out = "";
    const logDestination = new Writable({
      write(chunk: Buffer, _enc, cb) {
        out += chunk.toString("utf8");
        cb();
      },
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const starting = startApp(
      { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", NODE_ENV: "test" },
      {
        logDestination,
        // The bot's last part to load, held until the test has looked.
        withReminders: async () => {
          await held;
          const none = () => Promise.reject(new Error("no reminders in this test"));
          return { handleAction: none, handleCommand: none, conversationRemoved: async () => {} };
        },
      },
    );
    try {
      let port = 0;
      for (let i = 0; i < 500 && !port; i++) {
        port = Number(/"port":(\d+)[^\n]*"msg":"listening"/.exec(out)?.[1] ?? 0);
        if (!port) await new Promise((r) => setTimeout(r, 10));
      }
      expect(port).toBeGreaterThan(0);
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const readyz = await fetch(`${url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toMatchObject({ status: "starting" });

      const question = fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(teamsActivity(connector.url, { text: "luton MASH phone number?" })),
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(connector.received).toHaveLength(0);
      release();
      const app = await starting;
      try {
        expect((await question).status).toBe(200);
        const [reply] = await connector.waitFor(1);
        expect(JSON.stringify(cardOf(reply!.activity))).toContain("01582");
        expect((await fetch(`${url}/readyz`)).status).toBe(200);
      } finally {
        await app.stop();
      }
    } finally {
      release();
      await connector.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
