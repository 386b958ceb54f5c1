import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

describe("a slow or failing connector", () => {
  let connector: FakeConnector;
  let app: TestApp;
  beforeAll(async () => {
    connector = await startFakeConnector();
    app = await startTestApp({ DEFAULT_AUTHORITY: "luton" });
  });
  afterAll(async () => {
    await app?.dispose();
    await connector?.close();
  });

  it("does not hold up other conversations while one conversation's replies take 5 s", async () => {
    connector.respond = ({ path }) => (path.includes("slow-conversation") ? { status: 200, delayMs: 5_000 } : { status: 200 });
    const slow = app.post(teamsActivity(connector.url, { text: "help", conversation: { id: "a:slow-conversation", conversationType: "personal" } }));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const fast = await app.post(
      teamsActivity(connector.url, { text: "help", from: { id: "29:fast", aadObjectId: "fast" }, conversation: { id: "a:fast-conversation", conversationType: "personal" } }),
    );
    expect(fast.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await slow).status).toBe(200);
  });

  it("answers 200 and stays up when the connector is down for a conversation", async () => {
    connector.respond = ({ path }) => (path.includes("down-conversation") ? { status: 503 } : { status: 200 });
    const res = await app.post(teamsActivity(connector.url, { text: "help", from: { id: "29:down", aadObjectId: "down" }, conversation: { id: "a:down-conversation", conversationType: "personal" } }));
    expect(res.status).toBeLessThan(600);
    expect((await fetch(`${app.server.url}/healthz`)).status).toBe(200);
    connector.respond = () => ({ status: 200 });
  });
});

describe("SIGTERM during load", () => {
  it("finishes the turns in flight, delivers their replies and exits cleanly", { timeout: 90_000 }, async () => {
    const connector = await startFakeConnector();
    connector.respond = () => ({ status: 200, delayMs: 1_000 });
    const dataDir = mkdtempSync(join(tmpdir(), "sigterm-"));
    const port = 40_000 + Math.floor(Math.random() * 5_000);
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn", DEFAULT_AUTHORITY: "luton", NODE_ENV: "development" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      // A cold start takes longer on a loaded machine: wait for health, up to 45 s, before the load.
      for (let i = 0; i < 450; i++) {
        try {
          if ((await fetch(`${url}/healthz`)).ok) break;
        } catch {
          /* starting */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const inFlight = Array.from({ length: 5 }, (_, i) =>
        fetch(`${url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(
            teamsActivity(connector.url, { text: "help", from: { id: `29:u${i}`, aadObjectId: `u${i}` }, conversation: { id: `a:sigterm-${i}`, conversationType: "personal" } }),
          ),
        }).then((r) => r.status),
      );
      await new Promise((r) => setTimeout(r, 300));
      child.kill("SIGTERM");
      expect(await Promise.all(inFlight)).toEqual([200, 200, 200, 200, 200]);
      expect(await exited).toBe(0);
      expect(connector.received).toHaveLength(5);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await connector.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
