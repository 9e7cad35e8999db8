// Opens a report in headless Chromium and checks it: no console error, no request but the page
// itself, one bar per number of the JSON report in each chart, markup from the corpus shown as
// text and never run. Usage: node report_browser.mjs report.html report.json
//                      or: node report_browser.mjs --screenshot report.html picture.png
import { createRequire } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
if (process.argv[2] === "--screenshot") {
  const [, html, picture] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
  await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
  await page.screenshot({ path: picture });
  await browser.close();
  console.log(`screenshot: ${picture}`);
  process.exit(0);
}
const [html, json] = process.argv.slice(2);
const report = JSON.parse(readFileSync(json, "utf8"));
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

const size = statSync(html).size;
check(size < 5 * 1024 * 1024, `the page is under 5 MB (${size} bytes)`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
  const errors = [];
  const requests = [];
  const url = pathToFileURL(html).href;
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(300);
  check(errors.length === 0, `no console error ${JSON.stringify(errors)}`);
  check(requests.length === 0, `no request ${JSON.stringify(requests)}`);

  const charts = { severities: report.severities, outcomes: report.outcomes, rules: report.rules,
    histogram: report.histogram, groups: report.groups.map((g) => ({ count: g.files })) };
  for (const [name, rows] of Object.entries(charts)) {
    const values = await page.$$eval(`svg[data-chart="${name}"] rect.bar`,
      (bars) => bars.map((b) => Number(b.getAttribute("data-value"))));
    check(values.length === rows.length && rows.length > 0,
      `chart ${name}: ${values.length} bars for ${rows.length} numbers`);
    check(JSON.stringify(values) === JSON.stringify(rows.map((r) => r.count)),
      `chart ${name}: bar values ${JSON.stringify(values)}`);
    const widths = await page.$$eval(`svg[data-chart="${name}"] rect.bar`,
      (bars) => bars.filter((b) => b.getBBox().width > 0 && b.getBBox().height > 0).length);
    check(widths === rows.filter((r) => r.count > 0).length, `chart ${name}: non-empty bars drawn`);
  }
  const top = await page.$$eval('a[href^="#file-"]', (as) => as.map((a) => a.getAttribute("href")));
  check(top.length === report.top_files.length && top.length > 0, `${top.length} top files linked`);
  for (const href of top) {
    check(await page.$(`section${href}`) !== null, `anchor ${href} exists`);
  }
  check(await page.evaluate(() => window.__pwned) === undefined, "no script from the corpus ran");
  const text = await page.evaluate(() => document.body.innerText);
  for (const markup of ["<script>", '<img src="http://127.0.0.1:9/x.png" onerror="window.__pwned = 2">']) {
    check(text.includes(markup), `corpus markup shown as text: ${markup}`);
  }
  check(await page.evaluate(() => getComputedStyle(document.body).display) !== "none",
    "no style from the corpus applied");
  check(await page.$$eval("script, img, link, iframe, object", (els) => els.length) === 0,
    "no element from the corpus in the page");
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("report in Chromium: all checks passed");
