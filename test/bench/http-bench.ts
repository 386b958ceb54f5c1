/**
 * `npm run bench:http`: the real bot against the floor. Two servers run as child processes, each
 * as production runs it (compiled JavaScript with node): the real bot (`scripts/start.mjs` running
 * dist/, as `npm start` runs it) and a minimal CloudAdapter echo bot (`test/bench/echo-bot.mjs`). Both post
 * their replies to the same fake Bot Connector, get the same Teams activities, and are driven in
 * alternating rounds (echo, real, real, echo, …) at 1, 10 and 50 concurrent conversations
 * (closed loop: each conversation sends its next message when the last reply is back) and at a
 * fixed offered rate.
 *
 * CPU per turn is the server process's own CPU time (utime + stime from /proc/<pid>/stat) over the
 * round, divided by the turns it served: the load generator and the fake connector share this
 * process and are not counted. The machine is shared, so absolute figures move from run to run;
 * the ratio real/echo is the figure to read. Each figure is the median over the rounds.
 *
 *   npm run bench:http [-- --seconds 6 --rounds 3 --rate 100 --warmup 10000 --real tsx]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startFakeConnector, teamsActivity } from "../helpers/fake-connector.js";
import { QUESTIONS } from "./questions.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "6" },
    rounds: { type: "string", default: "3" },
    rate: { type: "string", default: "100" },
    warmup: { type: "string", default: "10000" },
    /** "dist" (compiled, as `npm start`) or "tsx" (as `npm run dev`, without the watcher). */
    real: { type: "string", default: "dist" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const rate = Number(values.rate);
const warmup = Number(values.warmup);


const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || "100");

/** utime + stime of a process, in milliseconds. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

interface Server {
  name: "echo" | "real";
  child: ChildProcess;
  url: string;
  coldStartMs: number;
  rssAfterStart: number;
  rssAfterWarmup?: number;
  served: number;
}

async function startServer(name: Server["name"], dataDir: string): Promise<Server> {
  const port = 39_000 + Math.floor(Math.random() * 1000) + (name === "echo" ? 1000 : 0);
  if (name === "real" && values.real === "dist" && !existsSync("dist/main.js")) throw new Error("dist/main.js is missing: run `npm run build` first");
  // The real bot starts as `npm start` starts it (scripts/start.mjs, without npm's own start-up).
  const args =
    name === "echo" ? ["test/bench/echo-bot.mjs"] : values.real === "dist" ? ["scripts/start.mjs"] : ["--import", "tsx", "src/main.ts"];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
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
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until || child.exitCode !== null) throw new Error(`${name} bot did not become healthy`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const coldStartMs = performance.now() - started;
  return { name, child, url, coldStartMs, rssAfterStart: rssMb(child.pid!), served: 0 };
}

const connector = await startFakeConnector();
const dataDir = mkdtempSync(join(tmpdir(), "bench-http-"));

interface Round {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  cpuPerTurn: number;
  errors: number;
  replies: number;
}

let n = 0;
async function drive(server: Server, connections: number, opts: { duration?: number; amount?: number; offered?: number }): Promise<Round> {
  const pid = server.child.pid!;
  connector.received.length = 0;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: `${server.url}/api/messages`,
    connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? seconds }),
    ...(opts.offered ? { overallRate: opts.offered } : {}),
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
  const cpu = cpuMs(pid) - cpuBefore;
  const requests = result.requests.total;
  server.served += requests;
  return {
    requests,
    rps: requests / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerTurn: cpu / Math.max(1, requests),
    errors: result.errors + result.timeouts + result.non2xx,
    replies: connector.received.length,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const servers: Server[] = [];
try {
  // One at a time, so that neither start competes with the other for the CPU.
  const echo = await startServer("echo", join(dataDir, "echo"));
  servers.push(echo);
  const real = await startServer("real", join(dataDir, "real"));
  servers.push(real);

  // Warm-up: 10,000 requests each (50 conversations, closed loop), then the RSS "after 10,000 requests".
  for (const s of servers) {
    const w = await drive(s, 50, { amount: warmup });
    s.rssAfterWarmup = rssMb(s.child.pid!);
    if (w.errors) console.log(`  warm-up of ${s.name}: ${w.errors} errors`);
  }

  const scenarios: { label: string; connections: number; offered?: number }[] = [
    { label: "1 conversation, closed loop", connections: 1 },
    { label: "10 conversations, closed loop", connections: 10 },
    { label: "50 conversations, closed loop", connections: 50 },
    ...(rate > 0 ? [{ label: `${rate} requests/s offered, 50 conversations`, connections: 50, offered: rate }] : []),
  ];
  const results = new Map<string, { echo: Round[]; real: Round[] }>();
  for (const sc of scenarios) {
    const r = { echo: [] as Round[], real: [] as Round[] };
    results.set(sc.label, r);
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? [echo, real] : [real, echo];
      for (const s of order) r[s.name].push(await drive(s, sc.connections, sc.offered ? { offered: sc.offered } : {}));
    }
  }

  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");
  console.log(
    `\nHTTP bench: real bot (${values.real === "dist" ? "compiled, dist/main.js" : "tsx"}) against a minimal CloudAdapter echo bot, same fake connector, ` +
      `${rounds} alternating rounds of ${seconds} s per scenario, medians. CPU = the server process's own CPU time per turn.\n`,
  );
  const pad = (s: string, w: number) => s.padEnd(w);
  const rows: string[][] = [["scenario", "figure", "real", "echo", "real/echo"]];
  for (const sc of scenarios) {
    const r = results.get(sc.label)!;
    const m = (bot: "echo" | "real", k: keyof Round) => median(r[bot].map((x) => x[k]));
    let labelled = false;
    const row = (figure: string, k: keyof Round, d = 2) => {
      const a = m("real", k);
      const b = m("echo", k);
      rows.push([labelled ? "" : sc.label, figure, f(a, d), f(b, d), b ? `${f(a / b, 2)}×` : "-"]);
      labelled = true;
    };
    row("CPU ms/turn", "cpuPerTurn");
    row("requests/s", "rps", 0);
    row("p50 ms", "p50", 1);
    row("p99 ms", "p99", 1);
    const errors = r.real.reduce((s, x) => s + x.errors, 0) + r.echo.reduce((s, x) => s + x.errors, 0);
    const missing = r.real.reduce((s, x) => s + Math.max(0, x.requests - x.replies), 0);
    if (errors || missing) rows.push(["", "errors / missing replies (real)", String(errors), String(missing), ""]);
  }
  rows.push(["start", "cold start to /healthz 200, ms", f(real.coldStartMs, 0), f(echo.coldStartMs, 0), `${f(real.coldStartMs / echo.coldStartMs)}×`]);
  rows.push(["", "RSS after start, MB", f(real.rssAfterStart, 0), f(echo.rssAfterStart, 0), ""]);
  rows.push(["", `RSS after ${warmup} requests, MB`, f(real.rssAfterWarmup!, 0), f(echo.rssAfterWarmup!, 0), ""]);
  rows.push(["", `RSS at the end (${real.served} / ${echo.served} requests), MB`, f(rssMb(real.child.pid!), 0), f(rssMb(echo.child.pid!), 0), ""]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => pad(c, widths[i]!)).join("  "));

  const ratio = (label: string, k: keyof Round) => {
    const r = results.get(label)!;
    return median(r.real.map((x) => x[k])) / median(r.echo.map((x) => x[k]));
  };
  const cpu10 = ratio(scenarios[1]!.label, "cpuPerTurn");
  const cpu50 = ratio(scenarios[2]!.label, "cpuPerTurn");
  const tput = ratio(scenarios[2]!.label, "rps");
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(
    `\ntargets: CPU/turn ≤ 1.5× echo at 10 and 50: ${f(cpu10)}× / ${f(cpu50)}× ${met(cpu10 <= 1.5 && cpu50 <= 1.5)}; ` +
      `throughput ≥ 0.65× echo at 50: ${f(tput)}× ${met(tput >= 0.65)}; cold start < 1.2 s: ${met(real.coldStartMs < 1200)}; ` +
      `RSS after start < 150 MB: ${met(real.rssAfterStart < 150)}; after ${warmup} requests < 250 MB: ${met(real.rssAfterWarmup! < 250)}`,
  );
} finally {
  for (const s of servers) {
    s.child.kill("SIGTERM");
    await new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once("exit", r)));
  }
  await connector.close();
  rmSync(dataDir, { recursive: true, force: true });
}
