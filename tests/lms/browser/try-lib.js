'use strict';
/*
 * Helpers of the browser tests that run packages through `course-export try` (the real binary,
 * its test LMS page and its record) in Debian's chromium: tests/lms/browser/*.test.js.
 *
 * Prerequisites (each missing one fails the test with what to do; nothing is skipped):
 *   - the binary in COURSE_EXPORT_BIN (default: debug/course-export in $CARGO_TARGET_DIR or
 *     target/), built from the current assets/lms/ and assets/player/ (both are embedded at
 *     compile time: an older binary fails the tests with "rebuild");
 *   - /usr/bin/chromium and playwright-core (`npm ci` in tests/browser).
 *
 * TRY_ASSETS_FROM_TREE=1 serves the work tree's assets/lms/ files to the page instead of the ones
 * the binary embeds (through playwright's routing): for checking a fix of the page or the
 * run-time before the binary is rebuilt. Off by default: the tests test the binary as it is.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { isDeepStrictEqual } = require('node:util');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BROWSER_DIR = path.join(ROOT, 'tests', 'browser');
const LMS_ASSETS = path.join(ROOT, 'assets', 'lms');
const BIN = process.env.COURSE_EXPORT_BIN
  ? path.resolve(process.env.COURSE_EXPORT_BIN)
  : path.join(process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target'), 'debug', 'course-export');
const FROM_TREE = !!process.env.TRY_ASSETS_FROM_TREE;

// tests/browser/lib: chromium launch (fresh profile, Debian's binary), the learner scenarios'
// steps and the status table. Loading them needs no node_modules (playwright-core is required
// when the browser is launched).
const browserLib = require(path.join(BROWSER_DIR, 'lib', 'browser.js'));
const pk = require(path.join(BROWSER_DIR, 'lib', 'package.js'));
const sc = require(path.join(BROWSER_DIR, 'lib', 'scenarios.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fails with what to do when the binary, chromium or playwright-core is missing. */
function prerequisites() {
  if (!fs.existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: build it first (\`cargo build\`), or set COURSE_EXPORT_BIN to a built course-export`);
  }
  if (!fs.existsSync(browserLib.CHROMIUM)) {
    throw new Error(`${browserLib.CHROMIUM} is missing: these tests need Debian's chromium. Run: apt-get install chromium`);
  }
  try {
    require.resolve('playwright-core', { paths: [BROWSER_DIR] });
  } catch (e) {
    throw new Error('playwright-core is not installed: run `npm ci` in tests/browser first (' + e.message + ')');
  }
}

/** Chromium on a fresh profile ({context, close}). */
async function launchBrowser() {
  prerequisites();
  return browserLib.launch();
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Exports a course (default: the fixture course tests/fixtures/browser-course) to a zip with the CLI. */
function exportZip(zip, args, course) {
  fs.rmSync(zip, { force: true });
  try {
    execFileSync(BIN, ['export', '--course', course || pk.FIXTURE, '--out', zip].concat(args), { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`course-export export ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
  return zip;
}

const running = new Set();

/**
 * Starts `course-export try TARGET --no-browser --record FILE ...flags` and waits for its one
 * stdout line `Serving http://127.0.0.1:PORT/`. Returns {url, recordFile, proc, done, stderr()}:
 * `done` resolves with {code, signal, stderr} when the process ends.
 */
async function startTry(target, flags, recordFile) {
  const args = ['try', target, '--no-browser', '--record', recordFile].concat(flags || []);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  let err = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { err += d; });
  proc.stdout.setEncoding('utf8');
  const done = new Promise((resolve) => {
    proc.on('close', (code, signal) => { running.delete(proc); resolve({ code, signal, stdout: out, stderr: err }); });
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`course-export try did not print "Serving URL" within 30 s; stderr: ${err}`)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^Serving (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    done.then((r) => { clearTimeout(timer); reject(new Error(`course-export ${args.join(' ')} ended (exit ${r.code}) before serving; stderr: ${r.stderr}`)); });
  });
  return { url, recordFile, proc, done, stderr: () => err, stdout: () => out };
}

/** Stops a try process of ours (SIGINT, as Ctrl+C) and returns how it ended. */
async function interrupt(run) {
  if (run.proc.exitCode == null && run.proc.signalCode == null) run.proc.kill('SIGINT');
  return run.done;
}

/** Waits for the process's end at most `ms`; a process that does not end fails the test (and is killed). */
async function ended(run, ms = 15000) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), ms); });
  const r = await Promise.race([run.done, timeout]);
  clearTimeout(timer);
  if (!r) {
    run.proc.kill('SIGKILL');
    throw new Error(`course-export try did not exit within ${ms / 1000} s after the SCO terminated; stderr: ${run.stderr()}`);
  }
  return r;
}

/** Kills the try processes this file started that are still running (teardown). */
function killAll() {
  for (const p of running) p.kill('SIGKILL');
}
process.on('exit', killAll);

function readRecord(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Polls the record file until `get(record)` deep-equals `want` (8 s); fails with the last value.
 * The file is rewritten after every Commit and Terminate, so this checks what the LMS stored.
 */
async function expectRecord(file, get, want, label, ms = 8000) {
  const end = Date.now() + ms;
  let last; let lastErr;
  for (;;) {
    try {
      last = get(readRecord(file));
      lastErr = null;
      if (isDeepStrictEqual(last, want)) return last;
    } catch (e) { lastErr = e; }
    if (Date.now() > end) break;
    await sleep(50);
  }
  if (lastErr) throw new Error(`${label}: the record never held the value (${lastErr.message})`);
  assert.deepEqual(last, want, `${label} (in the record of course-export try)`);
  return last;
}

async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    await sleep(50);
  }
  throw new Error('timed out waiting for ' + what + (last ? ': ' + last.message : ''));
}

/** The assets/lms files the page loads, by URL path. */
const PAGE_ASSETS = { '/': 'lms.html', '/lms/page.js': 'page.js', '/lms/runtime.js': 'runtime.js', '/lms/lms.css': 'lms.css' };

/**
 * Opens the test page of a try run. Returns {page, frame (FrameLocator of the SCO), pageErrors,
 * consoleMessages, config, run}. Waits for the player's main region unless opts.player is false.
 */
async function openTry(context, run, opts) {
  const page = await context.newPage();
  // The panel takes 26rem: at 1280 px the SCO's frame is wider than the player's narrow layout
  // (46rem), so the table of contents shows as in the scorm-again tests.
  await page.setViewportSize({ width: 1280, height: 800 });
  const pageErrors = [];
  const consoleMessages = [];
  page.on('pageerror', (e) => pageErrors.push(String((e && e.stack) || e)));
  page.on('console', (m) => {
    const url = (m.location() && m.location().url) || '';
    consoleMessages.push({ type: m.type(), text: m.text(), url });
  });
  if (FROM_TREE) {
    for (const [p, f] of Object.entries(PAGE_ASSETS)) {
      await page.route(run.url.replace(/\/$/, '') + p, (route) => route.fulfill({
        status: 200, body: fs.readFileSync(path.join(LMS_ASSETS, f)),
        contentType: f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'text/html'
      }));
    }
  }
  await page.goto(run.url);
  const config = await until('the test page', () => page.evaluate(() => window.testLms && window.testLms.config));
  const frame = page.frameLocator('#sco');
  if (!opts || opts.player !== false) {
    await frame.getByRole('main').waitFor({ timeout: 15000 });
  }
  return { page, frame, pageErrors, consoleMessages, config, run };
}

/**
 * Fails when the binary is older than the work tree: it embeds assets/lms/ (the page) and
 * assets/player/ (exported into every package) when built. Starts one try run on an exported
 * package and compares what it serves.
 */
async function checkBinary(tmp) {
  const zip = exportZip(path.join(tmp, 'check-binary.zip'), ['--scorm-version', '1.2']);
  const run = await startTry(zip, [], path.join(tmp, 'check-binary.json'));
  try {
    const base = run.url.replace(/\/$/, '');
    const expect = Object.entries(FROM_TREE ? {} : PAGE_ASSETS).map(([p, f]) => [p, fs.readFileSync(path.join(LMS_ASSETS, f)), `assets/lms/${f}`]);
    expect.push(['/pkg/player/player.js', Buffer.from(pk.playerJs()), 'assets/player/js/*.js (joined)']);
    expect.push(['/pkg/player/player.css', fs.readFileSync(path.join(pk.ROOT, 'assets', 'player', 'player.css')), 'assets/player/player.css']);
    for (const [p, want, what] of expect) {
      const body = Buffer.from(await (await fetch(base + p)).arrayBuffer());
      assert.ok(body.equals(want), `${BIN} embeds an older ${what} than the work tree (it is embedded when the binary is built): ` +
        'rebuild it (`cargo build`)' + (what.startsWith('assets/lms') ? ', or set TRY_ASSETS_FROM_TREE=1 to run the work tree\'s page on this binary' : ''));
    }
  } finally {
    await interrupt(run);
  }
}

/** The SCO's frame (a playwright Frame) once the document at /pkg/ is loaded. */
function scoFrame(page) {
  return until('the SCO frame', () => page.frames().find((f) => f !== page.mainFrame() && /\/pkg\//.test(f.url())));
}

/** Every call of the record with an error code other than "0", as readable lines. */
function apiErrors(record) {
  const out = [];
  for (const a of record.attempts) {
    a.sessions.forEach((s, i) => {
      for (const c of s.calls) {
        if (c.error !== '0' && c.error !== '') {
          out.push(`attempt ${a.number} session ${i} (${s.sco}): ${c.method}(${c.args.map((x) => JSON.stringify(x)).join(', ')}) -> ${c.result} error ${c.error} ${c.diagnostic}`);
        }
      }
    });
  }
  return out;
}

/** The record's sessions, flattened: [{attempt, sco, entry, exit, terminated, calls}]. */
function sessions(record) {
  return record.attempts.flatMap((a) => a.sessions.map((s) => Object.assign({ attempt: a.number }, s)));
}

/** What the status table expects a finished learner to reach (the pass row for quiz results, viewed for course completion). */
function tableExpectation(version, format, tracking) {
  const row = pk.STATUS_TABLE.formats[format][tracking === 'quiz-results' ? 'pass' : 'viewed'];
  if (row.completion == null) return null;
  if (version === '1.2') {
    const m = pk.STATUS_TABLE.scorm12_lesson_status.find((r) => r.completion === row.completion && r.success === row.success);
    return { lesson_status: m.lesson_status };
  }
  return { completion_status: row.completion, success_status: row.success == null ? 'unknown' : row.success };
}

module.exports = {
  ROOT, BIN, FROM_TREE, pk, sc, browserLib, sleep, until, prerequisites, checkBinary, launchBrowser, tempDir, exportZip,
  startTry, interrupt, ended, killAll, readRecord, expectRecord, openTry, scoFrame, apiErrors, sessions, tableExpectation
};
