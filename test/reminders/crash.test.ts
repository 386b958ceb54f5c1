import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeConnector, type FakeConnector } from "../helpers/fake-connector.js";
import { channelActivity, isProactive, pause, remindValue, until } from "./harness.js";

const children: ChildProcess[] = [];
let fake: FakeConnector | undefined;
let dataDir = "";
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function startChild(fakeNow: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/reminders/child-app.ts"], {
    env: { ...process.env, DATA_DIR: dataDir, FAKE_NOW: fakeNow },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", () => reject(new Error("child exited before it was ready")));
  });
  return { child, url };
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

describe("a process killed between send and mark", () => {
  it("SIGKILL after the connector accepted the card, before the mark; restart: still exactly one", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "reminders-crash-"));
    fake = await startFakeConnector();
    // The first run starts two seconds before 09:00 on the day the reminder is for.
    const first = await startChild("2027-01-11T08:59:57Z");
    let killed = false;
    fake.respond = ({ path }) => {
      if (isProactive(path) && !killed) {
        killed = true;
        first.child.kill("SIGKILL"); // the card is accepted, but the process never hears so
      }
      return { status: 200 };
    };
    const res = await fetch(`${first.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(channelActivity(fake.url, { text: undefined, value: remindValue({ when: "2wd" }) })),
    });
    expect(res.status).toBe(200);
    await until(() => killed, 15_000);
    await exited(first.child);
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(fake.received.filter((r) => isProactive(r.path))).toHaveLength(1);

    // Restart ten minutes later (the claim's lease has run out): the reminder must not go again.
    const second = await startChild("2027-01-11T09:10:00Z");
    await pause(1_500);
    expect(fake.received.filter((r) => isProactive(r.path))).toHaveLength(1);
    second.child.kill("SIGTERM");
    await exited(second.child);
    const db = new Database(join(dataDir, "threshold-assistant.db"), { readonly: true });
    const rows = db.prepare("SELECT state, outcome FROM reminders").all();
    db.close();
    expect(rows).toEqual([{ state: "sent", outcome: "unconfirmed" }]);
  }, 40_000);

  it("killed while the reminder waited (down through 09:00): the restart sends it once, marked (delayed)", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "reminders-crash-"));
    fake = await startFakeConnector();
    const first = await startChild("2027-01-08T10:00:00Z");
    const res = await fetch(`${first.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(channelActivity(fake.url, { text: undefined, value: remindValue({ when: "2wd" }) })),
    });
    expect(res.status).toBe(200);
    await until(() => fake!.received.length === 1);
    first.child.kill("SIGKILL");
    await exited(first.child);
    // Down over the weekend and through Monday 09:00; back at 11:00.
    await startChild("2027-01-11T11:00:00Z");
    await until(() => fake!.received.filter((r) => isProactive(r.path)).length === 1, 15_000);
    await pause(800);
    const sent = fake.received.filter((r) => isProactive(r.path));
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.activity)).toContain("(delayed)");
  }, 40_000);
});
