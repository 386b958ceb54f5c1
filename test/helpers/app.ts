import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { startApp, type App, type AppOptions } from "../../src/main.js";

export interface TestApp extends App {
  dataDir: string;
  logs: string[];
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  dispose(): Promise<void>;
}

/** The real server on a free loopback port, with its own data folder and captured logs. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "threshold-test-"));
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString("utf8"));
      cb();
    },
  });
  const app = await startApp(
    { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", NODE_ENV: "test", ...env },
    { logDestination, ...options },
  );
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${app.server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  };
  return {
    ...app,
    dataDir,
    logs,
    post,
    dispose: async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
