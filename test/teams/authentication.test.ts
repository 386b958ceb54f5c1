import { describe, expect, it, vi } from "vitest";
import { AuthenticationConstants, BotFrameworkAuthentication, ClaimsIdentity, ConnectorFactory, type ConnectorClient, type UserTokenClient } from "botframework-connector";
import type { Activity } from "botbuilder";
import { CachedClientsAuthentication } from "../../src/teams/authentication.js";

/** The SDK's authentication stand-in: counts what it builds, refuses a token it does not like. */
class Counting extends BotFrameworkAuthentication {
  built = 0;
  tokenClients = 0;
  factory = (appId: string): ConnectorFactory =>
    new (class extends ConnectorFactory {
      constructor(private readonly outer: Counting) {
        super();
      }
      async create(serviceUrl: string, audience?: string) {
        this.outer.built++;
        return { serviceUrl, audience, appId } as unknown as ConnectorClient;
      }
    })(this);
  async authenticateRequest(_activity: Activity, authHeader: string) {
    if (authHeader !== "Bearer good") throw new Error("Unauthorized");
    const claimsIdentity = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: "app-1" }], true);
    return { audience: "https://api.botframework.com", callerId: "urn:botframework:azure", claimsIdentity, connectorFactory: this.factory("app-1") };
  }
  async authenticateStreamingRequest(): Promise<never> {
    throw new Error("not used");
  }
  createConnectorFactory(claims: ClaimsIdentity) {
    return this.factory(claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? "");
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClients++;
    return { getUserToken: async () => ({ token: "t" }) } as unknown as UserTokenClient;
  }
}

const activity = { serviceUrl: "https://smba.example/uk/" } as Activity;

describe("the SDK's authentication with its clients built once", () => {
  it("checks every request exactly as the SDK does: a refused token is refused", async () => {
    const auth = new CachedClientsAuthentication(new Counting());
    await expect(auth.authenticateRequest(activity, "Bearer forged")).rejects.toThrow("Unauthorized");
  });

  it("builds one connector client per app id, service URL and audience, for turns and proactive sends alike", async () => {
    const inner = new Counting();
    const auth = new CachedClientsAuthentication(inner);
    for (let i = 0; i < 5; i++) {
      const r = await auth.authenticateRequest(activity, "Bearer good");
      await r.connectorFactory!.create(activity.serviceUrl!, r.audience);
    }
    expect(inner.built).toBe(1);
    const r = await auth.authenticateRequest(activity, "Bearer good");
    await r.connectorFactory!.create("https://smba.example/emea/", r.audience);
    await r.connectorFactory!.create(activity.serviceUrl!, "https://other-audience");
    expect(inner.built).toBe(3);
    const proactive = auth.createConnectorFactory(r.claimsIdentity);
    await proactive.create(activity.serviceUrl!, r.audience);
    expect(inner.built).toBe(3);
    const otherApp = auth.createConnectorFactory(new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: "app-2" }], true));
    await otherApp.create(activity.serviceUrl!, r.audience);
    expect(inner.built).toBe(4);
    expect(auth.cachedClients).toBe(4);
  });

  it("does not keep a client whose building failed", async () => {
    const inner = new Counting();
    const auth = new CachedClientsAuthentication(inner);
    const r = await auth.authenticateRequest(activity, "Bearer good");
    const failing = new (class extends ConnectorFactory {
      async create(): Promise<ConnectorClient> {
        throw new Error("no credentials");
      }
    })();
    vi.spyOn(inner, "createConnectorFactory").mockReturnValueOnce(failing);
    await expect(auth.createConnectorFactory(r.claimsIdentity).create("https://x/", "a")).rejects.toThrow("no credentials");
    await new Promise((res) => setTimeout(res, 0));
    expect(auth.cachedClients).toBe(0);
  });

  it("builds the user token client only when it is used, once per app id", async () => {
    const inner = new Counting();
    const auth = new CachedClientsAuthentication(inner);
    const r = await auth.authenticateRequest(activity, "Bearer good");
    const a = await auth.createUserTokenClient(r.claimsIdentity);
    const b = await auth.createUserTokenClient(r.claimsIdentity);
    expect(a).toBe(b);
    expect(inner.tokenClients).toBe(0);
    expect(await a.getUserToken("u", "c", "msteams", "")).toEqual({ token: "t" });
    await b.getUserToken("u", "c", "msteams", "");
    expect(inner.tokenClients).toBe(1);
  });
});
