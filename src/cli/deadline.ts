import { parseArgs } from "node:util";
import { z } from "zod";
import { deadlineAnswerFor, finish, type WithPack } from "../answers/index.js";
import { loadKnowledge, PackError, type Knowledge } from "../knowledge/index.js";
import { isValidYmd, unitWords } from "../deadlines/index.js";

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const HELP = `Usage:
  npm run --silent deadline -- --authority <id> --rule <ruleId> --from <YYYY-MM-DD | YYYY-MM-DDTHH:MM> [--now <ISO>] [--json]
  npm run --silent deadline -- --authority <id> --list [--json]
The due date of one of the authority's timescales, counted as the bot counts it (working days
less England and Wales bank holidays; calendar months; real hours in UK time).
Exit codes: 0 computed, 1 rule not stated in the authority's document, 2 bad arguments.`;

const FromArg = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$/, "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM (UK time)");

export async function runDeadlineCli(argv: string[], io: Io, load: () => Knowledge = () => loadKnowledge()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        authority: { type: "string" },
        rule: { type: "string" },
        from: { type: "string" },
        now: { type: "string" },
        list: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  let knowledge;
  try {
    knowledge = load();
  } catch (e) {
    io.stderr(e instanceof PackError ? `${e.message}\n` : `${String(e)}\n`);
    return 2;
  }
  const pack = values.authority === undefined ? undefined : knowledge.packs.get(values.authority);
  if (!pack) {
    io.stderr(`--authority must be one of: ${[...knowledge.packs.keys()].join(", ")}\n`);
    return 2;
  }
  const rules = pack.timescales.filter((t) => t.amount !== null && t.unit);
  if (values.list) {
    const list = rules.map((t) => ({ id: t.id, label: t.label, amount: t.amount, unit: t.unit, direction: t.direction, recurring: t.recurring, trigger: t.trigger.description, source: t.source }));
    if (values.json) io.stdout(`${JSON.stringify({ authority: pack.id, rules: list, notStated: pack.unstatedRules.map((u) => ({ id: u.id, statement: u.statement })) }, null, 2)}\n`);
    else for (const t of list) io.stdout(`${t.id.padEnd(34)} ${t.amount} ${unitWords(t.unit!)} ${t.direction === "before" ? "before" : "from"} ${t.trigger}\n`);
    return 0;
  }
  if (!values.rule || !values.from) {
    io.stderr(`--rule and --from are required (or --list).\n\n${HELP}\n`);
    return 2;
  }
  const rule = rules.find((t) => t.id === values.rule);
  if (!rule) {
    const unstated = pack.unstatedRules.find((u) => u.id === values.rule);
    io.stderr(
      unstated
        ? `${unstated.statement}\n`
        : `The ${pack.source.title} states no rule "${values.rule}" for ${pack.name}. See --list for the rules it does state.\n`,
    );
    return 1;
  }
  const from = FromArg.safeParse(values.from);
  const [day, time] = (values.from ?? "").split("T");
  if (!from.success || !isValidYmd(day!) || Number(day!.slice(0, 4)) < 2000 || Number(day!.slice(0, 4)) > 2100) {
    io.stderr(`--from "${values.from}" is not a real date between 2000 and 2100 (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UK time).\n`);
    return 2;
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    io.stderr(`--now "${values.now}" is not a date-time.\n`);
    return 2;
  }
  const [hour, minute] = (time ?? "").split(":").map(Number);
  const r: WithPack = { knowledge, pack, namedInQuestion: false, now };
  const answer = finish(deadlineAnswerFor(r, rule, { ymd: day!, ...(time ? { time: { hour: hour!, minute: minute! } } : {}) }));
  const d = answer.deadlines[0]!;
  if (values.json) io.stdout(`${JSON.stringify({ authority: pack.id, ...d, summary: answer.summary }, null, 2)}\n`);
  else io.stdout(`${answer.summary}\n${d.skippedDays.length ? `Skipped: ${d.skippedDays.map((s) => `${s.date} ${s.name}`).join(", ")}\n` : ""}Source (${d.section}): "${d.source}"\n`);
  return 0;
}
