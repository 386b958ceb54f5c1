import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable, startBotAndPlayground, type Running } from "./harness.js";

/**
 * End to end in a Teams-like client: the Microsoft 365 Agents Playground (Teams channel) in
 * Debian's headless Chromium, talking to the real bot. Screenshots go to test-results/.
 */
const SHOTS = "test-results/e2e";
const need = !chromiumAvailable() && process.env.CI !== "true";
if (need) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);

describe.skipIf(need)("the bot in the Agents Playground", () => {
  let running: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is required at ${CHROMIUM} for the e2e test (apt-get install chromium)`);
    mkdirSync(SHOTS, { recursive: true });
    running = await startBotAndPlayground();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(running.playgroundUrl, { waitUntil: "networkidle" });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  /** Sends a message and waits until a new bot card containing `expected` has rendered. */
  async function ask(text: string, expected: RegExp | string) {
    // The compose box is a rich-text editor, not an <input>: focus it and type as a person would.
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await page.locator(".ac-adaptiveCard").last().innerText()).replace(/\s+/g, " "), { timeout: 20_000 }).toMatch(expected);
    return page.locator(".ac-adaptiveCard").last();
  }

  it("shows the welcome card when the chat opens", async () => {
    await expect.poll(async () => await page.locator(".ac-adaptiveCard").first().innerText(), { timeout: 20_000 }).toMatch(/Welcome to Threshold Assistant/);
    await page.screenshot({ path: `${SHOTS}/1-welcome.png` });
  });

  it("answers a threshold question with the level, the quoted indicators and the MASH route", async () => {
    const card = await ask("7 yo told her teacher her uncle touches her private parts when he babysits", /Specialist \(tier 4 of 4\)/);
    const text = (await card.innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/"Sexual abuse"/);
    expect(text).toMatch(/§19 Indicators of possible need/);
    expect(text).toMatch(/01582 547653/);
    expect(text).toMatch(/Guidance, not a decision/);
    // The threshold card is taller than the window; the chat pane scrolls, so an element shot would show the toolbar over its top.
    await page.setViewportSize({ width: 1280, height: 2800 });
    await card.screenshot({ path: `${SHOTS}/2-threshold.png` });
    await page.setViewportSize({ width: 1280, height: 1000 });
  });

  it("clicking the card's button brings that level's indicators", async () => {
    const before = await page.locator(".ac-adaptiveCard").count();
    await page.locator(".ac-adaptiveCard").last().getByRole("button", { name: "Show this level's indicators" }).click();
    await expect.poll(async () => page.locator(".ac-adaptiveCard").count(), { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await page.locator(".ac-adaptiveCard").last().innerText()).replace(/\s+/g, " "), { timeout: 20_000 }).toMatch(/Specialist: indicators 1–10 of 64/);
    await page.locator(".ac-adaptiveCard").last().screenshot({ path: `${SHOTS}/3-browse-after-click.png` });
  });

  it("answers a route question with the document's own phone and email", async () => {
    const card = await ask("luton MASH phone number?", /01582 547653/);
    expect(await card.innerText()).toMatch(/MASH@Luton\.gov\.uk/);
    await card.screenshot({ path: `${SHOTS}/4-route.png` });
  });

  it("answers a deadline question with both readings of an unclear unit", async () => {
    const card = await ask("strategy meeting on 16 dec 2026 decided a conference is needed. when does the ICPC have to be?", /2026-12-31/);
    const text = (await card.innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/2027-01-11/);
    expect(text).toMatch(/does not say whether these are working or calendar days/);
    await card.screenshot({ path: `${SHOTS}/5-deadline.png` });
    await page.screenshot({ path: `${SHOTS}/6-conversation.png`, fullPage: true });
  });
});
