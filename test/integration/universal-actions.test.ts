import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, teamsActivity } from "../helpers/fake-connector.js";
import { CHANNEL, channelActivity, pause, remindValue, startRig, type Rig } from "../reminders/harness.js";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig("2026-12-21T10:00:00Z");
});
afterAll(async () => rig?.dispose());

type Card = Record<string, unknown>;

/** An Action.Execute press as Teams sends it: an adaptiveCard/action invoke naming the card's message. */
async function execute(verb: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}): Promise<Card> {
  const before = rig.fake.received.length;
  const res = await rig.app.post(
    teamsActivity(rig.fake.url, {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
      ...overrides,
    }),
  );
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body) as { statusCode: number; type: string; value: Card };
  expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
  await pause(100);
  // Updated in place: no new message reaches the conversation.
  expect(rig.fake.received.length).toBe(before);
  return body.value;
}

const executes = (card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] => {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    if (o.type === "Action.Execute") out.push({ title: String(o.title), verb: String(o.verb), data: o.data as Record<string, unknown> });
    Object.values(o).forEach(visit);
  };
  visit(card);
  return out;
};

describe("Universal Actions over HTTP: the card updates in place", () => {
  it("settings saved: the same card now shows the saved authority selected", async () => {
    const card = await execute("setAuthority", { action: "setAuthority", authority: "oldham" });
    const text = JSON.stringify(card);
    expect(text).toContain("answer from Oldham");
    expect(text).toMatch(/"id":"authority"[^}]*"value":"oldham"/);
  });

  it("page turned: next keeps the domain filter", async () => {
    const domain = "Child development / Health";
    const first = await execute("browse", { action: "browse", authority: "luton", level: "additional", page: 1, domain });
    expect(JSON.stringify(first)).toContain(`Additional: indicators 1–10 of 11 (${domain})`);
    const next = executes(first).find((b) => b.title === "Next")!;
    const second = await execute(next.verb, next.data);
    expect(JSON.stringify(second)).toContain(`Additional: indicators 11–11 of 11 (${domain})`);
  });

  it("reminder set, listed and cancelled in the channel's card; the list refreshes when stale", async () => {
    const inChannel = { conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: "channel", isGroup: true, tenantId: "tenant-1" } };
    const set = await execute("remind", remindValue(), inChannel);
    expect(JSON.stringify(set)).toMatch(/Reminders for ICPC due .* will arrive in this conversation/);
    const cancel = executes(set).find((b) => b.verb === "cancelReminder")!;
    const cancelled = await execute(cancel.verb, cancel.data, inChannel);
    expect(JSON.stringify(cancelled)).toContain("Cancelled.");
    expect(cancelled.refresh).toMatchObject({ action: { type: "Action.Execute", verb: "refresh", data: { action: "refresh", view: "reminders" } } });
    const refreshed = await execute("refresh", { action: "refresh", view: "reminders" }, inChannel);
    expect(JSON.stringify(refreshed)).toContain("Reminders waiting to be sent in this conversation (1)");
    expect((await rig.feature.store.pendingFor(CHANNEL)).filter((r) => r.kind !== "digest")).toHaveLength(1);
  });

  it("feedback recorded on the card that was rated, which keeps its answer", async () => {
    const before = rig.fake.received.length;
    expect((await rig.app.post(teamsActivity(rig.fake.url, { text: "luton MASH phone number?" }))).status).toBe(200);
    const [sent] = (await rig.fake.waitFor(before + 1)).slice(before);
    const original = cardOf(sent!.activity)!;
    const helpful = executes(original).find((b) => b.verb === "feedback" && b.data.helpful === true)!;
    const updated = await execute(helpful.verb, helpful.data, { replyToId: sent!.id });
    const text = JSON.stringify(updated);
    expect(text).toContain("01582 547653");
    expect(text).toContain("Thank you: marked helpful");
    expect(executes(updated).filter((b) => b.verb === "feedback")).toEqual([]);
    expect(await rig.app.store.feedbackCounts()).toContainEqual(expect.objectContaining({ kind: "route", helpful: 1 }));
  });

  it("an old Action.Submit card still works: its payload arrives as a message value and is answered with a new card", async () => {
    const before = rig.fake.received.length;
    expect((await rig.app.post(channelActivity(rig.fake.url, { text: undefined, value: { action: "browse", authority: "milton-keynes", level: "1", page: 1 } }))).status).toBe(200);
    const [reply] = (await rig.fake.waitFor(before + 1)).slice(before);
    expect(JSON.stringify(cardOf(reply!.activity))).toContain("Level 1 Universal needs: indicators 1–10");
  });
});
