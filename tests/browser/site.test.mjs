// Opens the site `whys site` builds in headless Chromium, from disk (file://), the way a
// reviewer would: search and filters find incidents (on a small fixed archive and on a
// generated one of 10,000 records), sorting works, pages log no errors, nothing is cut or
// scrolls sideways at phone width and at 1280 px, and the record full of injection payloads
// renders (and is found by search) with none of them running.
//
// Needs WHYS_BIN (the built `whys` binary) and GEN_BIN (examples/gen_archive). CHROMIUM may
// point at another Chromium binary; BROWSER_RECORDS changes the size of the generated
// archive (default 10000). Writes screenshots to target/screenshots/.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const whys = process.env.WHYS_BIN && resolve(process.env.WHYS_BIN);
const gen = process.env.GEN_BIN && resolve(process.env.GEN_BIN);
if (!whys || !gen) {
  console.error("WHYS_BIN and GEN_BIN must name the whys binary and examples/gen_archive");
  process.exit(2);
}
const RECORDS = Number(process.env.BROWSER_RECORDS || 10000);
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
const TRACKER = "https://tracker.example/browse/{ticket}";
writeFileSync(join(archive, "whys.yaml"), `tracker:\n  ticket_url: "${TRACKER}"\n`);
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

// Waits for the search to settle on the current state (the script stamps #results with the
// time it took once the results are shown).
async function searched(page, action) {
  await page.evaluate(() => document.getElementById("results").removeAttribute("data-ms"));
  await action();
  await page.waitForFunction(() => {
    const r = document.getElementById("results");
    return r.hidden || r.hasAttribute("data-ms");
  }, null, { timeout: 20000 });
  await page.waitForTimeout(120);
  await page.waitForFunction(() => {
    const r = document.getElementById("results");
    return r.hidden || r.hasAttribute("data-ms");
  }, null, { timeout: 20000 });
}
const resultIds = (page) =>
  page.$$eval("#results:not([hidden]) #results-list li .result-meta", (ms) => ms.map((m) => m.textContent.split(" · ").pop()));

await test("search and filters find incidents, and the address keeps them", async () => {
  const { page, problems } = await open(urlOf(join(site, "index.html")));
  assert(await page.isVisible("form.filters"), "the search form is shown when script runs");
  await searched(page, () => page.fill("form.filters input[name=q]", "compaction"));
  assert((await resultIds(page)).join() === REFERENCE, `one result: ${await resultIds(page)}`);
  assert(await page.isHidden("#listing"), "the table gives way to the results");
  const marks = await page.$$eval("#results-list mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert(marks.length > 0 && marks.every((m) => m.startsWith("compaction")), `matched words marked: ${marks}`);
  assert(new URL(page.url()).hash === "#q=compaction", `state in the address: ${page.url()}`);
  await searched(page, () => page.fill("form.filters input[name=q]", "no such incident anywhere"));
  assert((await resultIds(page)).length === 0, "nonsense matches nothing");
  await searched(page, () => page.fill("form.filters input[name=q]", ""));
  assert(await page.isVisible("#listing"), "clearing shows the table again");
  await searched(page, () => page.selectOption("form.filters select[name=severity]", "SEV2"));
  assert((await resultIds(page)).join() === REFERENCE, "severity filter");
  await searched(page, () => page.selectOption("form.filters select[name=severity]", ""));
  await searched(page, () => page.selectOption("form.filters select[name=service]", "checkout"));
  assert((await resultIds(page)).join() === INJECTION, `service filter: ${await resultIds(page)}`);
  await searched(page, () => page.selectOption("form.filters select[name=service]", ""));
  await searched(page, () => page.selectOption("form.filters select[name=status]", "published"));
  assert((await resultIds(page)).join() === REFERENCE, "status filter");
  await searched(page, () => page.selectOption("form.filters select[name=year]", "2025"));
  assert((await resultIds(page)).join() === REFERENCE, "year and status together");
  await searched(page, () => page.check("form.filters input[name=open]"));
  assert((await resultIds(page)).join() === REFERENCE, "has open action items");
  const shared = page.url();
  await page.close();
  // A shared address opens the same view.
  const again = await open(shared);
  await again.page.waitForSelector("#results[data-ms]");
  assert((await resultIds(again.page)).join() === REFERENCE, `shared view: ${await resultIds(again.page)}`);
  assert(await again.page.isChecked("input[name=open]"), "the checkbox comes back from the address");
  const tagged = await open(urlOf(join(site, "index.html")) + "#tag=connection-pool");
  await tagged.page.waitForSelector("#results[data-ms]");
  assert((await resultIds(tagged.page)).join() === REFERENCE, "tag filter from the address");
  for (const p of [again, tagged]) {
    assert(p.problems.console.length === 0, `console errors: ${p.problems.console.join(" | ")}`);
    await p.page.close();
  }
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
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
  assert((await page.$$("svg[role=img]")).length === 1, "the timeline diagram, and no second 5 Whys");
  const whys = await page.$$eval("ol.whys > li .q", (qs) => qs.map((q) => q.textContent.trim()));
  assert(whys.length >= 3, `the 5 Whys as a numbered list: ${whys.length}`);
  const body = await page.textContent("main");
  assert(body.split(whys[0]).length === 2, `the first why appears once: ${whys[0]}`);
  const ticket = await page.getAttribute("a.ticket", "href");
  assert(ticket === "https://tracker.example/browse/PAY-2201", `tickets link to the tracker: ${ticket}`);
  const service = page.locator(".badges a", { hasText: "payments-db" });
  await Promise.all([page.waitForEvent("load"), service.click()]);
  assert((await page.textContent("h1")).includes("payments-db"), "a page per service");
  assert((await page.$$(`a[href="../incidents/${REFERENCE}.html"]`)).length === 1, "the service page lists it");
  await Promise.all([page.waitForEvent("load"), page.click(`a[href="../incidents/${REFERENCE}.html"]`)]);
  await Promise.all([page.waitForEvent("load"), page.click("footer a:text('cron')")]);
  assert((await page.textContent("h1")).includes("cron"), "a page per tag");
  await Promise.all([page.waitForEvent("load"), page.click(`a[href="../incidents/${REFERENCE}.html"]`)]);
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
  const tickets = await page.$$eval("#actions a.ticket", (as) => as.map((a) => a.getAttribute("href")));
  assert(tickets.includes("https://tracker.example/browse/PAY-2204"), `ticket links: ${tickets}`);
  // Every due date in the fixtures is in 2025 or 2026-04; the reader's clock is later.
  assert((await page.$$("#actions tr.overdue")).length >= 1, "overdue items are marked");
  await page.selectOption("form.filters select[name=owner]", "sre-team");
  assert((await visibleRows(page, "actions")) === 1, "owner filter");
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

// Follows the first link matching `selector` on the page at `path` and returns the address.
async function linkFrom(path, selector) {
  const { page } = await open(urlOf(path));
  const href = await page.$eval(selector, (a) => a.href);
  await page.close();
  return href;
}
const payloadAddress =
  "#q=" + encodeURIComponent('pwned <img src=x onerror="window.__pwned=90">') +
  "&service=" + encodeURIComponent('"><script>window.__pwned=91</script>') +
  "&tag=" + encodeURIComponent("x' onmouseover='window.__pwned=6");
for (const [name, path, ownScripts, prepare] of [
  ["the injection record's page", join(site, "incidents", `${INJECTION}.html`), 0],
  ["the injection record rendered alone", null, 0],
  ["the index with the injection record", join(site, "index.html"), 1],
  ["the action items with the injection record", join(site, "actions.html"), 1],
  ["search results and snippets of the injection record", join(site, "index.html"), 1, async (page) => {
    await searched(page, () => page.fill("form.filters input[name=q]", "pwned"));
    assert((await resultIds(page)).join() === INJECTION, `found by search: ${await resultIds(page)}`);
    assert((await page.$$("#results-list mark")).length > 0, "matched words marked");
  }],
  ["search filtered by the injection record's service and tag", join(site, "index.html"), 1, async (page) => {
    await searched(page, () => page.selectOption("form.filters select[name=service]", { index: 1 }));
    await searched(page, () => page.selectOption("form.filters select[name=tag]", { index: 1 }));
    assert((await resultIds(page)).join() === INJECTION, `filtered: ${await resultIds(page)}`);
  }],
  ["the index opened with payloads in its address", "address", 1, async (page) => {
    await page.waitForSelector("#results[data-ms]");
  }],
  ["the injection record's tag page", "tag", 0],
  ["the injection record's service page", "service", 0],
]) {
  await test(`${name}: no payload runs or becomes markup`, async () => {
    let target = path && urlOf(path);
    if (!path) {
      execFileSync(whys, ["-C", archive, "render", join(archive, "postmortems", "2025", `${INJECTION}.yaml`), "--format", "html", "--out", join(work, "render")]);
      target = urlOf(join(work, "render", `${INJECTION}.html`));
    } else if (path === "address") {
      target = urlOf(join(site, "index.html")) + payloadAddress;
    } else if (path === "tag") {
      target = await linkFrom(join(site, "incidents", `${INJECTION}.html`), "footer a");
    } else if (path === "service") {
      target = await linkFrom(join(site, "incidents", `${INJECTION}.html`), ".badges a");
    }
    const { page, problems } = await open(target);
    if (prepare) await prepare(page);
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

// Every element of the page that reaches past the viewport, scrolls sideways or is cut, and
// every Due cell whose date does not fit.
async function layoutProblems(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}`;
    if (document.documentElement.scrollWidth > width) found.push(`the page is ${document.documentElement.scrollWidth - width}px too wide`);
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      // Hidden, or moved off screen on purpose (skip links, table heads read by screen readers).
      if (box.width === 0 || box.height === 0 || box.right <= 0) continue;
      if (box.right > width + 1) found.push(`${name(el)} ends at ${Math.round(box.right)}px of ${width}`);
      const overflow = getComputedStyle(el).overflowX;
      if (overflow !== "visible" && el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} scrolls or cuts ${el.scrollWidth - el.clientWidth}px`);
    }
    for (const due of document.querySelectorAll("td.due")) {
      if (due.scrollWidth > due.clientWidth + 1 || !/^\d{4}-\d{2}-\d{2}|^no date/.test(due.textContent.trim())) found.push(`Due cut: ${due.textContent}`);
    }
    return [...new Set(found)].slice(0, 12);
  });
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

await test("the incident page fits a phone and 1280 px: nothing cut, nothing scrolls sideways", async () => {
  mkdirSync(screenshots, { recursive: true });
  for (const [label, viewport] of [["phone", PHONE], ["1280", DESKTOP]]) {
    for (const [page_name, path] of [
      ["record", join(site, "incidents", `${REFERENCE}.html`)],
      ["record-alone", join(work, "render", `${REFERENCE}.html`)],
      ["actions", join(site, "actions.html")],
    ]) {
      const { page, problems } = await open(urlOf(path), viewport);
      await page.screenshot({ path: join(screenshots, `${page_name}-${label}.png`), fullPage: true });
      const found = await layoutProblems(page);
      assert(found.length === 0, `${page_name} at ${label}: ${found.join("; ")}`);
      if (page_name !== "record-alone") {
        const dues = await page.$$eval("td.due", (ds) => ds.map((d) => d.textContent.trim()));
        assert(dues.length > 0 && dues.some((d) => /^\d{4}-\d{2}-\d{2}/.test(d)), `Due dates shown whole: ${dues}`);
      }
      assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
      await page.close();
    }
  }
  assert(readFileSync(join(screenshots, "record-1280.png")).length > 10000, "screenshot written");
});

// ---- A generated archive of RECORDS records ------------------------------------------
const big = join(work, "big");
execFileSync(gen, ["--records", String(RECORDS), "--seed", "1", "--out", big], { stdio: ["ignore", "ignore", "pipe"] });
for (const [from, id] of [[join(repo, "postmortems", "2025"), REFERENCE], [join(repo, "tests", "data", "render"), INJECTION]]) {
  cpSync(join(from, `${id}.yaml`), join(big, "postmortems", "2025", `${id}.yaml`));
}
const bigSite = join(work, "big-site");
const buildStarted = Date.now();
execFileSync(whys, ["-C", big, "site", "--out", bigSite], { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
console.log(`# site of ${RECORDS + 2} records built in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);

// What the generated files say, read here without whys: titles and services of every record.
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : []);
}
const records = walk(join(big, "postmortems")).map((file) => {
  const text = readFileSync(file, "utf8");
  const field = (key) => (text.match(new RegExp(`^${key}: (.*)$`, "m")) || [])[1] || "";
  return {
    id: field("id"),
    title: field("title").replace(/^'|'$/g, ""),
    services: field("services").replace(/^\[|\]$/g, "").split(",").map((x) => x.trim()).filter(Boolean),
    both: /\bconnection/i.test(text) && /\bpool/i.test(text),
    related: field("related").replace(/^\[|\]$/g, "").split(",").map((x) => x.trim()).filter(Boolean),
  };
});

await test(`${RECORDS} records: typing "connection pool" lists the matching incidents, and a service filter narrows them`, async () => {
  const { page, problems } = await open(urlOf(join(bigSite, "index.html")), DESKTOP);
  await searched(page, () => page.type("form.filters input[name=q]", "connection pool", { delay: 20 }));
  const ms = Number(await page.getAttribute("#results", "data-ms"));
  const count = Number((await page.textContent("#results-count")).split(" ")[0]);
  const inTitle = records.filter((r) => /connection pool/i.test(r.title));
  const anywhere = records.filter((r) => r.both);
  console.log(`# "connection pool": ${count} results in ${ms} ms (${inTitle.length} with it in the title)`);
  assert(inTitle.length > 10, `the generated archive has such incidents: ${inTitle.length}`);
  assert(count >= inTitle.length && count <= anywhere.length, `${count} results, between ${inTitle.length} and ${anywhere.length}`);
  const ids = await resultIds(page);
  assert(ids.length === 20, `the first 20 are shown: ${ids.length}`);
  const titled = new Set(inTitle.map((r) => r.id));
  assert(ids.every((id) => titled.has(id)), "incidents with the words in their title come first");
  const snippetMarks = await page.$$eval("#results-list li", (lis) => lis.slice(0, 10).map((li) => li.querySelectorAll("mark").length));
  assert(snippetMarks.every((n) => n > 0), `snippets mark the matched words: ${snippetMarks}`);
  // The service most of those incidents name.
  const byService = {};
  inTitle.forEach((r) => r.services.forEach((s) => { byService[s] = (byService[s] || 0) + 1; }));
  const service = Object.keys(byService).sort((a, b) => byService[b] - byService[a])[0];
  await searched(page, () => page.selectOption("form.filters select[name=service]", service));
  const narrowed = Number((await page.textContent("#results-count")).split(" ")[0]);
  console.log(`# filtered by ${service}: ${narrowed} results in ${await page.getAttribute("#results", "data-ms")} ms`);
  assert(narrowed > 0 && narrowed < count, `${service} narrows ${count} to ${narrowed}`);
  assert(narrowed >= byService[service], `at least the ${byService[service]} titled ones`);
  const serviceOf = Object.fromEntries(records.map((r) => [r.id, r.services]));
  const narrowedIds = await resultIds(page);
  assert(narrowedIds.every((id) => serviceOf[id].includes(service)), `every result names ${service}`);
  assert(new URL(page.url()).hash.includes(`service=${service}`), `the address keeps the filter: ${page.url()}`);
  for (const [label, viewport] of [["phone", PHONE], ["1280", DESKTOP]]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(screenshots, `search-${label}.png`) });
    const found = await layoutProblems(page);
    assert(found.length === 0, `search results at ${label}: ${found.join("; ")}`);
  }
  await Promise.all([page.waitForEvent("load"), page.click("#results-list li a")]);
  assert(narrowedIds.some((id) => page.url().endsWith(`${id}.html`)), "a result opens its incident");
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await test(`${RECORDS} records: index and action pages stay small and fit both widths`, async () => {
  const sizes = readdirSync(bigSite).filter((f) => f.endsWith(".html")).map((f) => statSync(join(bigSite, f)).size);
  assert(sizes.length > 4, `the lists are split into pages: ${sizes.length} pages`);
  assert(Math.max(...sizes) < 4 * 1024 * 1024, `no page past 4 MB: ${Math.max(...sizes)}`);
  for (const [label, viewport] of [["phone", PHONE], ["1280", DESKTOP]]) {
    for (const name of ["index.html", "actions-2.html"]) {
      const { page, problems } = await open(urlOf(join(bigSite, name)), viewport);
      await page.screenshot({ path: join(screenshots, `${name.replace(".html", "")}-10k-${label}.png`) });
      const found = await layoutProblems(page);
      assert(found.length === 0, `${name} at ${label}: ${found.join("; ")}`);
      assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
      await page.close();
    }
  }
  const { page } = await open(urlOf(join(bigSite, "index.html")));
  await Promise.all([page.waitForEvent("load"), page.click(".pager a[rel=next]")]);
  assert(page.url().endsWith("index-2.html"), `the pager leads on: ${page.url()}`);
  assert((await page.$$("#incidents tbody tr")).length === 1000, "a full page of rows");
  await page.close();
});

await test(`${RECORDS} records: related incidents link both ways`, async () => {
  const ids = new Set(records.map((r) => r.id));
  const source = records.find((r) => r.related.length && ids.has(r.related[0]));
  assert(source, "the generated archive has related incidents");
  const { page, problems } = await open(urlOf(join(bigSite, "incidents", `${source.id}.html`)));
  await Promise.all([page.waitForEvent("load"), page.click(`ul.related a[href="${source.related[0]}.html"]`)]);
  const back = await page.$$eval("ul.referenced-by a", (as) => as.map((a) => a.getAttribute("href")));
  assert(back.includes(`${source.id}.html`), `${source.related[0]} links back to ${source.id}: ${back}`);
  assert(problems.console.length === 0, `console errors: ${problems.console.join(" | ")}`);
  await page.close();
});

await browser.close();
rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
