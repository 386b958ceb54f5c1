import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ RATE_LIMIT_USER_PER_MINUTE: "1000", RATE_LIMIT_CONVERSATION_PER_MINUTE: "1000" });
});
afterAll(async () => {
  await app?.dispose();
  await connector?.close();
});

/** Sends an activity and returns the text of the card the bot replied with. */
async function send(overrides: Record<string, unknown>): Promise<string> {
  const before = connector.received.length;
  const res = await app.post(teamsActivity(connector.url, overrides));
  expect(res.status).toBe(200);
  const received = await connector.waitFor(before + 1);
  return JSON.stringify(cardOf(received[before]!.activity));
}

const groupChat = { conversation: { id: "19:group-chat@thread.v2", conversationType: "groupChat", isGroup: true, tenantId: "tenant-1" } };

describe("choosing the authority", () => {
  it("asks which authority until one is chosen, then answers from it", async () => {
    expect(await send({ text: "MASH phone number?" })).toMatch(/Which local authority/);
    expect(await send({ text: "set authority luton" })).toMatch(/answer from Luton/);
    expect(await send({ text: "MASH phone number?" })).toContain("01582 547653");
  });

  it("keeps the choice per conversation in a group chat, and per user in 1:1 chat", async () => {
    expect(await send({ ...groupChat, text: "set authority oldham" })).toMatch(/answer from Oldham/);
    expect(await send({ ...groupChat, from: { id: "29:someone-else", aadObjectId: "someone-else" }, text: "MASH phone number?" })).toMatch(/Oldham/);
    // The 1:1 chat still answers from Luton.
    expect(await send({ text: "MASH phone number?" })).toContain("01582 547653");
  });

  it("refuses an authority it has no document for, and changes nothing", async () => {
    expect(await send({ text: "set authority narnia" })).toMatch(/don't hold a document for/);
    expect(await send({ text: "MASH phone number?" })).toContain("01582 547653");
  });

  it("applies the settings card's choice (Action.Submit)", async () => {
    expect(await send({ text: undefined, value: { action: "setAuthority", authority: "milton-keynes" } })).toMatch(/answer from Milton Keynes/);
    expect(await send({ text: "MASH phone number?" })).toMatch(/Milton Keynes/);
  });
});

describe("card buttons", () => {
  it("answer a forged or stale payload with a polite error card and change nothing", async () => {
    for (const value of [{ action: "setAuthority", authority: "atlantis" }, { action: "dropTables" }, { action: "feedback", kind: "threshold", helpful: "yes" }, "nonsense", { __proto__: { polluted: true } }]) {
      expect(await send({ text: undefined, value })).toMatch(/couldn't act on that button/);
    }
    expect(await send({ text: "MASH phone number?" })).toMatch(/Milton Keynes/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("counts feedback by kind and level, with no question text", async () => {
    await send({ text: undefined, value: { action: "feedback", kind: "threshold", level: "4", helpful: true } });
    expect(await app.store.feedbackCounts()).toContainEqual({ kind: "threshold", level: "4", helpful: 1, notHelpful: 0 });
  });

  it("browses a level's indicators from the threshold card's button", async () => {
    const card = await send({ text: undefined, value: { action: "browse", authority: "luton", level: "specialist", page: 2 } });
    expect(card).toMatch(/Specialist: indicators 11–20 of 64/);
  });
});
