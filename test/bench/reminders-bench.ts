/**
 * 10,000 reminders due in the same minute across 500 conversations, sent through the real
 * Bot Framework adapter to a fake connector on loopback, paced under Teams' limits.
 * Prints: duration, duplicates, max per-conversation rate (1 s and 30 s windows) and overall rate.
 *   npm run bench:reminders [-- --reminders 10000 --conversations 500]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { createAdapter } from "../../src/teams/adapter.js";
import { readConfig } from "../../src/config.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { createLogger } from "../../src/logger.js";
import { BotFrameworkSender, Pacer, Scheduler, SqliteReminderStore, TEAMS_LIMITS } from "../../src/reminders/index.js";
import { openDatabase, SqliteStore } from "../../src/store/index.js";
import { startFakeConnector } from "../helpers/fake-connector.js";

const args = z
  .object({ reminders: z.coerce.number().int().positive().default(10_000), conversations: z.coerce.number().int().positive().default(500) })
  .parse(Object.fromEntries(process.argv.slice(2).join(" ").split("--").filter(Boolean).map((p) => p.trim().split(/\s+/) as [string, string])));

const dataDir = mkdtempSync(join(tmpdir(), "reminders-bench-"));
const fake = await startFakeConnector();
const logger = createLogger("warn");
const config = readConfig({ DATA_DIR: dataDir, PORT: "0" });
const db = openDatabase(dataDir);
const store = new SqliteStore(db);
const reminders = new SqliteReminderStore(db);
const dueMinute = new Date("2027-01-11T09:00:00Z"); // Monday, 09:00 London
// Calendar time starts at 09:00 on the due day and runs in real time, so the minute fills up as it passes.
const t0 = Date.now();
const now = () => new Date(dueMinute.getTime() + (Date.now() - t0));

for (let c = 0; c < args.conversations; c++) {
  const conversationId = `19:bench-${c}@thread.tacv2`;
  store.saveConversation(
    {
      conversationId,
      reference: { serviceUrl: fake.url, channelId: "msteams", conversation: { id: conversationId, conversationType: "channel", tenantId: "tenant-1" }, bot: { id: "28:bot" } },
      scope: "channel",
      tenantId: "tenant-1",
    },
    dueMinute,
  );
}
const rows = Array.from({ length: args.reminders }, (_, i) => ({
  id: `bench-${i}`,
  conversation_id: `19:bench-${i % args.conversations}@thread.tacv2`,
  authority: "milton-keynes",
  rule: "icpc",
  label: `R${i}`,
  from_day: "2026-12-18",
  due: "2027-01-13",
  due_at: "2027-01-14T00:00:00.000Z",
  kind: "day" as const,
  send_at: new Date(dueMinute.getTime() + (i % 60) * 1000).toISOString(),
  set_by: "bench",
}));
reminders.insert(rows, dueMinute);

const scheduler = new Scheduler({
  store: reminders,
  conversations: store,
  knowledge: loadKnowledge(),
  logger,
  sender: new BotFrameworkSender(createAdapter(config, logger), ""),
  clock: now,
  pacer: new Pacer(TEAMS_LIMITS),
  pollMs: 200,
});
console.log(`${args.reminders} reminders across ${args.conversations} conversations, due in one minute; limits: ${JSON.stringify(TEAMS_LIMITS)}`);
const started = performance.now();
scheduler.start();
const progress = setInterval(() => console.log(`  ${fake.received.length} delivered, ${((performance.now() - started) / 1000).toFixed(0)} s`), 30_000);
while (fake.received.length < args.reminders) {
  await new Promise((r) => setTimeout(r, 100));
  if (performance.now() - started > 3_600_000) break;
}
const seconds = (performance.now() - started) / 1000;
clearInterval(progress);
await new Promise((r) => setTimeout(r, 2_000)); // anything sent twice would arrive now
await scheduler.stop();

/** The most arrivals in any window of `ms`, over sorted times. */
function maxInWindow(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
const labels = fake.received.map((r) => /R\d+/.exec(String(r.activity.text ?? ""))?.[0] ?? "?");
const unique = new Set(labels);
const byConversation = new Map<string, number[]>();
for (const r of fake.received) byConversation.set(r.conversationId, [...(byConversation.get(r.conversationId) ?? []), r.at]);
const all = fake.received.map((r) => r.at).sort((a, b) => a - b);
let perSecond = 0;
let per30 = 0;
for (const times of byConversation.values()) {
  times.sort((a, b) => a - b);
  perSecond = Math.max(perSecond, maxInWindow(times, 1_000));
  per30 = Math.max(per30, maxInWindow(times, 30_000));
}
const counts = reminders.counts();
console.log(
  JSON.stringify(
    {
      reminders: args.reminders,
      conversations: args.conversations,
      delivered: fake.received.length,
      uniqueDelivered: unique.size,
      duplicates: fake.received.length - unique.size,
      states: counts,
      durationSeconds: Number(seconds.toFixed(1)),
      overallRatePerSecond: Number((fake.received.length / seconds).toFixed(1)),
      maxOverallInAny1s: maxInWindow(all, 1_000),
      maxPerConversationInAny1s: perSecond,
      maxPerConversationInAny30s: per30,
      limits: { perConversation1s: 7, perConversation30s: 60, perConversationHour: 1800, overallPerSecond: 30 },
    },
    null,
    2,
  ),
);
await fake.close();
store.close();
rmSync(dataDir, { recursive: true, force: true });
const ok = unique.size === args.reminders && fake.received.length === args.reminders && perSecond <= 7 && per30 <= 60 && maxInWindow(all, 1_000) <= 30;
console.log(ok ? "PASS: all delivered once, within the limits" : "FAIL");
process.exit(ok ? 0 : 1);
