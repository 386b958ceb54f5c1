import { createServer, connect, type Server, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createReminders } from "../../src/reminders/index.js";
import { PgStore } from "../../src/store/index.js";
import { startTestApp } from "../helpers/app.js";
import { startFakeConnector, teamsActivity } from "../helpers/fake-connector.js";
import { describePg, freshDatabase } from "../helpers/postgres.js";
import { channelActivity, FakeClock, isProactive, pause, remindValue, until } from "../reminders/harness.js";

/** A TCP proxy in front of PostgreSQL that the test can cut and restore, as a network would. */
async function startProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => undefined);
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => resolve((server!.address() as { port: number }).port));
    });
  const port = await listen(0);
  return {
    port,
    cut: async () => {
      await new Promise<void>((r) => {
        server!.close(() => r());
        for (const s of sockets) s.destroy();
      });
    },
    restore: () => listen(port),
  };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f().catch(() => undefined);
});

describePg("PostgreSQL unreachable for a while", () => {
  it("the bot still answers questions, /readyz says the database is down, reminders wait and go out once it is back", async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.drop());
    const proxy = await startProxy(new URL(db.url));
    cleanups.push(() => proxy.cut());
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const fake = await startFakeConnector();
    cleanups.push(() => fake.close());
    const clock = new FakeClock(new Date("2027-01-04T10:00:00Z"));
    const app = await startTestApp(
      { DATABASE_URL: viaProxy.toString(), DATABASE_POOL_MAX: "4" },
      { clock: clock.now, withReminders: (parts) => createReminders(parts, { clock: clock.now, pollMs: 50 }) },
    );
    cleanups.push(() => app.dispose());
    expect(await (await fetch(`${app.server.url}/readyz`)).json()).toMatchObject({ status: "ready", database: { kind: "postgres", ok: true }, reminders: "running" });

    // A reminder for Monday 11 January, 09:00.
    expect((await app.post(channelActivity(fake.url, { text: undefined, value: remindValue({ when: "2wd" }) }))).status).toBe(200);
    await until(() => fake.received.length === 1);

    await proxy.cut();
    clock.set("2027-01-11T09:00:05Z");
    const question = await app.post(teamsActivity(fake.url, { text: "luton: 13 year old, regular missing episodes, older boyfriend" }));
    expect(question.status).toBe(200);
    await until(() => fake.received.length === 2);
    expect(JSON.stringify(fake.received[1]!.activity)).toContain("AdaptiveCard");
    const down = await fetch(`${app.server.url}/readyz`);
    expect(down.status).toBe(200); // still serving answers
    expect(await down.json()).toMatchObject({ status: "degraded", database: { kind: "postgres", ok: false } });
    await pause(1_500);
    expect(fake.received.filter((r) => isProactive(r.path))).toHaveLength(0);
    expect(app.logs.some((l) => l.includes("reminder store unavailable; reminders wait"))).toBe(true);

    await proxy.restore();
    await until(() => fake.received.filter((r) => isProactive(r.path)).length === 1, 45_000);
    await pause(500);
    expect(fake.received.filter((r) => isProactive(r.path))).toHaveLength(1);
    expect(await (await fetch(`${app.server.url}/readyz`)).json()).toMatchObject({ status: "ready", database: { ok: true } });
    const direct = await PgStore.open({ connectionString: db.url, poolMax: 1 });
    cleanups.push(() => direct.close());
    expect(await direct.reminders.counts()).toEqual({ sent: 1 });
  }, 90_000);
});
