import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../src/config.js";

describe("settings", () => {
  it("defaults to port 3978, SingleTenant and loopback without an app id", () => {
    const c = readConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.MicrosoftAppType).toBe("SingleTenant");
    expect(c.authEnabled).toBe(false);
    expect(c.host).toBe("127.0.0.1");
  });

  it("names the bad variable when PORT is not a port", () => {
    expect(() => readConfig({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: "eighty" })).toThrow(/PORT \(got "eighty"\): must be a port number/);
    expect(() => readConfig({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("refuses a production start without an app id, saying why", () => {
    expect(() => readConfig({ NODE_ENV: "production" })).toThrow(/MicrosoftAppId: is required when NODE_ENV=production/);
  });

  it("asks for the password and tenant of a single-tenant bot, without echoing secrets", () => {
    let message = "";
    try {
      readConfig({ MicrosoftAppId: "0b7c5a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21", MicrosoftAppPassword: "" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/MicrosoftAppPassword: is required/);
    expect(message).toMatch(/MicrosoftAppTenantId: is required for a SingleTenant bot/);
  });

  it("says MicrosoftAppId=abc is not an app id, instead of only asking for a password", () => {
    expect(() => readConfig({ MicrosoftAppId: "abc" })).toThrow(/MicrosoftAppId \(got "abc"\): must be the Azure Bot's Microsoft App ID, a GUID/);
  });

  it("listens on all interfaces once authentication is on", () => {
    const c = readConfig({ MicrosoftAppId: "0b7c5a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21", MicrosoftAppPassword: "secret", MicrosoftAppTenantId: "tenant" });
    expect(c.authEnabled).toBe(true);
    expect(c.host).toBe("0.0.0.0");
  });

  it("refuses an unknown default authority", () => {
    expect(() => readConfig({ DEFAULT_AUTHORITY: "narnia" })).toThrow(/DEFAULT_AUTHORITY/);
    expect(readConfig({ DEFAULT_AUTHORITY: "luton" }).DEFAULT_AUTHORITY).toBe("luton");
  });
});
