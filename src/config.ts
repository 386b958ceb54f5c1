import { existsSync } from "node:fs";
import { z } from "zod";
import { config as loadDotenv } from "dotenv";
import { join } from "node:path";
import { PACKS_DIR } from "./knowledge/loader.js";
import { AuthorityId } from "./knowledge/schema.js";

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const Settings = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number({ message: "must be a port number from 0 to 65535" }).int("must be a whole port number").min(0, "must be a port number from 0 to 65535 (0 picks a free port)").max(65535, "must be a port number from 0 to 65535").default(3978),
    HOST: optionalText.describe("Interface to listen on; defaults to 0.0.0.0 with an app id, 127.0.0.1 without"),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
    MicrosoftAppTenantId: optionalText,
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite store)")
        .optional(),
    ),
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DEFAULT_AUTHORITY: z
      .string()
      .trim()
      .transform((s) => (s === "" ? undefined : s))
      .pipe(AuthorityId.optional())
      .optional(),
    CONTACTS_FILE: optionalText,
    PACKS_DIR: optionalText.describe("Folder of the knowledge packs, one <authority>/pack.json per sub-folder; defaults to the packs that ship with the project"),
    ALLOWED_TENANTS: z
      .string()
      .optional()
      .transform((s) => (s ?? "").split(",").map((t) => t.trim()).filter(Boolean)),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
    RATE_LIMIT_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256_000),
    /** Test and bench hooks for the SDK's authentication endpoints; never needed in production. */
    BOT_OPENID_METADATA: optionalText,
    BOT_ISSUER: optionalText,
  })
  .superRefine((s, ctx) => {
    if (s.DEFAULT_AUTHORITY && !existsSync(join(s.PACKS_DIR ?? PACKS_DIR, s.DEFAULT_AUTHORITY, "pack.json")))
      ctx.addIssue({
        code: "custom",
        path: ["DEFAULT_AUTHORITY"],
        message: `has no pack: there is no ${s.DEFAULT_AUTHORITY}/pack.json in the packs folder${s.PACKS_DIR ? ` ${s.PACKS_DIR}` : ""}`,
      });
    if (s.PACKS_DIR && !existsSync(s.PACKS_DIR)) ctx.addIssue({ code: "custom", path: ["PACKS_DIR"], message: "is not a folder that exists" });
    if (s.MicrosoftAppId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s.MicrosoftAppId))
      ctx.addIssue({
        code: "custom",
        path: ["MicrosoftAppId"],
        message: "must be the Azure Bot's Microsoft App ID, a GUID (8-4-4-4-12 hexadecimal digits); leave it empty to run locally without authentication",
      });
    if (s.NODE_ENV === "production" && !s.MicrosoftAppId)
      ctx.addIssue({
        code: "custom",
        path: ["MicrosoftAppId"],
        message: "is required when NODE_ENV=production: without it the Bot Framework SDK turns authentication off",
      });
    if (s.MicrosoftAppId && s.MicrosoftAppType !== "UserAssignedMSI" && !s.MicrosoftAppPassword)
      ctx.addIssue({ code: "custom", path: ["MicrosoftAppPassword"], message: "is required when MicrosoftAppId is set" });
    if (s.MicrosoftAppId && s.MicrosoftAppType === "SingleTenant" && !s.MicrosoftAppTenantId)
      ctx.addIssue({ code: "custom", path: ["MicrosoftAppTenantId"], message: "is required for a SingleTenant bot" });
  });

export type Config = z.infer<typeof Settings> & {
  /** Authentication is on only with an app id; without one the server must stay on loopback. */
  authEnabled: boolean;
  host: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads every setting once. `env` is a parameter so tests never touch process.env; the composition
 * root passes process.env (after .env, if present, has been merged in without overriding).
 */
export function readConfig(env: Record<string, string | undefined>): Config {
  const parsed = Settings.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = i.path.join(".") || "environment";
      const given = typeof i.path[0] === "string" ? env[i.path[0]] : undefined;
      const shown = given === undefined || /password|secret|database_url/i.test(name) ? "" : ` (got "${given}")`;
      return `${name}${shown}: ${i.message}`;
    });
    throw new ConfigError(`Invalid settings:\n  ${lines.join("\n  ")}`);
  }
  const s = parsed.data;
  const authEnabled = Boolean(s.MicrosoftAppId);
  return { ...s, authEnabled, host: s.HOST ?? (authEnabled ? "0.0.0.0" : "127.0.0.1") };
}

/** What loadKnowledge needs from the settings: the packs folder (PACKS_DIR) and local contacts (CONTACTS_FILE). */
export const knowledgeOptions = (config: Pick<Config, "PACKS_DIR" | "CONTACTS_FILE">): { packsDir?: string; contactsFile?: string } => ({
  ...(config.PACKS_DIR ? { packsDir: config.PACKS_DIR } : {}),
  ...(config.CONTACTS_FILE ? { contactsFile: config.CONTACTS_FILE } : {}),
});

/** The process environment with `.env` merged in underneath; the only place that reads process.env. */
export function processEnv(): Record<string, string | undefined> {
  if (existsSync(".env")) loadDotenv({ path: ".env", quiet: true });
  return process.env;
}
