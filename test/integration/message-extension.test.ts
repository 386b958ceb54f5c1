import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsActivity } from "../helpers/fake-connector.js";
import { pause, startRig, type Rig } from "../reminders/harness.js";

// The Agents Playground has no compose-box search, so this posts the invoke the Teams client sends.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig("2026-12-21T10:00:00Z");
});
afterAll(async () => rig?.dispose());

interface Attachment {
  contentType: string;
  content: Record<string, unknown>;
  preview?: { contentType: string; content: { title?: string } };
}

async function search(query: string): Promise<Attachment[]> {
  const before = rig.fake.received.length;
  const res = await rig.app.post(
    teamsActivity(rig.fake.url, {
      type: "invoke",
      name: "composeExtension/query",
      value: { commandId: "search", parameters: [{ name: "query", value: query }], queryOptions: { skip: 0, count: 25 } },
    }),
  );
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body) as { composeExtension: { type: string; attachmentLayout: string; attachments: Attachment[] } };
  expect(body.composeExtension.type).toBe("result");
  await pause(50);
  // A search answers the invoke only: nothing is posted into the conversation until the user inserts a card.
  expect(rig.fake.received.length).toBe(before);
  return body.composeExtension.attachments;
}

describe("message extension: search from the compose box", () => {
  it("returns a route card to insert, with a preview, from the same core as a message", async () => {
    const [card] = await search("MASH phone number Luton");
    expect(card!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(card!.content)).toContain("01582 547653");
    expect(card!.preview?.contentType).toBe("application/vnd.microsoft.card.thumbnail");
  });

  it("returns a timescale card for a deadline rule under the authority the query names", async () => {
    const [card] = await search("ICPC timescale Oldham");
    expect(JSON.stringify(card!.content)).toMatch(/Oldham/);
  });

  it("returns a threshold card with the level for a described concern", async () => {
    const [card] = await search("level 3 neglect luton: kids often hungry, dirty clothes, mum struggling");
    expect(JSON.stringify(card!.content)).toMatch(/Intensive|Specialist|Additional/);
  });

  it("answers an empty query with the examples instead of nothing", async () => {
    const [card] = await search("");
    expect(card!.contentType).toBe("application/vnd.microsoft.card.adaptive");
  });
});
