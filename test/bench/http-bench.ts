/**
 * Load benchmark: the real server (a child process, as `npm start` runs it) behind a fake Bot
 * Connector, driven on loopback by autocannon with 50 concurrent conversations of mixed questions
 * for 30 s. Without an app id the adapter posts each reply to the connector before the HTTP
 * request completes, so request latency here is request-to-reply-at-the-connector latency.
 *
 *   npm run bench:http [-- --seconds 30 --connections 50 --rate 100]
 *
 * --rate is the overall request rate (default 100 a second, i.e. each of the 50 conversations
 * sends a message every half second, far above any person typing); --rate 0 runs closed-loop,
 * sending as fast as replies come back, which measures the maximum throughput instead.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startFakeConnector, teamsActivity } from "../helpers/fake-connector.js";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "30" }, connections: { type: "string", default: "50" }, rate: { type: "string", default: "100" } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const QUESTIONS: [string, string][] = [
  ["luton", "13yo missing 3 times this month, older bf picks her up, mum says she's fine"],
  ["luton", "luton MASH phone number?"],
  ["milton-keynes", "strat discussion 18/12/26 where we agreed s47 enquiries - when's the ICPC due by?"],
  ["milton-keynes", "toddler with unexplained bruising to the face, dad says he fell"],
  ["oldham", "oldham EDT number?"],
  ["bracknell-forest", "email for early help referrals in bracknell forest?"],
  ["luton", "help"],
  ["milton-keynes", "parents say their 6yo basically does what she wants, no routine at home"],
];

const rssOf = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function waitForHealth(url: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become healthy");
}

const connector = await startFakeConnector();
const dataDir = mkdtempSync(join(tmpdir(), "bench-http-"));
const port = 39_000 + Math.floor(Math.random() * 1000);
const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
    RATE_LIMIT_USER_PER_MINUTE: "100000",
    RATE_LIMIT_CONVERSATION_PER_MINUTE: "1000000",
  },
  stdio: ["ignore", "ignore", "inherit"],
});
const url = `http://127.0.0.1:${port}`;
try {
  await waitForHealth(url);
  let n = 0;
  const drive = (duration: number, offered: number) =>
    autocannon({
    url: `${url}/api/messages`,
    connections,
    duration,
    ...(offered > 0 ? { overallRate: offered } : {}),
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => {
          const i = n++;
          const conversation = i % connections;
          const [authority, text] = QUESTIONS[i % QUESTIONS.length]!;
          return {
            ...req,
            body: JSON.stringify(
              teamsActivity(connector.url, {
                id: `bench-${i}`,
                text: `${authority.replace("-", " ")}: ${text}`,
                from: { id: `29:user-${conversation}`, aadObjectId: `user-${conversation}` },
                conversation: { id: `a:bench-${conversation}`, conversationType: "personal", tenantId: "tenant-1" },
              }),
            ),
          };
        },
      },
    ],
  });
  // Warm-up until the heap has grown to its working size, so "before" is steady state, not start-up.
  await drive(10, 0);
  const rssBefore = rssOf(child.pid!);
  const receivedBefore = connector.received.length;
  const result = await drive(seconds, rate);
  const rssAfter = rssOf(child.pid!);
  const replies = connector.received.length - receivedBefore;
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `HTTP load: ${connections} conversations, ${seconds} s, ${rate > 0 ? `${rate} requests/s offered` : "closed loop (as fast as replies return)"}, mixed questions`,
  );
  console.log(`  requests/s      ${result.requests.average.toFixed(0)} (total ${result.requests.total})`);
  console.log(`  latency p50     ${result.latency.p50} ms   (request to reply at the connector)`);
  console.log(`  latency p99     ${result.latency.p99} ms   (max ${result.latency.max} ms)`);
  console.log(`  errors          ${errors} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
  console.log(`  replies         ${replies} received by the connector`);
  console.log(`  RSS             ${rssBefore.toFixed(1)} MB before, ${rssAfter.toFixed(1)} MB after (growth ${(rssAfter - rssBefore).toFixed(1)} MB)`);
  console.log(`  targets         p99 < 50 ms: ${result.latency.p99 < 50 ? "met" : "NOT met"}; zero errors: ${errors === 0 ? "met" : "NOT met"}; growth < 20 MB: ${rssAfter - rssBefore < 20 ? "met" : "NOT met"}`);
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await connector.close();
  rmSync(dataDir, { recursive: true, force: true });
}
