// Opens the site `whys site` builds in headless Chromium, from disk (file://), the way a
// reviewer would: the filter narrows the table, sorting works, pages log no errors, and the
// record full of injection payloads renders with none of them running.
//
// Needs WHYS_BIN (the built `whys` binary). CHROMIUM may point at another Chromium binary.
// Writes a screenshot of the reference record's page to target/screenshots/record.png.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const whys = process.env.WHYS_BIN && resolve(process.env.WHYS_BIN);
if (!whys) {
  console.error("WHYS_BIN must name the whys binary (e.g. target/debug/whys)");
  process.exit(2);
}
const screenshots = process.env.SCREENSHOT_DIR || join(repo, "target", "screenshots");
const REFERENCE = "2025-10-07-payments-pool-exhaustion";
const INJECTION = "2025-11-01-injection-attempts";

// A fixed archive, so the expectations below do not move when records are added to the
// bundled one: the reference record, the injection record and one broken file.
const work = mkdtempSync(join(tmpdir(), "whys-browser-"));
const archive = join(work, "archive");
mkdirSync(join(archive, "postmortems", "2025"), { recursive: true });
cpSync(
  join(repo, "postmortems", "2025", `${REFERENCE}.yaml`),
  join(archive, "postmortems", "2025", `${REFERENCE}.yaml`),
);
cpSync(
  join(repo, "tests", "data", "render", `${INJECTION}.yaml`),
  join(archive, "postmortems", "2025", `${INJECTION}.yaml`),
);
writeFileSync(join(archive, "postmortems", "2025", "broken.yaml"), "id: [not, a, record\n");
const site = join(work, "site");
execFileSync(whys, ["-C", archive, "site", "--out", site], { stdio: ["ignore", "ignore", "pipe"] });
execFileSync(
  whys,
  ["-C", archive, "render", join(archive, "postmortems", "2025", `${REFERENCE}.yaml`), "--format", "html", "--out", join(work, "render")],
  { stdio: ["ignore", "ignore", "pipe"] },
);
const urlOf = (path) => pathToFileURL(path).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

let passed = 0;
let failed = 0;
async function test(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}\n    ${String(err && err.stack || err).split("\n").join("\n    ")}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// A page that records console errors, uncaught exceptions and dialogs (dismissing them).
async function open(url, viewport = { width: 1100, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const problems = { console: [], dialogs: [] };
  page.on("console", (m) => { if (m.type() === "error") problems.console.push(m.text()); });
  page.on("pageerror", (e) => problems.console.push(String(e)));
  page.on("dialog", async (d) => { problems.dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(url, { waitUntil: "load" });
  return { page, problems };
}

const visibleRows = (page, table) =>
  page.$$eval(`#${table} tbody tr`, (rows) => rows.filter((r) => !r.hidden).length);

// What a payload would leave behind if it had run or become markup.
async function injectionTraces(page) {
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const onAttributes = [];
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) if (/^on/i.test(a.name)) onAttributes.push(`${el.tagName} ${a.name}`);
    }
    const badUrls = [...document.querySelectorAll("[href],[src],[action],[data],[formaction]")]
      .map((el) => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action") || el.getAttribute("data") || "")
      .filter((u) => /^\s*(javascript|data|vbscript):/i.test(u));
    return {
      pwned: typeof window.__pwned,
      scripts: document.querySelectorAll("script").length,
      styles: document.querySelectorAll("style, link[rel~=stylesheet]").length,
      styled: document.querySelectorAll("body [style]").length,
      embeds: document.querySelectorAll("iframe, object, embed, base, form:not(.filters), img, details, marquee, math").length,
      onAttributes,
      badUrls,
      bodyVisible: getComputedStyle(document.body).display !== "none",
    };
  });
}

await test("index lists every incident and the file that failed to load", async () => {
  const { page, problems } = await open(urlOf(join(site, "index.html")));
  assert((await page.$$("#incidents tbody tr")).length === 2, "two incidents in the table");
  const failures = await page.textContent("#h-failures + p + .table-wrap");
  assert(failures.includes("broken.yaml"), `broken.yaml is listed as not rendered: ${failures}`);
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await test("the filter narrows the table by text, severity, service and status", async () => {
  const { page, problems } = await open(urlOf(join(site, "index.html")));
  assert(await page.isVisible("form.filters"), "filters are shown when script runs");
  await page.fill("form.filters input[name=text]", "compaction");
  assert((await visibleRows(page, "incidents")) === 1, "text filter leaves one row");
  assert((await page.textContent("#incidents-count")).startsWith("1 of 2"), "count says 1 of 2");
  await page.fill("form.filters input[name=text]", "no such incident anywhere");
  assert((await visibleRows(page, "incidents")) === 0, "nonsense matches nothing");
  await page.fill("form.filters input[name=text]", "");
  assert((await visibleRows(page, "incidents")) === 2, "clearing shows all");
  await page.selectOption("form.filters select[name=severity]", "SEV2");
  assert((await visibleRows(page, "incidents")) === 1, "severity filter");
  await page.selectOption("form.filters select[name=severity]", "");
  await page.selectOption("form.filters select[name=service]", "checkout");
  const rows = await page.$$eval("#incidents tbody tr", (rs) => rs.filter((r) => !r.hidden).map((r) => r.dataset.status));
  assert(rows.length === 1 && rows[0] === "review", `service filter: ${rows}`);
  await page.selectOption("form.filters select[name=service]", "");
  await page.selectOption("form.filters select[name=status]", "published");
  assert((await visibleRows(page, "incidents")) === 1, "status filter");
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await test("a column sorts both ways", async () => {
  const { page, problems } = await open(urlOf(join(site, "index.html")));
  const ids = () => page.$$eval("#incidents tbody tr th code", (cs) => cs.map((c) => c.textContent));
  const started = page.locator("#incidents thead th", { hasText: "Started" });
  await started.locator("button").click();
  assert((await started.getAttribute("aria-sort")) === "ascending", "aria-sort follows the click");
  assert((await ids())[0] === REFERENCE, `oldest first: ${await ids()}`);
  await started.locator("button").click();
  assert((await ids())[0] === INJECTION, `newest first: ${await ids()}`);
  const severity = page.locator("#incidents thead th", { hasText: "Severity" });
  await severity.locator("button").click();
  assert((await ids())[0] === REFERENCE, `SEV2 before the rest: ${await ids()}`);
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await test("an incident opens from the index and reads well", async () => {
  const { page, problems } = await open(urlOf(join(site, "index.html")));
  await Promise.all([page.waitForEvent("load"), page.click(`a[href="incidents/${REFERENCE}.html"]`)]);
  const h1 = await page.textContent("h1");
  assert(h1.includes("Payments silently dropped"), `title: ${h1}`);
  assert((await page.$$("svg[role=img]")).length === 2, "timeline and 5-Whys diagrams");
  assert((await page.$$("th[scope]")).length > 10, "table headers carry scope");
  assert((await page.$$("script")).length === 0, "a record page needs no script");
  await Promise.all([page.waitForEvent("load"), page.click(".site-nav a.brand")]);
  assert((await page.title()).startsWith("Post-mortems"), "back to the index");
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await test("the MTTR report page shows the verdict, the chart and the table, without script", async () => {
  const { page, problems } = await open(urlOf(join(site, "report.html")));
  assert(/against|nothing to compare/.test(await page.textContent("main section.report-summary p.verdict strong")), "the verdict comes first");
  assert((await page.$$("figure svg[role=img] circle")).length >= 1, "one dot per counted incident");
  assert((await page.$$("table tbody tr")).length >= 1, "a row per quarter");
  assert((await page.$$("script")).length === 0, "the report page needs no script");
  await Promise.all([page.waitForEvent("load"), page.click(".site-nav a[href='index.html']")]);
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await test("open action items are listed and overdue ones marked", async () => {
  const { page, problems } = await open(urlOf(join(site, "actions.html")));
  const rows = await page.$$("#actions tbody tr");
  assert(rows.length === 6, `open or in-progress items across the archive: ${rows.length}`);
  // Every due date in the fixtures is in 2025 or 2026-04; the reader's clock is later.
  assert((await page.$$("#actions tr.overdue")).length >= 1, "overdue items are marked");
  await page.selectOption("form.filters select[name=owner]", "sre-team");
  assert((await visibleRows(page, "actions")) === 1, "owner filter");
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

for (const [name, path, ownScripts] of [
  ["the injection record's page", join(site, "incidents", `${INJECTION}.html`), 0],
  ["the injection record rendered alone", null, 0],
  ["the index with the injection record", join(site, "index.html"), 1],
  ["the action items with the injection record", join(site, "actions.html"), 1],
]) {
  await test(`${name}: no payload runs or becomes markup`, async () => {
    let target = path;
    if (!target) {
      target = join(work, "render", `${INJECTION}.html`);
      execFileSync(whys, ["-C", archive, "render", join(archive, "postmortems", "2025", `${INJECTION}.yaml`), "--format", "html", "--out", join(work, "render")]);
    }
    const { page, problems } = await open(urlOf(target));
    const traces = await injectionTraces(page);
    assert(problems.dialogs.length === 0, `dialogs fired: ${problems.dialogs}`);
    assert(traces.pwned === "undefined", `window.__pwned is ${traces.pwned}`);
    assert(traces.scripts === ownScripts, `script elements: ${traces.scripts}, expected ${ownScripts}`);
    assert(traces.styles === 1, `style elements: ${traces.styles}`);
    assert(traces.styled === 0, `elements with style attributes: ${traces.styled}`);
    assert(traces.embeds === 0, `embedded or form elements: ${traces.embeds}`);
    assert(traces.onAttributes.length === 0, `event handler attributes: ${traces.onAttributes}`);
    assert(traces.badUrls.length === 0, `script or data URLs: ${traces.badUrls}`);
    assert(traces.bodyVisible, "the page is still visible");
    const text = await page.textContent("body");
    assert(text.includes("window.__pwned"), "payloads are shown as text");
    assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
    await page.close();
  });
}

await test("screenshots of the reference record", async () => {
  mkdirSync(screenshots, { recursive: true });
  const { page, problems } = await open(urlOf(join(work, "render", `${REFERENCE}.html`)), { width: 1100, height: 900 });
  await page.screenshot({ path: join(screenshots, "record.png"), fullPage: true });
  await page.close();
  const phone = await open(urlOf(join(work, "render", `${REFERENCE}.html`)), { width: 390, height: 844 });
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await phone.page.screenshot({ path: join(screenshots, "record-phone.png"), fullPage: true });
  await phone.page.close();
  const index = await open(urlOf(join(site, "index.html")));
  await index.page.screenshot({ path: join(screenshots, "index.png"), fullPage: true });
  await index.page.close();
  assert(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  assert(readFileSync(join(screenshots, "record.png")).length > 10000, "screenshot written");
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
});

await browser.close();
rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
