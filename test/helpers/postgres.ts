import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, it } from "vitest";

/**
 * PostgreSQL for tests: TEST_DATABASE_URL names a server where the tests may create databases
 * (`.ci/run` starts a throwaway cluster with test/helpers/pg-cluster.sh). Without it the tests
 * that need PostgreSQL are skipped locally, with a message saying so, and fail under CI=true.
 */
export const PG_URL = process.env.TEST_DATABASE_URL ?? "";
const required = process.env.CI === "true";

let said = false;
/** `describe` for suites that need PostgreSQL. */
export function describePg(name: string, body: () => void): void {
  if (PG_URL) {
    describe(name, body);
    return;
  }
  if (required) {
    describe(name, () => {
      it("needs PostgreSQL", () => {
        throw new Error("CI=true: these tests are required, but TEST_DATABASE_URL is not set (.ci/run starts a cluster with test/helpers/pg-cluster.sh)");
      });
    });
    return;
  }
  if (!said) {
    said = true;
    console.warn(`SKIPPED (no PostgreSQL): "${name}" and the other PostgreSQL tests. Start one with: eval "$(bash test/helpers/pg-cluster.sh start)"`);
  }
  describe.skip(`${name} (skipped: TEST_DATABASE_URL not set)`, body);
}

/** A new empty database on the test server; `drop()` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
