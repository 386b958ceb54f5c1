/**
 * `npm run package`: fills the manifest template from the environment and writes
 * build/appPackage.zip (manifest.json, color.png, outline.png) for upload to Teams.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { z } from "zod";
import { processEnv } from "../src/config.js";
import { colorIcon, outlineIcon } from "./icons.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Values that only ever stand in for real ones: a package made with them cannot be installed or trusted. */
const PLACEHOLDER_HOST = /(^|\.)(localhost|example\.(org|com|net)|test|invalid|local)$|^127\.|^0\.0\.0\.0$/i;
const realHost = (v: string) => !PLACEHOLDER_HOST.test(v.replace(/:\d+$/, ""));
const realUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === "https:" && realHost(u.hostname);
  } catch {
    return false;
  }
};
const required = (name: string, what: string) =>
  z.string({ message: `${name} is not set: ${what}` }).trim().min(1, `${name} is empty: ${what}`);
const url = (name: string, what: string) =>
  required(name, what).refine(realUrl, { message: `${name} must be a real https:// address (not example.org or localhost): ${what}` });

export const PackageSettings = z.object({
  MicrosoftAppId: required("MicrosoftAppId", "the Azure Bot's Microsoft App ID, a GUID such as 0b7c5a8e-…").pipe(
    z.guid(`MicrosoftAppId must be the Azure Bot's Microsoft App ID, a GUID (8-4-4-4-12 hexadecimal digits); the value given is not one`),
  ),
  TEAMS_APP_ID: z.guid("TEAMS_APP_ID must be a GUID (or leave it unset to use MicrosoftAppId)").optional(),
  BOT_NAME: z.string().trim().min(1).max(30).default("Threshold Assistant"),
  BOT_DOMAIN: required("BOT_DOMAIN", "the host name the bot is served from, e.g. threshold.your-council.gov.uk")
    .regex(/^[a-z0-9.-]+(:\d+)?$/i, "BOT_DOMAIN is a host name only (no https:// and no path), e.g. threshold.your-council.gov.uk")
    .refine(realHost, { message: "BOT_DOMAIN must be the real host the bot is served from, not localhost or example.org" }),
  DEVELOPER_NAME: required("DEVELOPER_NAME", "the organisation that publishes the app, e.g. your council (at most 32 characters)").pipe(
    z.string().max(32, "DEVELOPER_NAME must be at most 32 characters"),
  ),
  DEVELOPER_WEBSITE: url("DEVELOPER_WEBSITE", "your organisation's website"),
  DEVELOPER_PRIVACY_URL: url("DEVELOPER_PRIVACY_URL", "the privacy notice that covers this app"),
  DEVELOPER_TERMS_URL: url("DEVELOPER_TERMS_URL", "the terms of use for this app"),
});

/** Every variable the package needs, in the order the refusal names them. */
export const PACKAGE_VARIABLES = Object.keys(PackageSettings.shape);

/** The manifest with every ${{PLACEHOLDER}} filled; throws naming the setting that is missing or wrong. */
export function fillManifest(env: Record<string, string | undefined>): Record<string, unknown> {
  // An empty line in .env ("BOT_NAME=") means "not set", so defaults apply and the refusal says "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = PackageSettings.safeParse(given);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `- ${i.message}`).join("\n"));
  const s = parsed.data;
  const values: Record<string, string> = {
    TEAMS_APP_ID: s.TEAMS_APP_ID ?? s.MicrosoftAppId,
    BOT_ID: s.MicrosoftAppId,
    BOT_NAME: s.BOT_NAME,
    BOT_DOMAIN: s.BOT_DOMAIN,
    DEVELOPER_NAME: s.DEVELOPER_NAME,
    DEVELOPER_WEBSITE: s.DEVELOPER_WEBSITE,
    DEVELOPER_PRIVACY_URL: s.DEVELOPER_PRIVACY_URL,
    DEVELOPER_TERMS_URL: s.DEVELOPER_TERMS_URL,
  };
  const template = readFileSync(join(here, "manifest.json"), "utf8");
  const version = (JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as { version: string }).version;
  values.APP_VERSION = version;
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`the manifest template names an unknown setting ${key}`);
    return JSON.stringify(v).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

export async function buildPackage(env: Record<string, string | undefined>, outFile: string): Promise<string> {
  const manifest = fillManifest(env);
  const zip = new JSZip();
  zip.file("manifest.json", JSON.stringify(manifest, null, 2));
  zip.file("color.png", colorIcon());
  zip.file("outline.png", outlineIcon());
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return outFile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const out = await buildPackage(processEnv(), join(here, "..", "build", "appPackage.zip"));
    console.log(`wrote ${out}`);
  } catch (e) {
    console.error(`Cannot build the Teams app package:\n${e instanceof Error ? e.message : String(e)}\nSet these in the environment or in .env (see .env.example and the README, "Deploy to Teams").`);
    process.exitCode = 1;
  }
}
