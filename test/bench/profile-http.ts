/**
 * `npx tsx test/bench/profile-http.ts [out-dir]`: the compiled real bot under the http bench's load (50 conversations,
 * closed loop, 20,000 requests after 5,000 of warm-up) with V8's CPU profiler on, for finding where a turn goes.
 * Writes a .cpuprofile into out-dir (default /tmp/bot-profile); prints nothing else of note.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startFakeConnector, teamsActivity } from "../helpers/fake-connector.js";
import { QUESTIONS } from "./questions.js";

const out = process.argv[2] ?? "/tmp/bot-profile";
const connector = await startFakeConnector();
const port = 38_000 + Math.floor(Math.random() * 1000);
const child = spawn(process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${out}`, "scripts/start.mjs"], {
  env: { ...process.env, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), "bot-profile-")), LOG_LEVEL: "warn", NODE_ENV: "development", RATE_LIMIT_USER_PER_MINUTE: "100000", RATE_LIMIT_CONVERSATION_PER_MINUTE: "1000000" },
  stdio: ["ignore", "ignore", "inherit"],
});
const url = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 20));
}
let n = 0;
const drive = (amount: number) =>
  autocannon({
    url: `${url}/api/messages`,
    connections: 50,
    amount,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => {
          const i = n++;
          const [authority, text] = QUESTIONS[i % QUESTIONS.length]!;
          const conversation = i % 50;
          return { ...req, body: JSON.stringify(teamsActivity(connector.url, { id: `p-${i}`, text: `${authority.replace("-", " ")}: ${text}`, from: { id: `29:user-${conversation}`, aadObjectId: `user-${conversation}` }, conversation: { id: `a:p-${conversation}`, conversationType: "personal", tenantId: "tenant-1" } })) };
        },
      },
    ],
  });
await drive(5000);
const r = await drive(20000);
console.log(`${r.requests.total} requests, ${r.requests.average} req/s; profile in ${out}`);
child.kill("SIGINT");
await new Promise((res) => child.on("exit", res));
await connector.close();
process.exit(0);
