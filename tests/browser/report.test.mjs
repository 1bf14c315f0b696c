// The MTTR report in headless Chromium: `whys report --format html` and the site's report
// page, on a generated archive with a long history (28 quarters). Both must fit a phone and
// 1280 px with no sideways scroll, draw only the latest 12 quarters with a legend, and print
// to A4 with the summary and the chart on the first page and no text cut at the edge.
//
// Needs WHYS_BIN (the built `whys` binary). CHROMIUM may point at another Chromium binary.
// Writes the printed PDF to target/screenshots/report.pdf for a person to look at.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

// 28 quarters from 2017: the first four only back-filled (zero-length) incidents, which the
// report leaves out; then 6 to 11 incidents a quarter with a deterministic spread of
// durations, outages and degradations, and one record whose times contradict each other.
const work = mkdtempSync(join(tmpdir(), "whys-report-browser-"));
const archive = join(work, "archive");
const records = join(archive, "postmortems");
mkdirSync(records, { recursive: true });
let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const QUARTERS = 28;
for (let q = 0; q < QUARTERS; q++) {
  const year = 2017 + Math.floor(q / 4);
  const month = (q % 4) * 3;
  const count = q < 4 ? 3 : 6 + Math.floor(next() * 6);
  for (let i = 0; i < count; i++) {
    const start = new Date(Date.UTC(year, month, 1 + Math.floor(next() * 85), 9, 0, 0));
    const minutes = q < 4 ? 0 : Math.round(5 + Math.exp(next() * 6));
    const end = new Date(start.getTime() + minutes * 60000);
    const inconsistent = q === 10 && i === 0;
    const detected = inconsistent ? new Date(start.getTime() - 3600000) : start;
    const id = `${iso(start).slice(0, 10)}-q${q}-i${i}`;
    writeFileSync(
      join(records, `${id}.yaml`),
      [
        `id: ${id}`,
        `title: Incident ${q}.${i} with a long title that a table cell has to wrap somewhere`,
        "status: draft",
        `severity: SEV${2 + (i % 3)}`,
        `impact_kind: ${i % 3 === 0 ? "outage" : "degraded"}`,
        `services: [${["api", "web", "billing"][i % 3]}]`,
        "summary: s",
        "times:",
        `  started: ${iso(start)}`,
        `  detected: ${iso(detected)}`,
        `  mitigated: ${iso(end)}`,
        `  resolved: ${iso(end)}`,
        "",
      ].join("\n"),
    );
  }
}
const site = join(work, "site");
execFileSync(whys, ["-C", archive, "site", "--out", site, "--today", "2024-06-01"], { stdio: ["ignore", "ignore", "pipe"] });
const standalone = join(work, "report.html");
writeFileSync(
  standalone,
  execFileSync(whys, ["-C", archive, "report", "--format", "html", "--today", "2024-06-01"]),
);
const pages = [
  ["the standalone report", standalone],
  ["the site's report page", join(site, "report.html")],
];

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
async function open(path, viewport) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return { page, errors };
}

// Elements whose box reaches past the right edge of the window: text that would be cut, or
// that only a sideways scroll would show (tables included: none may need one).
const overflowing = (page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) {
        out.push(`${el.tagName}.${el.className.baseVal ?? el.className} right=${Math.round(r.right)} of ${width}`);
      }
    }
    return out;
  });

for (const [name, path] of pages) {
  await test(`${name}: the summary comes first, then a chart of the latest 12 quarters with its legend`, async () => {
    const { page, errors } = await open(path, { width: 1280, height: 900 });
    const order = await page.evaluate(() => {
      const summary = document.querySelector(".report-summary");
      const chart = document.querySelector("figure svg.report-chart");
      const table = document.querySelector(".report-table");
      const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
      return { summaryFirst: before(summary, chart) && before(chart, table) };
    });
    assert(order.summaryFirst, "summary, then chart, then the table");
    const columns = await page.$$eval(".chart-wide svg.report-chart g.period", (g) => g.length);
    assert(columns === 12, `the chart draws the latest 12 quarters, not ${columns}`);
    assert(await page.isVisible(".chart-wide svg") && !(await page.isVisible(".chart-narrow svg")), "the wide chart at 1280 px");
    const rows = await page.$$eval(".report-table tbody tr", (r) => r.length);
    assert(rows === QUARTERS - 4, `every quarter with a counted incident is a table row: ${rows}`);
    const legend = await page.$$eval(".chart-wide svg.report-chart g.legend text", (t) => t.map((x) => x.textContent));
    for (const want of ["median", "95% interval of the median", "outage target 30 min", "degraded target 1 h"]) {
      assert(legend.includes(want), `legend names "${want}": ${legend.join(" | ")}`);
    }
    const lines = await page.$$eval(".chart-wide svg.report-chart line.target", (l) => l.map((x) => x.getAttribute("class")));
    assert(lines.includes("target outage") && lines.includes("target degraded"), `a line per target: ${lines}`);
    const caption = await page.textContent("figure figcaption .chart-wide");
    assert(/latest 12 quarters/.test(caption) && /in the table below/.test(caption), caption);
    const summary = await page.textContent(".report-summary");
    assert(/4 quarters from 2017-Q1 to 2017-Q4 are not shown/.test(summary), summary);
    assert(/1 inconsistent/.test(summary), "the inconsistent record is named in the summary");
    assert(errors.length === 0, `console errors: ${errors.join(" | ")}`);
    await page.close();
  });

  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    await test(`${name}: fits ${viewport.width} px with no sideways scroll`, async () => {
      const { page } = await open(path, viewport);
      const extra = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(extra <= 0, `the page is ${extra}px wider than the window`);
      // A phone gets the chart of the latest 4 quarters, at a size its text can be read.
      const shown = viewport.width < 640 ? ".chart-narrow" : ".chart-wide";
      const chart = await page.$eval(`${shown} svg.report-chart`, (s) => s.getBoundingClientRect().toJSON());
      assert(chart.right <= viewport.width && chart.width > 0.6 * Math.min(viewport.width, 1000), `chart box ${JSON.stringify(chart)}`);
      const columns = await page.$$eval(`${shown} svg g.period`, (g) => g.length);
      assert(columns === (viewport.width < 640 ? 4 : 12), `${columns} periods drawn at ${viewport.width} px`);
      const smallest = await page.$$eval(`${shown} svg text`, (t) => Math.min(...t.map((x) => x.getBoundingClientRect().height)));
      assert(smallest >= 9, `chart text is ${smallest.toFixed(1)} px high at ${viewport.width} px`);
      const cut = await overflowing(page);
      assert(cut.length === 0, `cut at the right edge: ${cut.slice(0, 5).join(", ")}`);
      await page.close();
    });
  }

  await test(`${name}: prints to A4 with the summary and chart on page 1 and nothing cut`, async () => {
    const { page } = await open(path, { width: 1280, height: 900 });
    await page.emulateMedia({ media: "print" });
    // A4 at 96 px an inch, less the stylesheet's 12 mm margins: the box the printer lays out.
    const mm = 96 / 25.4;
    const content = { width: Math.floor((210 - 24) * mm), height: Math.floor((297 - 24) * mm) };
    await page.setViewportSize(content);
    const layout = await page.evaluate(() => {
      const top = (sel) => document.querySelector(sel).getBoundingClientRect().top + window.scrollY;
      const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom + window.scrollY;
      return {
        figureBottom: bottom("figure.report-figure"),
        restTop: top(".report-method"),
        end: document.documentElement.scrollHeight,
      };
    });
    assert(layout.figureBottom <= content.height, `summary and chart end at ${Math.round(layout.figureBottom)}px, page 1 holds ${content.height}px`);
    const cut = await overflowing(page);
    assert(cut.length === 0, `cut in print: ${cut.slice(0, 5).join(", ")}`);
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: false });
    mkdirSync(screenshots, { recursive: true });
    writeFileSync(join(screenshots, name.includes("site") ? "report-site.pdf" : "report.pdf"), pdf);
    const count = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;
    // Page 1 is the summary and chart; the method and tables start on page 2 and take as
    // many pages as their height needs (one more for rows that do not split).
    const rest = Math.ceil((layout.end - layout.restTop) / content.height);
    assert(count >= 2 && count <= 1 + rest + 1, `${count} pages; expected 2 to ${rest + 2}`);
    await page.close();
  });
}

await browser.close();
rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
