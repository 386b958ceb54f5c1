import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, cardOf, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

const IDENTIFIERS = ["Jayden Okonkwo", "14/03/2015", "943 476 5919", "9434765919", "MK9 3EJ", "LU1 2BQ"];
const QUESTIONS = [
  "Jayden Okonkwo, 9, has bruises on his arms and says dad hit him with a belt",
  "girl dob 14/03/2015 missing from home three times, older boyfriend picks her up",
  "NHS number 943 476 5919 - baby with unexplained injury, what level?",
  "family at MK9 3EJ have no food in the house and the children are always hungry",
  "lives at LU1 2BQ, mum drinks heavily every day and the kids are left alone",
];

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ DEFAULT_AUTHORITY: "luton", LOG_LEVEL: "trace" });
  for (const [i, text] of QUESTIONS.entries()) {
    const res = await app.post(teamsActivity(connector.url, { text, id: `q-${i}` }));
    expect(res.status).toBe(200);
  }
  await connector.waitFor(QUESTIONS.length);
  // A card action and settings change too, so every table has been written to.
  await app.post(teamsActivity(connector.url, { text: "set authority milton keynes" }));
  await connector.waitFor(QUESTIONS.length + 1);
});

afterAll(async () => {
  await app?.dispose();
  await connector?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("no personal data is kept", () => {
  it("answers questions with identifiers, and gently asks not to share them", () => {
    const replies = connector.received.slice(0, QUESTIONS.length).map((r) => JSON.stringify(cardOf(r.activity)));
    for (const reply of replies) expect(reply).toMatch(/leave identifying details out of chat/i);
  });

  it("keeps no identifier in the logs", () => {
    const logs = app.logs.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    for (const id of IDENTIFIERS) expect(logs).not.toContain(id);
    for (const q of QUESTIONS) expect(logs).not.toContain(q.slice(0, 30));
  });

  it("keeps no identifier or question in the store or any file under DATA_DIR", async () => {
    await app.stop();
    const files = filesUnder(app.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file).toString("latin1");
      for (const id of IDENTIFIERS) expect(bytes, `${file} holds ${id}`).not.toContain(id);
      for (const q of QUESTIONS) expect(bytes).not.toContain(q.slice(0, 30));
    }
  });

  it("audits answers by kind and level with hashed conversation ids only", () => {
    // The store is closed above; the audit count was taken from the running app's answers.
    expect(app.logs.join("\n")).not.toContain("a:personal-chat-1");
  });
});
