// Drives the staff console in Debian's Chromium, headless, for infra/e2e TestConsoleBrowser
// (which seeds the conversations and passes their ids and the sign-in links in CONSOLE_*).
// Exits non-zero on the first failed expectation; saves screenshots to CONSOLE_SHOTS.
import { chromium } from "playwright-core";

const env = (k) => { const v = process.env[k]; if (!v) throw new Error("missing " + k); return v; };
const BASE = env("CONSOLE_BASE"), SHOTS = env("CONSOLE_SHOTS");
const OPEN = env("CONSOLE_OPEN_CONV"), CLOSED = env("CONSOLE_CLOSED_CONV"), OPTOUT = env("CONSOLE_OPTOUT_CONV");
const TIMEOUT = 20000;

function expect(cond, what) {
  if (!cond) throw new Error("expected: " + what);
  console.log("ok -", what);
}

// call makes a console API request from inside the page (the session cookie rides along).
async function call(page, method, path, body, csrf) {
  return page.evaluate(async ([method, path, body, csrf]) => {
    const headers = { "Content-Type": "application/json" };
    if (csrf) headers["X-CSRF-Token"] = csrf;
    const r = await fetch(path.startsWith("/") ? path : "/console/api/" + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body, csrf]);
}

async function signIn(browser, link, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  // First load: every request until the inbox is interactive, with the bytes on the wire
  // (bodies and headers, as Chromium counted them).
  const stats = { requests: 0, bytes: 0, pending: [] };
  page.on("requestfinished", (req) => {
    stats.requests++;
    stats.pending.push(req.sizes().then((z) => { stats.bytes += z.responseBodySize + z.responseHeadersSize; }).catch(() => {}));
  });
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  const started = Date.now();
  await page.waitForURL(BASE + "/console");
  await page.waitForSelector("body[data-ready='1']");
  const interactiveMs = Date.now() - started;
  const firstLoad = { requests: stats.requests, pending: [...stats.pending] };
  await Promise.all(firstLoad.pending);
  firstLoad.bytes = stats.bytes;
  // The platform's CSRF path (platform-conventions.md), with the console's cookie session.
  const got = await call(page, "GET", "/api/security/csrf-token");
  expect(got.status === 200 && got.body.success === true && typeof got.body.data.csrf_token === "string" && got.body.data.csrf_token.length > 0,
    "GET /api/security/csrf-token answers the session's token in the envelope");
  const csrf = got.body.data.csrf_token;
  return { context, page, csrf, stats: firstLoad, interactiveMs };
}

const conv = (page, id) => page.locator(`button.conv[data-id='${id}']`);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // Sign in and read the inbox.
  const { page, csrf, stats, interactiveMs } = await signIn(browser, env("CONSOLE_LINK"), { width: 1280, height: 860 });
  console.log("FIGURES " + JSON.stringify({ requests: stats.requests, bytes: stats.bytes, interactive_ms: interactiveMs }));
  expect(await page.locator("#who").textContent().then((t) => t.includes("Console Tester")), "signed in as the link's staff member");
  await conv(page, OPEN).waitFor();
  expect(await conv(page, OPEN).locator(".badge").textContent() === "1", "the new message counts as unread in the inbox");
  expect(await conv(page, OPTOUT).textContent().then((t) => t.includes("opted out")), "the opted-out person is marked in the inbox");
  await page.screenshot({ path: SHOTS + "/inbox.png" });

  // Answer inside the window; the simulator's status webhook brings the ticks.
  await conv(page, OPEN).click();
  await page.locator("#reply-text").waitFor({ state: "visible" });
  expect(await page.locator("#template").isHidden(), "inside the window the template form is hidden");
  await page.locator("#reply-text").fill("The plumber is on the way, about 20 minutes.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const mine = page.locator("li.msg.outbound", { hasText: "The plumber is on the way" });
  await mine.waitFor();
  await page.locator("li.msg.outbound[data-status='delivered'], li.msg.outbound[data-status='read']").filter({ hasText: "The plumber is on the way" }).waitFor();
  expect(true, "a delivery tick arrived from the simulated status webhook");
  expect(await conv(page, OPEN).locator(".badge").count() === 0, "opening the conversation marked it read");

  // Upload a PDF and send it.
  await page.locator("#upload-file").setInputFiles(env("CONSOLE_PDF"));
  await page.getByRole("button", { name: "Upload and send" }).click();
  await page.locator("li.msg.outbound", { hasText: "access-letter.pdf" }).waitFor();
  expect(true, "the uploaded PDF went out in the thread");
  await page.screenshot({ path: SHOTS + "/thread.png" });

  // CSRF: a write without the token, or with a wrong one, is refused.
  let r = await call(page, "POST", `conversations/${OPEN}/messages`, { text: "no token" });
  expect(r.status === 403 && /CSRF/.test(r.body.error), "a write without the CSRF token is refused (403)");
  r = await call(page, "POST", `conversations/${OPEN}/messages`, { text: "bad token" }, csrf + "x");
  expect(r.status === 403, "a write with a wrong CSRF token is refused (403)");

  // Outside the window: the console shows why and offers a template.
  await conv(page, CLOSED).click();
  await page.locator("#template").waitFor({ state: "visible" });
  expect(await page.locator("#reply").isHidden(), "outside the window free text is not offered");
  expect((await page.locator("#window-reason").textContent()).includes("24-hour window closed"), "the console says the window closed and why");
  r = await call(page, "POST", `conversations/${CLOSED}/messages`, { text: "sneaky free text" }, csrf);
  expect(r.status === 422 && /window/.test(r.body.error), "free text outside the window is refused by the API too");
  await page.screenshot({ path: SHOTS + "/template.png" });
  await page.getByRole("button", { name: "Send template" }).first().click();
  await page.locator("li.msg.outbound em", { hasText: "Template" }).first().waitFor();
  expect(true, "a template went out outside the window");

  // Opted out: the console refuses, and so does the API.
  await conv(page, OPTOUT).click();
  await page.locator("#refusal").waitFor({ state: "visible" });
  expect((await page.locator("#refusal").textContent()).includes("opted out"), "the console says the person opted out");
  expect(await page.locator("#reply").isHidden() && await page.locator("#template").isHidden(), "no composer for an opted-out person");
  r = await call(page, "POST", `conversations/${OPTOUT}/messages`, { template_id: 3, job_id: 1050 }, csrf);
  expect(r.status === 422 && /opted out/.test(r.body.error), "the API refuses a template to an opted-out person");
  await page.screenshot({ path: SHOTS + "/opted-out.png" });

  // Start a conversation with a template from a job.
  await page.locator("summary", { hasText: "Start a conversation from a job" }).click();
  await page.locator("#start-job").fill("1050");
  await page.locator("#start-phone").fill(env("CONSOLE_START_PHONE"));
  await page.locator("#start form, form#start").getByRole("button", { name: "Send template" }).click();
  await conv(page, env("CONSOLE_START_CONV")).waitFor();
  expect(true, "a template from job 1050 started a conversation that appears in the inbox");
  await page.locator("summary", { hasText: "Start a conversation from a job" }).click();

  // Click-to-chat: my link's prefilled first message lands in my queue.
  await page.getByRole("button", { name: "My click-to-chat link" }).click();
  await page.locator("#chat-link-box").waitFor({ state: "visible" });
  const link = await page.locator("#chat-link").inputValue();
  expect(link.startsWith("https://wa.me/") && link.includes("ref+PL-"), "a wa.me link with a short code: " + link);
  const prefilled = new URL(link).searchParams.get("text");
  const inject = await fetch(env("CONSOLE_SIM") + "/_sim/inbound", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ from: env("CONSOLE_LINK_PHONE"), profile_name: "Linda Link", text: prefilled }) });
  expect(inject.ok, "the person sent the link's prefilled message");
  await page.screenshot({ path: SHOTS + "/click-to-chat.png" });
  await page.locator("input[name=filter][value=mine]").check();
  await conv(page, env("CONSOLE_LINK_CONV")).waitFor();
  expect(await conv(page, env("CONSOLE_LINK_CONV")).textContent().then((t) => t.includes("my queue")), "the conversation is in my queue");
  await page.waitForFunction(() => document.querySelectorAll("button.conv").length === 1);
  expect(true, "my queue holds only that conversation");

  // A conversation without a job: the reply's ticks come from its own statuses.
  await conv(page, env("CONSOLE_LINK_CONV")).click();
  await page.locator("#reply-text").waitFor({ state: "visible" });
  await page.locator("#reply-text").fill("Thanks Linda, we'll call you back this afternoon.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.locator("li.msg.outbound[data-status='delivered'], li.msg.outbound[data-status='read']").filter({ hasText: "Thanks Linda" }).waitFor();
  expect(true, "a delivery tick arrived for a message without a job");
  await page.screenshot({ path: SHOTS + "/thread-no-job.png" });
  await page.locator("input[name=filter][value=mine]").uncheck();
  await conv(page, OPEN).waitFor();

  // Role filter: the person the assistant identified as a contractor.
  // Other tests' contractors share the organisation: every row shown is a contractor's.
  await page.locator("#role").selectOption("contractor");
  await page.waitForFunction((id) => {
    const list = [...document.querySelectorAll("button.conv")];
    return list.some((b) => b.dataset.id === id) && list.every((b) => b.querySelector(".name").textContent.includes("contractor"));
  }, CLOSED);
  expect(await conv(page, CLOSED).textContent().then((t) => t.includes("contractor")), "the contractor filter shows only the contractor, tagged");
  await page.screenshot({ path: SHOTS + "/role-filter.png" });
  await page.locator("#role").selectOption("");
  await conv(page, OPEN).waitFor();

  // Site filter: the site the assistant identified Carl's at, offered from the conversations.
  await page.locator("#site").selectOption({ label: "Console Court" });
  await page.waitForFunction((id) => {
    const list = [...document.querySelectorAll("button.conv")];
    return list.length === 1 && list[0].dataset.id === id;
  }, CLOSED);
  expect(await conv(page, CLOSED).textContent().then((t) => t.includes("Console Court")), "the site filter shows only the person at that site, tagged with it");
  await page.locator("#site").selectOption("");
  await conv(page, OPEN).waitFor();

  // Phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Back to inbox" }).click();
  await page.screenshot({ path: SHOTS + "/phone-inbox.png" });
  await conv(page, OPEN).click();
  await page.locator("#reply-text").waitFor({ state: "visible" });
  await page.screenshot({ path: SHOTS + "/phone-thread.png" });

  // Another organisation's session sees nothing of this one.
  const rival = await signIn(browser, env("CONSOLE_RIVAL_LINK"), { width: 1280, height: 860 });
  r = await call(rival.page, "GET", `conversations/${OPEN}`);
  expect(r.status === 404, "another organisation's session cannot read the conversation (404)");
  r = await call(rival.page, "POST", `conversations/${OPEN}/messages`, { text: "from the rival" }, rival.csrf);
  expect(r.status === 404, "another organisation's session cannot reply in it (404)");
  r = await call(rival.page, "POST", `conversations/${OPEN}/read`, undefined, rival.csrf);
  expect(r.status === 404, "another organisation's session cannot mark it read (404)");
  r = await call(rival.page, "GET", "inbox");
  expect(r.status === 200 && !r.body.data.conversations.some((c) => c.id === OPEN), "another organisation's inbox does not list it");
  // The demo session's CSRF token is no good in the rival's session either.
  r = await call(rival.page, "POST", "sign-out", undefined, csrf);
  expect(r.status === 403, "a CSRF token of another session is refused");

  // Signing out ends the session on the server (the page stops polling first, so that it
  // does not navigate to the sign-in page under the check).
  await page.evaluate(() => clearInterval(state.polling));
  r = await call(page, "POST", "sign-out", undefined, csrf);
  expect(r.status === 200, "sign-out");
  r = await call(page, "GET", "inbox");
  expect(r.status === 401, "the session is gone after sign-out (401)");
  console.log("console browser test passed");
} finally {
  await browser.close();
}
