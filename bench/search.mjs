// Search latency of a built site, from file:// in headless Chromium: for each query, the time
// from the last keystroke's input event to the results being on the page (the script waits
// 60 ms after the last keystroke before it searches; that wait is included), over several
// fresh page loads (cold: nothing loaded yet) and repeats on the same page (warm).
//
//   node bench/search.mjs SITE_DIR [runs]
//
// Prints one line per query: median and worst of the cold and warm runs, and the result
// count. Needs playwright-core (tests/browser: npm ci) and /usr/bin/chromium (or CHROMIUM).
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "tests", "browser", "package.json"));
const { chromium } = require("playwright-core");

const site = process.argv[2] && resolve(process.argv[2]);
const runs = Number(process.argv[3] || 5);
if (!site) {
  console.error("usage: node bench/search.mjs SITE_DIR [runs]");
  process.exit(2);
}
const queries = [
  ["connection pool", ""],
  ["connection pool", "service"],
  ["certificate expiry", ""],
  ["deploy rollback", ""],
  ["", "year"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});

// Types the query (or sets the filter) and resolves with the ms until results are shown.
async function timed(page, query, filter) {
  return page.evaluate(([query, filter]) => new Promise((resolveTime) => {
    const results = document.getElementById("results");
    results.removeAttribute("data-ms");
    const form = document.querySelector("form.filters");
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (results.hasAttribute("data-ms")) {
        observer.disconnect();
        resolveTime([performance.now() - started, document.getElementById("results-count").textContent]);
      }
    });
    observer.observe(results, { attributes: true });
    if (filter) {
      const select = form.elements[filter];
      select.selectedIndex = 1;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    } else {
      form.elements.q.value = query;
      form.elements.q.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }), [query, filter]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`site: ${site}, ${runs} runs a query`);
console.log("query | cold median ms | cold worst ms | warm median ms | results");
for (const [query, filter] of queries) {
  const cold = [];
  const warm = [];
  let count = "";
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(join(site, "index.html")).href, { waitUntil: "load" });
    if (filter) {
      // The filter is timed after the query is in, as a person would narrow a search.
      if (query) await timed(page, query, "");
      const [ms, c] = await timed(page, query, filter);
      cold.push(ms);
      count = c;
    } else {
      const [ms, c] = await timed(page, query, "");
      cold.push(ms);
      count = c;
    }
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(join(site, "index.html")).href, { waitUntil: "load" });
  // Warm: the same search again on a page that has loaded its files once (another query
  // in between, so the results really change).
  for (let i = 0; i < runs; i++) {
    await page.evaluate((f) => { if (f) document.querySelector("form.filters").elements[f].selectedIndex = 0; }, filter);
    await timed(page, "zzq" + i, "");
    if (filter && query) await timed(page, query, "");
    if (filter && !query) await page.evaluate(() => { document.querySelector("form.filters").elements.q.value = ""; });
    warm.push((await timed(page, query, filter))[0]);
  }
  await page.close();
  const label = (query ? `"${query}"` : "(no words)") + (filter ? ` + ${filter} filter` : "");
  console.log(`${label} | ${median(cold).toFixed(0)} | ${Math.max(...cold).toFixed(0)} | ${median(warm).toFixed(0)} | ${count}`);
}
await browser.close();
