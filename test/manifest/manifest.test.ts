import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { buildPackage, fillManifest, PACKAGE_VARIABLES } from "../../manifest/package.js";

const require = createRequire(import.meta.url);
// Both are CommonJS with a default export; require() gives the class and function directly.
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv = (require("ajv-draft-04") as { default: new (options: object) => { compile(schema: object): Validator } }).default;
const addFormats = (require("ajv-formats") as { default: (ajv: unknown) => void }).default;
const SCHEMA_FILE = require.resolve("@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json");
const env = {
  MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
  BOT_DOMAIN: "threshold.milton-keynes.gov.uk",
  DEVELOPER_NAME: "Milton Keynes City Council",
  DEVELOPER_WEBSITE: "https://www.milton-keynes.gov.uk",
  DEVELOPER_PRIVACY_URL: "https://www.milton-keynes.gov.uk/privacy",
  DEVELOPER_TERMS_URL: "https://www.milton-keynes.gov.uk/terms",
};

describe("the Teams app package", () => {
  it("fills the manifest from the environment and validates it against the schema @microsoft/app-manifest ships, offline", () => {
    const manifest = fillManifest(env);
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain("${{");
    const bot = (manifest.bots as { botId: string; scopes: string[] }[])[0]!;
    expect(bot.botId).toBe(env.MicrosoftAppId);
    expect(bot.scopes).toEqual(["personal", "team", "groupChat"]);
    expect(manifest.validDomains).toEqual(["threshold.milton-keynes.gov.uk"]);
    expect(manifest.version).toBe((JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
    expect(manifest).not.toHaveProperty("permissions");
    expect(JSON.stringify(manifest)).not.toMatch(/example\.org|localhost/);
  });

  it("refuses to package without a real domain and developer details, naming each missing variable", () => {
    let message = "";
    try {
      fillManifest({});
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ["MicrosoftAppId", "BOT_DOMAIN", "DEVELOPER_NAME", "DEVELOPER_WEBSITE", "DEVELOPER_PRIVACY_URL", "DEVELOPER_TERMS_URL"]) expect(message).toContain(`${name} is not set`);
    expect(() => fillManifest({ ...env, BOT_DOMAIN: "localhost" })).toThrow(/BOT_DOMAIN must be the real host/);
    expect(() => fillManifest({ ...env, DEVELOPER_WEBSITE: "https://www.example.org" })).toThrow(/DEVELOPER_WEBSITE must be a real https/);
  });

  it("says plainly that MicrosoftAppId=abc is not an app id, rather than that it is missing", () => {
    expect(() => fillManifest({ ...env, MicrosoftAppId: "abc" })).toThrow(/MicrosoftAppId must be the Azure Bot's Microsoft App ID, a GUID/);
    expect(() => fillManifest({ ...env, MicrosoftAppId: "abc" })).not.toThrow(/not set|without it/);
  });

  it("documents every variable it needs in .env.example and the README", () => {
    const example = readFileSync(".env.example", "utf8");
    const readme = readFileSync("README.md", "utf8");
    for (const name of PACKAGE_VARIABLES) {
      expect(example, name).toMatch(new RegExp(`^#?\\s*${name}=`, "m"));
      expect(readme, name).toContain(`\`${name}\``);
    }
  });

  it("writes a zip with the manifest and icons of the sizes Teams requires", async () => {
    const out = await buildPackage(env, join(mkdtempSync(join(tmpdir(), "pkg-")), "appPackage.zip"));
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const color = PNG.sync.read(await zip.file("color.png")!.async("nodebuffer"));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(await zip.file("outline.png")!.async("nodebuffer"));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // Outline: white where drawn, transparent everywhere else.
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      expect(a === 0 || (r === 255 && g === 255 && b === 255 && a === 255)).toBe(true);
    }
    expect(outline.data.some((v, i) => i % 4 === 3 && v === 255)).toBe(true);
  });
});
