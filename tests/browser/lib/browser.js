'use strict';
// Debian's chromium, driven by playwright-core (never a downloaded browser), and the test LMS page.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser context on a fresh --user-data-dir. Fails (never skips) when chromium is missing. */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium. Run: apt-get install chromium`);
  }
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    throw new Error('playwright-core is not installed: run `npm ci` in tests/browser first (' + e.message + ')');
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-export-chromium-'));
  // launchPersistentContext is how playwright takes a --user-data-dir; it is new and empty.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1100, height: 800 }
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  };
}

/**
 * Open the test LMS with a package and wait until the player is up.
 * Returns {page, frame, pageErrors, consoleMessages}.
 */
async function openLms(context, origin, cfg) {
  const page = await context.newPage();
  const pageErrors = [];
  const consoleMessages = [];
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
  page.on('console', (m) => {
    const url = (m.location() && m.location().url) || '';
    consoleMessages.push({ type: m.type(), text: m.text(), url });
  });
  await page.goto(origin + '/host/lms.html');
  await page.evaluate((c) => window.startLms(c), cfg);
  const frame = page.frameLocator('#sco');
  // The player is up once it has drawn its main region (names differ with the course language).
  await frame.getByRole('main').waitFor({ timeout: 10000 });
  return { page, frame, pageErrors, consoleMessages };
}

/** Read a value from scorm-again's cmi object, e.g. 'cmi.core.lesson_status'. */
function cmi(page, element) {
  return page.evaluate((el) => {
    let o = window.lms.api;
    for (const k of el.split('.')) { if (o == null) return undefined; o = o[k]; }
    return o == null ? o : (typeof o === 'object' ? JSON.parse(JSON.stringify(o)) : String(o));
  }, element);
}

function lmsState(page) {
  return page.evaluate(() => ({
    errors: window.lms.errors.slice(), warnings: window.lms.warnings.slice(), sets: window.lms.sets.slice(),
    commits: window.lms.commits.slice(), finished: window.lms.finished.slice(), initialized: window.lms.initialized
  }));
}

/** What an LMS hands the next launch, from the data it stored (flattened cmi). */
function nextLaunchCmi(flat, version) {
  const v12 = version === '1.2';
  const pick = (keys) => Object.fromEntries(keys.filter((k) => flat[k] != null && flat[k] !== '').map((k) => [k, flat[k]]));
  if (v12) {
    const out = pick(['cmi.core.lesson_location', 'cmi.core.lesson_status', 'cmi.core.score.raw', 'cmi.core.score.min',
      'cmi.core.score.max', 'cmi.suspend_data']);
    out['cmi.core.entry'] = flat['cmi.core.exit'] === 'suspend' ? 'resume' : '';
    return out;
  }
  if (flat['cmi.exit'] !== 'suspend') {
    return { 'cmi.entry': 'ab-initio' }; // a new attempt
  }
  const out = pick(['cmi.location', 'cmi.suspend_data', 'cmi.completion_status', 'cmi.success_status', 'cmi.score.raw',
    'cmi.score.min', 'cmi.score.max', 'cmi.score.scaled', 'cmi.progress_measure']);
  out['cmi.entry'] = 'resume';
  return out;
}

module.exports = { CHROMIUM, ARGS, launch, openLms, cmi, lmsState, nextLaunchCmi };
