import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { answer } from "../answers/index.js";
import { renderCard } from "../cards/index.js";
import { knowledgeOptions, processEnv, readConfig, type Config } from "../config.js";
import { AuthorityId, loadKnowledge, PackError, type Knowledge } from "../knowledge/index.js";
import { runPacksCli } from "./packs.js";
import { runDeadlineCli } from "./deadline.js";
import { explainThreshold } from "../thresholds/explain.js";
import { documentSays } from "../contract/text.js";

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin?: NodeJS.ReadableStream;
}

const ASK_HELP = `Usage:
  npm run --silent ask -- --authority <id> --json "<question>"   one Answer as JSON (with its card)
  npm run --silent ask -- --authority <id> "<question>"          the answer as plain text
  npm run --silent ask -- --batch < questions.jsonl               JSONL in {"id","authority","text"}, JSONL out
Options:
  --authority <id>   a pack folder name, e.g. milton-keynes or luton (default: DEFAULT_AUTHORITY)
  --now <ISO>        the clock for relative dates ("today", "last Friday"); default: now
  --json             print the Answer as JSON
  --batch            read questions as JSON lines on standard input
  --explain          show how the threshold matcher read the question: clauses, candidates, the deciding rule
Exit codes: 0 answered, 2 bad arguments, 1 packs failed to load.`;

const BatchLine = z.object({ id: z.string().optional(), authority: AuthorityId.optional(), text: z.string() }).passthrough();

const cliConfig = (): Config => readConfig({ ...processEnv(), NODE_ENV: "development" });

function knowledgeOrExit(io: Io): Knowledge | null {
  try {
    return loadKnowledge(knowledgeOptions(cliConfig()));
  } catch (e) {
    io.stderr(e instanceof PackError ? `The packs failed to load:\n${e.message}\n` : `${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
}

function parseNow(value: string | undefined, io: Io): Date | null | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    io.stderr(`--now "${value}" is not a date-time; use ISO 8601, e.g. 2026-12-18T09:00:00Z\n`);
    return null;
  }
  return d;
}

async function runAsk(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        authority: { type: "string" },
        json: { type: "boolean", default: false },
        batch: { type: "boolean", default: false },
        explain: { type: "boolean", default: false },
        now: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n\n${ASK_HELP}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(`${ASK_HELP}\n`);
    return 0;
  }
  const now = parseNow(values.now, io);
  if (now === null) return 2;
  const defaultAuthority = cliConfig().DEFAULT_AUTHORITY ?? null;
  const knowledge = knowledgeOrExit(io);
  if (!knowledge) return 1;
  let authority: AuthorityId | null = defaultAuthority;
  if (values.authority !== undefined) {
    if (!knowledge.packs.has(values.authority)) {
      io.stderr(`Unknown authority "${values.authority}". Use one of: ${[...knowledge.packs.keys()].join(", ")}.\n`);
      return 2;
    }
    authority = values.authority;
  }
  const context = (a: AuthorityId | null) => ({ knowledge, authority: a, ...(now ? { now } : {}) });

  if (values.batch) {
    const input = io.stdin ?? process.stdin;
    const lines = createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let parsed;
      try {
        parsed = BatchLine.safeParse(JSON.parse(line));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        io.stdout(`${JSON.stringify({ line: n, error: 'not a JSON object with "text" (and optional "id", "authority")' })}\n`);
        continue;
      }
      const a = answer(parsed.data.text, context(parsed.data.authority ?? authority));
      io.stdout(`${JSON.stringify({ id: parsed.data.id, ...a, card: renderCard(a) })}\n`);
    }
    return 0;
  }
  const question = positionals.join(" ");
  if (!question.trim()) {
    io.stderr(`No question given.\n\n${ASK_HELP}\n`);
    return 2;
  }
  const a = answer(question, context(authority));
  if (values.explain) {
    io.stdout(`Answer kind: ${a.kind}. ${a.summary}\n${a.authority ? explainThreshold(knowledge, a.authority, question).join("\n") : ""}\n`);
    return 0;
  }
  if (values.json) io.stdout(`${JSON.stringify({ ...a, card: renderCard(a) }, null, 2)}\n`);
  else io.stdout(`${[a.summary, ...a.routes.map((r) => `${r.name}: ${r.channels.map((c) => c.value).join(", ") || r.gap}${[...(r.said ?? []), ...(r.forHarm ?? [])].map((x) => ` ${documentSays(x)}`).join("")}`), ...a.notes].join("\n")}\n`);
  return 0;
}

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  ask: runAsk,
  deadline: (argv, io) => runDeadlineCli(argv, io, () => loadKnowledge(knowledgeOptions(cliConfig()))),
  packs: (argv, io) => {
    const config = cliConfig();
    return runPacksCli(argv, io, { ...(config.PACKS_DIR ? { dir: config.PACKS_DIR } : {}), ...(config.CONTACTS_FILE ? { contacts: config.CONTACTS_FILE } : {}) });
  },
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr(`Usage: tsx src/cli/index.ts <${Object.keys(COMMANDS).join("|")}> [--help]\n`);
    return 2;
  }
  return run(rest, io);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
  process.exitCode = await main(process.argv.slice(2), io);
}
