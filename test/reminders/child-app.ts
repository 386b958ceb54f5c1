/**
 * The app in a child process, so a test can SIGKILL it mid-send. Its calendar clock starts at
 * FAKE_NOW and runs in real time; everything else is the production composition (DATABASE_URL
 * picks PostgreSQL, as in production).
 */
import { startApp } from "../../src/main.js";
import { createReminders } from "../../src/reminders/index.js";

const base = new Date(process.env.FAKE_NOW ?? "").getTime();
const t0 = Date.now();
const clock = () => new Date(base + (Date.now() - t0));
const app = await startApp(
  {
    PORT: "0",
    DATA_DIR: process.env.DATA_DIR ?? "",
    LOG_LEVEL: "warn",
    NODE_ENV: "test",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL, DATABASE_POOL_MAX: "6" } : {}),
  },
  { clock, withReminders: (parts) => createReminders(parts, {
      clock,
      pollMs: 50,
      ...(process.env.CLAIM_BATCH ? { claimBatch: Number(process.env.CLAIM_BATCH) } : {}),
      ...(process.env.LEASE_MS ? { leaseMs: Number(process.env.LEASE_MS) } : {}),
    }) },
);
console.log(`READY ${app.server.url}`);
process.once("SIGTERM", () => void app.stop().then(() => process.exit(0)));
