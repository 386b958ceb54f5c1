import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { PgStore, PG_MIGRATIONS } from "../../src/store/index.js";
import { deliveryFigures, seedReminders, TEAMS_PUBLISHED, type DeliveryFigures } from "../helpers/delivery.js";
import { startFakeConnector, type FakeConnector } from "../helpers/fake-connector.js";
import { describePg, freshDatabase } from "../helpers/postgres.js";
import { isProactive, pause, until } from "./harness.js";

/**
 * Two bot instances (child processes, the production composition) on one PostgreSQL database,
 * 2,000 reminders due in the same minute across 200 conversations in 10 tenants, sent to one
 * fake connector under Teams' real limits.
 */
const REMINDERS = 2_000;
const CONVERSATIONS = 200;
const TENANTS = 10;
const DUE = new Date("2027-01-11T09:00:00Z"); // Monday 09:00 London
const START = "2027-01-11T09:01:00Z"; // every reminder of the minute is due when the instances start

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function startInstance(databaseUrl: string, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/reminders/child-app.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, FAKE_NOW: START, CLAIM_BATCH: "200", LEASE_MS: "8000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      if (/READY \S+/.test(out)) resolve();
    });
    child.once("exit", () => reject(new Error("instance exited before it was ready")));
  });
  return child;
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

async function setUp(): Promise<{ fake: FakeConnector; url: string; dataDir: string; store: PgStore }> {
  const db = await freshDatabase();
  cleanups.push(() => db.drop());
  const fake = await startFakeConnector();
  cleanups.push(() => fake.close());
  const dataDir = mkdtempSync(join(tmpdir(), "multi-instance-"));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const store = await PgStore.open({ connectionString: db.url, poolMax: 2 });
  cleanups.push(() => store.close());
  return { fake, url: db.url, dataDir, store };
}

function report(title: string, f: DeliveryFigures, extra: Record<string, unknown> = {}) {
  console.log(`${title}: ${JSON.stringify({ reminders: REMINDERS, conversations: CONVERSATIONS, tenants: TENANTS, ...f, ...extra, limits: TEAMS_PUBLISHED })}`);
}

function expectWithinLimits(f: DeliveryFigures) {
  expect(f.maxPerConversationInAny1s).toBeLessThanOrEqual(TEAMS_PUBLISHED.perConversation1s);
  expect(f.maxPerConversationInAny30s).toBeLessThanOrEqual(TEAMS_PUBLISHED.perConversation30s);
  expect(f.maxPerTenantInAny1s).toBeLessThanOrEqual(TEAMS_PUBLISHED.perTenantPerSecond);
}

describePg("two bot instances on one PostgreSQL database", () => {
  it("start together (migrations run once), then deliver 2,000 reminders due in one minute exactly once, pacing held across both", async () => {
    const { fake, url, dataDir, store } = await setUp();
    // The schema is made by the instances themselves, starting at the same moment.
    await store.pool.query("DROP TABLE IF EXISTS schema_migrations, settings, conversations, feedback, audit, reminders, reminder_digests, rate_limits");
    const [a, b] = await Promise.all([startInstance(url, dataDir), startInstance(url, dataDir)]);
    const { rows } = await store.pool.query("SELECT version, applied_by FROM schema_migrations ORDER BY version");
    expect(rows.map((r: { version: number }) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(rows.map((r: { applied_by: string }) => r.applied_by)).size).toBe(1);

    await seedReminders(store, { reminders: REMINDERS, conversations: CONVERSATIONS, tenants: TENANTS, serviceUrl: fake.url, dueMinute: DUE });
    const proactive = () => fake.received.filter((r) => isProactive(r.path));
    await until(() => proactive().length >= REMINDERS, 120_000);
    await pause(1_500); // anything sent twice would arrive now
    const f = deliveryFigures(proactive(), REMINDERS, TENANTS, CONVERSATIONS);
    const byInstance = (await store.pool.query("SELECT COUNT(DISTINCT lease_owner)::int AS n FROM reminders")).rows[0] as { n: number };
    report("two instances", f, { states: await store.reminders.counts() });
    expect(f.duplicates).toBe(0);
    expect(f.uniqueDelivered).toBe(REMINDERS);
    expect(await store.reminders.counts()).toEqual({ sent: REMINDERS });
    expect(byInstance.n).toBe(0); // every lease released on finishing
    expectWithinLimits(f);
    for (const c of [a, b]) c.kill("SIGTERM");
    await Promise.all([exited(a), exited(b)]);
  }, 180_000);

  it("one instance killed with SIGKILL in the middle of sending and restarted: still each reminder once", async () => {
    const { fake, url, dataDir, store } = await setUp();
    await seedReminders(store, { reminders: REMINDERS, conversations: CONVERSATIONS, tenants: TENANTS, serviceUrl: fake.url, dueMinute: DUE });
    // The connector holds each post a moment, so the killed instance has sends the connector
    // accepted but it never heard about (the case "never sent twice" is for).
    fake.respond = () => ({ status: 200, delayMs: 15 });
    const proactive = () => fake.received.filter((r) => isProactive(r.path));
    const a = await startInstance(url, dataDir);
    const b = await startInstance(url, dataDir);
    await until(() => proactive().length >= 600, 120_000);
    a.kill("SIGKILL");
    await exited(a);
    const atKill = proactive().length;
    // Restarted at once: the new process is a new owner; the dead one's claims wait for their lease
    // (8 s here, 5 min by default), then unstarted ones are sent and started ones are never resent.
    const a2 = await startInstance(url, dataDir);
    await until(async () => {
      const c = await store.reminders.counts();
      return (c.sent ?? 0) + (c.undeliverable ?? 0) === REMINDERS;
    }, 150_000);
    await pause(1_500);
    const f = deliveryFigures(proactive(), REMINDERS, TENANTS, CONVERSATIONS);
    const unconfirmed = (await store.pool.query("SELECT id FROM reminders WHERE outcome = 'unconfirmed'")).rows.map((r: { id: string }) => r.id);
    report("SIGKILL and restart", f, { deliveredWhenKilled: atKill, unconfirmedAfterCrash: unconfirmed.length, states: await store.reminders.counts() });
    expect(f.duplicates).toBe(0);
    // Never twice: a send the killed instance had started is not resent, so one killed between
    // marking it started and reaching the connector is lost; only those may be missing.
    expect(f.uniqueDelivered).toBeLessThanOrEqual(REMINDERS);
    expect(REMINDERS - f.uniqueDelivered).toBeLessThanOrEqual(unconfirmed.length);
    expectWithinLimits(f);
    for (const c of [b, a2]) c.kill("SIGTERM");
    await Promise.all([exited(b), exited(a2)]);
  }, 240_000);
});
