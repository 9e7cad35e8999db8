// VS Code, the real one: headless Chromium (playwright-core) -> code-server (Code 1.100.3) -> the
// tamis extension (.vsix) -> `tamis lsp`. On a folder of sample releases with a tamis.toml, checks
// that the boilerplate and phone diagnostics reach the Problems panel, that a hover on an email
// shows its card, and that the quick fix on a `mailto` remnant changes the text. Screenshots go to
// the folder given.
// usage: node vscode_e2e.mjs BASE_URL FOLDER SHOTS
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, folder, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const t0 = Date.now();
const lap = (what) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);
const FILE = 'fr-02-haiti-fonds.txt';
const text = readFileSync(join(folder, FILE), 'utf8');
const remnantLine = text.split('\n').findIndex((l) => l.startsWith('"mailto:mobastien')) + 1;

const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
let failed = null;
let shot = false;

async function goTo(line, column) {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}

try {
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  lap('workbench loaded');
  const item = page.getByRole('treeitem', { name: new RegExp(FILE.replace(/\./g, '\\.')) });
  await item.waitFor({ timeout: 60000 });
  await item.click();
  await page.locator('.monaco-editor .view-line', { hasText: 'Marc-Olivier Bastien' }).waitFor({ timeout: 30000 });
  lap(`${FILE} open`);

  // 1. Squiggles, and the Problems panel lists the boilerplate (confirmed by the corpus) and the
  //    malformed phone numbers.
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60000 });
  lap('squiggles rendered');
  await page.keyboard.press('Control+Shift+M');
  for (const code of ['boilerplate-corpus', 'phone-malformed', 'email-html-remnant']) {
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: code });
    await row.first().waitFor({ timeout: 60000 });
    lap(`Problems: ${(await row.first().innerText()).replace(/\s+/g, ' ').slice(0, 110)}`);
  }
  const status = page.locator('.statusbar-item', { hasText: /tamis: \d+ findings?/ });
  await status.first().waitFor({ timeout: 30000 });
  lap(`status bar: ${(await status.first().innerText()).trim()}`);

  // 2. A hover on the email of the remnant: its card.
  await page.locator('.monaco-editor .view-line', { hasText: 'Marc-Olivier Bastien' }).click();
  await goTo(remnantLine, 12);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover', { hasText: 'Normalised' });
  await hover.first().waitFor({ timeout: 30000 });
  const hoverText = (await hover.first().innerText()).replace(/\s+/g, ' ');
  lap('hover: ' + hoverText.slice(0, 160));
  if (!hoverText.includes('Email') || !hoverText.includes('Valid')) throw new Error('unexpected hover: ' + hoverText);
  await page.screenshot({ path: join(shots, 'vscode-hover.png') });
  await page.keyboard.press('Escape');

  // 3. The quick fix on the remnant rewrites the line.
  await goTo(remnantLine, 3);
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget .monaco-list-row, .context-view .action-item',
    { hasText: 'mobastien@horizon-migrations.org' });
  await action.first().waitFor({ timeout: 30000 });
  lap('quick fix offered: ' + (await action.first().innerText()).replace(/\s+/g, ' '));
  // Move the selection to that action with the keyboard, then apply it.
  for (let i = 0; i < 12; i++) {
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    if ((await focused.count()) && (await focused.first().innerText()).includes('mobastien@horizon-migrations.org')) {
      break;
    }
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-line', { hasText: 'E-mail: mobastien@horizon-migrations.org' })
    .first().waitFor({ timeout: 30000 });
  const remnants = await page.locator('.monaco-editor .view-line', { hasText: '"mailto:mobastien' }).count();
  if (remnants !== 0) throw new Error('the remnant is still there');
  lap('quick fix applied: the line reads `E-mail: mobastien@horizon-migrations.org`');
  await page.screenshot({ path: join(shots, 'vscode.png') });
  shot = true;

  // 4. The command "Open the corpus report": the report of the workspace in a webview panel.
  await page.keyboard.press('F1');
  await page.keyboard.type('tamis: Open the corpus report');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open the corpus report' })
    .first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'tamis report' }).first().waitFor({ timeout: 60000 });
  let found = false;
  for (let i = 0; i < 100 && !found; i++) {
    for (const f of page.frames()) {
      if (await f.locator('svg[data-chart="rules"] rect.bar').count().catch(() => 0)) found = true;
    }
    if (!found) await page.waitForTimeout(200);
  }
  if (!found) throw new Error('the report panel shows no chart');
  lap('report opened in a webview panel, with its charts');
  await page.screenshot({ path: join(shots, 'vscode-report.png') });
} catch (e) {
  failed = e;
} finally {
  if (failed || !shot) {
    await page.screenshot({ path: join(shots, failed ? 'vscode-FAIL.png' : 'vscode.png') });
  }
  lap('screenshot saved');
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failed) { console.log('FAIL: ' + failed.message); process.exit(1); }
console.log('PASS: Problems panel (boilerplate, phone, email), email hover card, mailto quick fix, corpus report panel');
