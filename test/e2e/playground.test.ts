import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable, startBotAndPlayground, type Running } from "./harness.js";

/**
 * End to end in a Teams-like client: the Microsoft 365 Agents Playground (Teams channel) in
 * Debian's headless Chromium, talking to the real bot, at a phone's card width (446 px). Each
 * answer must show what the user came for (the level or the date, and the main button) in the
 * first 600 px of its card. Screenshots of each card kind go to test-results/e2e/.
 */
const SHOTS = "test-results/e2e";
/** A phone shows about 446 px of card: the Playground keeps its desktop layout and each card is held to that width. */
const CARD_WIDTH = 446;
const WINDOW = { width: 1280, height: 1000 };
const FIRST_SCREEN = 600;
const need = !chromiumAvailable() && process.env.CI !== "true";
if (need) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);

describe.skipIf(need)("the bot in the Agents Playground, at phone width", () => {
  let running: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is required at ${CHROMIUM} for the e2e test (apt-get install chromium)`);
    mkdirSync(SHOTS, { recursive: true });
    running = await startBotAndPlayground();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: WINDOW });
    await page.goto(running.playgroundUrl, { waitUntil: "networkidle" });
    await page.addStyleTag({ content: `.ac-adaptiveCard { width: ${CARD_WIDTH}px !important; max-width: ${CARD_WIDTH}px !important; box-sizing: border-box; }` });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const cards = () => page.locator(".ac-adaptiveCard");
  /** A card button: Action.OpenUrl renders as a link, the others as buttons. */
  const button = (card: Locator, name: string) => card.getByRole("link", { name, exact: true }).or(card.getByRole("button", { name, exact: true })).first();
  const flat = async (l: Locator) => (await l.innerText()).replace(/\s+/g, " ");

  /** Sends a message and waits until a new bot card containing `expected` has rendered. */
  async function ask(text: string, expected: RegExp | string) {
    const before = await cards().count();
    // The compose box is a rich-text editor, not an <input>: focus it and type as a person would.
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
    await expect.poll(async () => cards().count(), { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(async () => flat(cards().last()), { timeout: 20_000 }).toMatch(expected);
    return cards().last();
  }

  /** How far below the card's top an element ends, in CSS pixels; and that the card is laid out at phone width. */
  async function depth(card: Locator, element: Locator) {
    const c = await card.boundingBox();
    const e = await element.boundingBox();
    expect(c && e).toBeTruthy();
    expect(c!.width).toBeLessThanOrEqual(CARD_WIDTH);
    return e!.y + e!.height - c!.y;
  }

  /** The whole card at phone width: the chat pane scrolls, so the window is made tall for the shot. */
  async function shoot(card: Locator, name: string) {
    await page.setViewportSize({ width: WINDOW.width, height: 3000 });
    await card.screenshot({ path: `${SHOTS}/${name}.png` });
    await page.setViewportSize(WINDOW);
  }

  async function firstScreen(card: Locator, name: string, ...elements: Locator[]) {
    await card.scrollIntoViewIfNeeded();
    const box = (await card.boundingBox())!;
    await page.setViewportSize({ width: WINDOW.width, height: 3000 });
    await page.screenshot({ path: `${SHOTS}/${name}-first-screen.png`, clip: { x: box.x, y: (await card.boundingBox())!.y, width: CARD_WIDTH, height: FIRST_SCREEN } });
    await page.setViewportSize(WINDOW);
    const depths = [];
    for (const e of elements) {
      expect(await e.isVisible()).toBe(true);
      depths.push(await depth(card, e));
    }
    for (const d of depths) expect(d).toBeLessThanOrEqual(FIRST_SCREEN);
    await shoot(card, name);
    return depths;
  }

  it("shows the welcome card when the chat opens, with clickable examples", async () => {
    await expect.poll(async () => await cards().first().innerText(), { timeout: 20_000 }).toMatch(/Welcome to Threshold Assistant/);
    expect(await cards().first().getByRole("button", { name: "luton MASH phone number?" }).isVisible()).toBe(true);
    await shoot(cards().first(), "1-welcome");
  });

  it("threshold: the level in the document's words and the MASH Call button in the first 600 px; detail behind a toggle", async () => {
    const card = await ask("7 yo told her teacher her uncle touches her private parts when he babysits", /Specialist/);
    const text = await flat(card);
    expect(text).not.toMatch(/tier \d of 4/);
    await firstScreen(card, "2-threshold", card.getByText("Specialist", { exact: true }).first(), button(card, "Call 01582 547653"));
    // Detail on demand: the quoted indicators open inside the same card.
    const count = await cards().count();
    expect(text).not.toMatch(/Indicators that matched/);
    await button(card, "Why, what next, sources").click();
    await expect.poll(async () => flat(card)).toMatch(/Indicators that matched \(\d+\), in the document's words/);
    expect(await flat(card)).toMatch(/"Sexual abuse"/);
    expect(await flat(card)).toMatch(/§19 Indicators of possible need/);
    expect(await cards().count()).toBe(count);
    await shoot(card, "3-threshold-details");
  });

  it("immediate danger: the Call 999 button comes first", async () => {
    const card = await ask("doing a home visit right now - 2 yo is on her own in the flat, no adult here", /immediate danger/);
    const [call999] = await firstScreen(card, "4-immediate-danger", button(card, "Call 999"), card.getByText("Specialist", { exact: true }).first());
    expect(call999).toBeLessThanOrEqual(200);
  });

  it("route: the document's own phone and email as buttons in the first 600 px", async () => {
    const card = await ask("luton MASH phone number?", /01582 547653/);
    await firstScreen(card, "5-route", button(card, "Call 01582 547653"), button(card, "Email MASH@Luton.gov.uk"));
    expect(await flat(card)).not.toMatch(/When to use/);
  });

  it("deadline: the due date in words and the remind button in the first 600 px, both readings of an unclear unit said once", async () => {
    const card = await ask("strategy meeting on 16 dec 2026 decided a conference is needed. when does the ICPC have to be?", /Thursday 31 December 2026/);
    const text = await flat(card);
    expect(text).toMatch(/Monday 11 January 2027 if they are working days: the document does not say which/);
    expect(text.match(/working or calendar|does not say which/g)).toHaveLength(1);
    expect(text).not.toMatch(/2026-12-31/);
    await firstScreen(card, "6-deadline", card.getByText(/Due Thursday 31 December 2026/), button(card, "Remind this chat"));
  });

  it("a reminder label refused for naming a family appears nowhere in the conversation", async () => {
    const deadline = cards().last();
    const count = await cards().count();
    await deadline.getByRole("button", { name: "Remind this chat" }).click();
    // Action.Execute: the deadline card itself turns into the form; no new message is added.
    const form = cards().last();
    await expect.poll(async () => flat(form), { timeout: 20_000 }).toMatch(/When should the reminders arrive/);
    expect(await cards().count()).toBe(count);
    await shoot(form, "7-reminder-form");
    const label = form.locator("input[type=text], input:not([type])").first();
    await label.fill("ICPC for Jayden Smith");
    const before = await cards().count();
    await form.getByRole("button", { name: "Set reminders" }).click();
    const refusal = cards().last();
    await expect.poll(async () => flat(refusal), { timeout: 20_000 }).toMatch(/No reminder was set/);
    expect(await cards().count()).toBe(before);
    await shoot(refusal, "8-reminder-refused");
    const everything = await page.locator("body").innerText();
    expect(everything).not.toMatch(/Jayden|Smith/);
    const values = await refusal.locator("input").evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    expect(values.join(" ")).not.toMatch(/Jayden|Smith/);
  });

  it("an off-topic question gets what I answer, not a MASH route", async () => {
    const card = await ask("what time does the canteen close", /I answer safeguarding thresholds, routes and deadlines/);
    expect(await flat(card)).not.toMatch(/MASH \(/);
    await shoot(card, "9-off-topic");
  });

  it("procedure, clarify and browse cards at phone width", async () => {
    await shoot(await ask("what happens at an initial child protection conference in luton?", /./), "10-procedure");
    await shoot(await ask("got a funny feeling about a kid in my class", /Talk to the MASH for a consultation/), "11-clarify");
    await shoot(await ask("show specialist indicators", /Specialist: indicators 1–10/), "12-browse");
    await shoot(await ask("settings", /Settings/), "13-settings");
    await page.screenshot({ path: `${SHOTS}/14-conversation.png`, fullPage: true });
  });
});
