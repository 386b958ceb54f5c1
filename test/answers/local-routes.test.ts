import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/answers/index.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

const file = join(mkdtempSync(join(tmpdir(), "contacts-")), "contacts.json");
writeFileSync(
  file,
  JSON.stringify({
    authorities: {
      oldham: {
        configuredBy: "Example Council (fake values)",
        routes: [{ routeId: "night-duty-line", name: "Night duty line (example)", when: "Evenings and weekends, when the MASH is closed", channels: [{ kind: "phone", value: "01632 960009" }] }],
      },
    },
  }),
);
const knowledge = loadKnowledge({ contactsFile: file });

describe("a route that exists only in the local contacts file", () => {
  it("is listed in the routes overview, labelled as local configuration", () => {
    const a = answer("route", { knowledge, authority: "oldham" });
    const route = a.routes.find((r) => r.id === "night-duty-line");
    expect(route?.name).toBe("Night duty line (example)");
    expect(route?.channels).toEqual([expect.objectContaining({ value: "01632 960009", source: "local", configuredBy: "Example Council (fake values)" })]);
  });

  it("answers a question that names it", () => {
    const a = answer("night duty line phone number?", { knowledge, authority: "oldham" });
    expect(a.kind).toBe("route");
    expect(a.routes[0]?.id).toBe("night-duty-line");
  });
});
