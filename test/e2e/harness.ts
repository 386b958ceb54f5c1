import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = () => existsSync(CHROMIUM);
/** Flags for headless Chromium on a closed network, as root. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up within ${ms} ms`);
}

export interface Running {
  botPort: number;
  playgroundUrl: string;
  stop(): Promise<void>;
}

/** The bot (as `npm start` runs it) and the Agents Playground pointed at it, both on loopback. */
export async function startBotAndPlayground(env: Record<string, string> = {}): Promise<Running> {
  const botPort = await freePort();
  const playgroundPort = await freePort();
  const children: ChildProcess[] = [];
  const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: String(botPort), DATA_DIR: mkdtempSync(join(tmpdir(), "e2e-")), LOG_LEVEL: "warn", DEFAULT_AUTHORITY: "luton", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(bot);
  await waitFor(`http://127.0.0.1:${botPort}/healthz`, 20_000);
  const playground = spawn(
    process.execPath,
    [
      "node_modules/@microsoft/m365agentsplayground/cli.js",
      "--app-endpoint",
      `http://127.0.0.1:${botPort}/api/messages`,
      "--channel-id",
      "msteams",
      "--port",
      String(playgroundPort),
      "--disable-telemetry",
    ],
    { env: { ...process.env, BROWSER: "none" }, stdio: ["ignore", "ignore", "inherit"] },
  );
  children.push(playground);
  const playgroundUrl = `http://127.0.0.1:${playgroundPort}/`;
  await waitFor(playgroundUrl, 30_000);
  return {
    botPort,
    playgroundUrl,
    stop: async () => {
      for (const c of children) c.kill("SIGTERM");
      await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : Promise.resolve())));
    },
  };
}
