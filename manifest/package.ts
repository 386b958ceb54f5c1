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

export const PackageSettings = z.object({
  MicrosoftAppId: z.guid("MicrosoftAppId must be the Azure Bot's app id (a GUID): the package cannot be made without it"),
  TEAMS_APP_ID: z.guid().optional(),
  BOT_NAME: z.string().trim().min(1).max(30).default("Threshold Assistant"),
  BOT_DOMAIN: z
    .string()
    .trim()
    .regex(/^[a-z0-9.-]+(:\d+)?$/i, "BOT_DOMAIN is the host name the bot is served from, e.g. threshold.example.org")
    .default("localhost"),
  DEVELOPER_NAME: z.string().trim().min(1).max(32).default("Your local authority"),
  DEVELOPER_WEBSITE: z.string().url().default("https://www.example.org"),
  DEVELOPER_PRIVACY_URL: z.string().url().default("https://www.example.org/privacy"),
  DEVELOPER_TERMS_URL: z.string().url().default("https://www.example.org/terms"),
});

/** The manifest with every ${{PLACEHOLDER}} filled; throws naming the setting that is missing or wrong. */
export function fillManifest(env: Record<string, string | undefined>): Record<string, unknown> {
  const parsed = PackageSettings.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
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
    console.error(`Cannot build the Teams app package:\n${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
