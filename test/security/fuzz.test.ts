import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ DEFAULT_AUTHORITY: "luton", LOG_LEVEL: "warn" });
});
afterAll(async () => {
  await app?.dispose();
  await connector?.close();
});

const oddStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("__proto__", "constructor", "prototype", "\u0000", "\uFFFF\uFFFE", "\u202E\u202D", "🧒🏽‍🦱".repeat(20), "<at>x</at>", "${text}", "%s%n", "../../etc/passwd"),
  fc.string({ minLength: 5_000, maxLength: 60_000 }).map((s) => s.padEnd(5_000, "x")),
);
const anything: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    oddStrings,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(oddStrings, fc.constantFrom("__proto__", "constructor")), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** An activity with one of the fields every Bot Framework activity carries removed or of the wrong type. */
const malformed = fc
  .record({
    drop: fc.constantFrom("type", "channelId", "serviceUrl", "conversation", "from", "recipient"),
    replacement: fc.constantFrom(undefined, 0, 42, "", "   ", "\u0000", {}, [], null, true),
    extra: fc.dictionary(fc.oneof(oddStrings, fc.constantFrom("__proto__", "constructor", "prototype")), anything, { maxKeys: 3 }),
  })
  .map(({ drop, replacement, extra }) => {
    const a: Record<string, unknown> = { ...teamsActivity(connector.url), ...extra };
    if (replacement === undefined) delete a[drop];
    else a[drop] = replacement;
    return a;
  });

/** A well-addressed activity (replies go to the fake connector only) with odd content. */
const oddContent = fc
  .record({
    type: fc.constantFrom("message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "typing", "event", "nonsense"),
    text: fc.option(oddStrings, { nil: undefined }),
    value: fc.option(anything, { nil: undefined }),
    name: fc.option(fc.constantFrom("adaptiveCard/action", "composeExtension/query", "task/fetch", "x"), { nil: undefined }),
    channelData: fc.option(anything, { nil: undefined }),
    attachments: fc.option(fc.array(anything, { maxLength: 3 }), { nil: undefined }),
    membersAdded: fc.option(fc.array(anything, { maxLength: 3 }), { nil: undefined }),
  })
  .map((fields) => {
    const a: Record<string, unknown> = { ...teamsActivity(connector.url, { conversation: { id: "a:fuzz-conversation", conversationType: "personal" } }) };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) a[k] = v;
    return a;
  });

async function stillAnswers() {
  const before = connector.received.length;
  const ok = await app.post(teamsActivity(connector.url, {
      text: "luton MASH phone number?",
      from: { id: `29:probe-${before}`, aadObjectId: `probe-${before}` },
      conversation: { id: "a:after-fuzz", conversationType: "personal" },
    }));
  expect(ok.status).toBe(200);
  const received = await connector.waitFor(before + 1);
  const mine = received.slice(before).find((r) => r.conversationId === "a:after-fuzz");
  expect(JSON.stringify(cardOf(mine!.activity))).toContain("01582 547653");
}

describe("malformed and random activities", () => {
  it("refuses malformed activities with 400 and writes nothing", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformed, async (activity) => {
        const res = await app.post(activity);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        return res.status === 400;
      }),
      { numRuns: 1500 },
    );
    expect(await app.store.listConversations()).toHaveLength(0);
    expect(await app.store.auditCount()).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillAnswers();
  });

  it("survives odd content in well-addressed activities: no 5xx, no crash, and still answers", async () => {
    const fiveHundreds: unknown[] = [];
    await fc.assert(
      fc.asyncProperty(oddContent, async (activity) => {
        const res = await app.post(activity);
        // 501 is the SDK's answer to invoke names this bot does not implement (it declares no
        // messaging extensions or task modules); every other 5xx is a failure.
        const sdkNotImplemented = res.status === 501 && activity.type === "invoke" && activity.name !== "adaptiveCard/action";
        if (res.status >= 500 && !sdkNotImplemented) fiveHundreds.push({ type: activity.type, name: activity.name, status: res.status });
        return res.status < 600;
      }),
      { numRuns: 1500 },
    );
    expect(fiveHundreds).toEqual([]);
    // Only the one conversation the fuzzer addressed (and the probe) may be known; nothing else was written.
    const ids = (await app.store.listConversations()).map((c) => c.conversationId);
    expect(ids.every((id) => id === "a:fuzz-conversation" || id === "a:after-fuzz")).toBe(true);
    expect(Object.prototype).not.toHaveProperty("polluted");
    await stillAnswers();
  });
});
