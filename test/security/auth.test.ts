import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeConnector, teamsActivity, type FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const ISSUER = "https://api.botframework.com";

let connector: FakeConnector;
let app: TestApp;
let openId: Server;
let sign: (claims: Record<string, unknown>, opts?: { expiresIn?: string | number; key?: "good" | "other"; alg?: string }) => Promise<string>;

beforeAll(async () => {
  const good = await generateKeyPair("RS256", { extractable: true });
  const other = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(good.publicKey)), kid: "test-key", use: "sig", alg: "RS256" };
  // The Bot Framework's keys carry the channels they may sign for.
  const keys = { keys: [{ ...jwk, endorsements: ["msteams"] }] };
  openId = createServer((req, res) => {
    const base = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url?.startsWith("/keys") ? keys : { issuer: ISSUER, jwks_uri: `${base}/keys` }));
  });
  await new Promise<void>((r) => openId.listen(0, "127.0.0.1", r));
  const metadata = `http://127.0.0.1:${(openId.address() as AddressInfo).port}/openid`;
  sign = async (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? "10m")
      .sign(opts.key === "other" ? other.privateKey : good.privateKey);
  connector = await startFakeConnector();
  app = await startTestApp({
    HOST: "127.0.0.1",
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: "not-used-by-these-tests",
    MicrosoftAppTenantId: "tenant-1",
    BOT_OPENID_METADATA: metadata,
  });
});

afterAll(async () => {
  await app?.dispose();
  await connector?.close();
  await new Promise((r) => openId?.close(r));
});

/** A typing activity: a valid token lets it through without the bot needing to reply. */
const typing = () => teamsActivity(connector.url, { type: "typing" });
const message = () => teamsActivity(connector.url, { text: "help", conversation: { id: "a:auth-probe", conversationType: "personal" } });
const claims = (overrides: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: APP_ID, serviceurl: connector.url, ...overrides });

describe("only the Bot Framework gets in", () => {
  it("accepts a valid token", async () => {
    const res = await app.post(typing(), { authorization: `Bearer ${await sign(claims())}` });
    expect(res.status).toBe(200);
  });

  const refusals: [string, () => Promise<Record<string, string>>][] = [
    ["no token", async () => ({})],
    ["a token that is not a JWT", async () => ({ authorization: "Bearer not-a-token" })],
    ["a wrong signature", async () => ({ authorization: `Bearer ${await sign(claims(), { key: "other" })}` })],
    ["a wrong audience", async () => ({ authorization: `Bearer ${await sign(claims({ aud: "someone-else" }))}` })],
    ["a wrong issuer", async () => ({ authorization: `Bearer ${await sign(claims({ iss: "https://evil.example" }))}` })],
    ["an expired token", async () => ({ authorization: `Bearer ${await sign(claims(), { expiresIn: Math.floor(Date.now() / 1000) - 3600 })}` })],
    ["a token for another service URL", async () => ({ authorization: `Bearer ${await sign(claims({ serviceurl: "http://127.0.0.1:1/" }))}` })],
    [
      "alg none",
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
        return { authorization: `Bearer ${enc({ alg: "none", typ: "JWT", kid: "test-key" })}.${enc({ ...claims(), exp: Math.floor(Date.now() / 1000) + 600 })}.` };
      },
    ],
    ["a Basic header", async () => ({ authorization: "Basic dXNlcjpwYXNz" })],
  ];

  for (const [name, headers] of refusals)
    it(`answers ${name} with 401 and processes nothing`, async () => {
      const before = connector.received.length;
      const res = await app.post(message(), await headers());
      expect(res.status).toBe(401);
      expect(res.body).not.toMatch(/stack|Error:/);
      await new Promise((r) => setTimeout(r, 50));
      expect(connector.received.length).toBe(before);
      expect(await app.store.getConversation("a:auth-probe")).toBeUndefined();
    });
});
