/**
 * Reminders due in the same minute across many conversations, sent through the real Bot
 * Framework adapter to a fake connector on loopback, paced under Teams' limits.
 * With DATABASE_URL=postgres://… it runs two instances (each its own pool, scheduler and pacer)
 * on that database, which it empties first; without it, one instance on a temporary SQLite store.
 * Prints: delivered, duplicates, peak rate per conversation (1 s and 30 s), per tenant and overall.
 *   [DATABASE_URL=postgres://…] npm run bench:reminders [-- --reminders 10000 --conversations 500 --tenants 1 --instances 2]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { createAdapter } from "../../src/teams/adapter.js";
import { readConfig } from "../../src/config.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { createLogger } from "../../src/logger.js";
import { BotFrameworkSender } from "../../src/teams/sender.js";
import { Pacer, Scheduler, TEAMS_LIMITS } from "../../src/reminders/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { deliveryFigures, seedReminders, TEAMS_PUBLISHED } from "../helpers/delivery.js";
import { startFakeConnector } from "../helpers/fake-connector.js";

const databaseUrl = process.env.DATABASE_URL;
const args = z
  .object({
    reminders: z.coerce.number().int().positive().default(10_000),
    conversations: z.coerce.number().int().positive().default(500),
    tenants: z.coerce.number().int().positive().default(1),
    instances: z.coerce.number().int().positive().default(databaseUrl ? 2 : 1),
  })
  .parse(Object.fromEntries(process.argv.slice(2).join(" ").split("--").filter(Boolean).map((p) => p.trim().split(/\s+/) as [string, string])));
if (!databaseUrl && args.instances > 1) throw new Error("several instances need a shared database: set DATABASE_URL=postgres://…");

const dataDir = mkdtempSync(join(tmpdir(), "reminders-bench-"));
const fake = await startFakeConnector();
const logger = createLogger("warn");
const config = readConfig({ DATA_DIR: dataDir, PORT: "0", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
const knowledge = loadKnowledge();
const stores: Store[] = [];
for (let i = 0; i < args.instances; i++) stores.push(await openStore(config, logger));
const seed = stores[0]!;
if (seed.kind === "postgres") {
  const { CachedStore, PgStore } = await import("../../src/store/index.js");
  const raw = seed instanceof CachedStore ? seed.underlying : seed;
  if (raw instanceof PgStore) await raw.pool.query("TRUNCATE conversations, reminders, reminder_digests, rate_limits");
}
const dueMinute = new Date("2027-01-11T09:00:00Z"); // Monday, 09:00 London
await seedReminders(seed, { ...args, serviceUrl: fake.url, dueMinute });
// Calendar time starts at 09:00 on the due day and runs in real time, so the minute fills up as it passes.
const t0 = Date.now();
const now = () => new Date(dueMinute.getTime() + (Date.now() - t0));

const schedulers = stores.map(
  (store) =>
    new Scheduler({
      store: store.reminders,
      conversations: store,
      knowledge,
      logger,
      sender: new BotFrameworkSender(createAdapter(config, logger), ""),
      clock: now,
      pacer: new Pacer(store, TEAMS_LIMITS),
      pollMs: 200,
      claimBatch: 300,
    }),
);
console.log(
  `${args.reminders} reminders across ${args.conversations} conversations in ${args.tenants} tenant(s), due in one minute; ${args.instances} instance(s) on ${seed.kind}; limits: ${JSON.stringify(TEAMS_LIMITS)}`,
);
const started = performance.now();
for (const s of schedulers) s.start();
const progress = setInterval(() => console.log(`  ${fake.received.length} delivered, ${((performance.now() - started) / 1000).toFixed(0)} s`), 30_000);
while (fake.received.length < args.reminders) {
  await new Promise((r) => setTimeout(r, 100));
  if (performance.now() - started > 3_600_000) break;
}
clearInterval(progress);
await new Promise((r) => setTimeout(r, 2_000)); // anything sent twice would arrive now
for (const s of schedulers) await s.stop();
const figures = deliveryFigures(fake.received, args.reminders, args.tenants, args.conversations);
console.log(
  JSON.stringify(
    { reminders: args.reminders, conversations: args.conversations, tenants: args.tenants, instances: args.instances, store: seed.kind, states: await seed.reminders.counts(), ...figures, limits: TEAMS_PUBLISHED },
    null,
    2,
  ),
);
await fake.close();
for (const s of stores) await s.close();
rmSync(dataDir, { recursive: true, force: true });
const ok =
  figures.uniqueDelivered === args.reminders &&
  figures.duplicates === 0 &&
  figures.maxPerConversationInAny1s <= TEAMS_PUBLISHED.perConversation1s &&
  figures.maxPerConversationInAny30s <= TEAMS_PUBLISHED.perConversation30s &&
  figures.maxPerTenantInAny1s <= TEAMS_PUBLISHED.perTenantPerSecond;
console.log(ok ? "PASS: all delivered once, within the limits" : "FAIL");
process.exit(ok ? 0 : 1);
