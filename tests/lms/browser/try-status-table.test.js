'use strict';
/*
 * Our own packages through `course-export try` in Debian's chromium: the status-table cells and
 * the resume cases that tests/browser checks against scorm-again, here against the test LMS of
 * the binary (its page, its run-time and its record), with the same learner steps
 * (tests/browser/lib/scenarios.js, driven in the SCO's frame of the test page).
 *
 * Each case exports the fixture course (tests/fixtures/browser-course) with the CLI, starts
 * `course-export try PKG.zip --no-browser --record FILE --exit-after-terminate`, plays it, leaves
 * with the player's Exit and checks the exit code (0: the outcome is what the status table
 * expects; 1: it is not), the record (what was committed after each step, the session, the
 * reached outcome) and the page. Resume runs without --exit-after-terminate and ends with
 * Ctrl+C (SIGINT, exit 0).
 *
 * Needs the built binary (COURSE_EXPORT_BIN, default target/debug/course-export), /usr/bin/chromium
 * and `npm ci` in tests/browser: see try-lib.js.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const L = require('./try-lib.js');

const { sc, pk } = L;
const VERSIONS = ['1.2', '2004-3rd', '2004-4th'];
const FORMATS = Object.keys(pk.STATUS_TABLE.formats);
const QUIZ = ['--tracking', 'quiz-results', '--final-quiz', 'final-quiz'];

let tmp; let browser; let context;
let n = 0;
const name = () => 'p' + (n++);

test.before(async () => {
  L.prerequisites();
  tmp = L.tempDir('course-export-try-table-');
  await L.checkBinary(tmp);
  browser = await L.launchBrowser();
  context = browser.context;
});

test.after(async () => {
  L.killAll();
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// --- what the record holds --------------------------------------------------------------------

function lastAttempt(rec) { return rec.attempts[rec.attempts.length - 1]; }

/** The statuses the LMS stored for the item (2004: as it evaluates them). */
function status(version, item) {
  return (rec) => {
    const d = lastAttempt(rec).cmi[item] || {};
    return version === '1.2'
      ? { lesson_status: d['cmi.core.lesson_status'] }
      : { completion_status: d['cmi.completion_status'], success_status: d['cmi.success_status'] };
  };
}

/** expectedStatus of scenarios.js without its `finished` flag: what the record must hold. */
function want(version, format, events) {
  const e = sc.expectedStatus(version, format, events);
  delete e.finished;
  return e;
}

function scores(version, item) {
  const nm = sc.names(version);
  return (rec) => {
    const d = lastAttempt(rec).cmi[item] || {};
    const o = { raw: d[nm.raw], min: d[nm.min], max: d[nm.max] };
    if (nm.scaled) o.scaled = d[nm.scaled];
    return o;
  };
}

function scoreWant(version, raw, max) {
  const o = { raw: String(raw), min: '0', max: String(max) };
  if (version !== '1.2') o.scaled = String(raw / max);
  return o;
}

/** Statuses and scores together: both are only in the record once the player committed them. */
function both(a, b) { return (rec) => Object.assign({}, a(rec), b(rec)); }

/** Elements the table marks not applicable for every event of a format were never written (2004). */
function assertNotApplicableNeverWritten(rec, version, format) {
  if (version === '1.2') return;
  const rows = pk.STATUS_TABLE.formats[format];
  const sets = L.sessions(rec).flatMap((s) => s.calls).filter((c) => c.method === 'SetValue').map((c) => c.args[0]);
  for (const [key, el] of [['completion', 'cmi.completion_status'], ['success', 'cmi.success_status']]) {
    if (['start', 'pass', 'fail', 'viewed'].every((e) => rows[e][key] == null)) {
      assert.ok(!sets.includes(el), `${el} is not applicable in ${format} and must not be written`);
    }
  }
}

/** One session, terminated once by the player, with the exit the table's outcome asks for. */
function assertSession(s, version, finished, label) {
  const nm = sc.names(version);
  const v12 = version === '1.2';
  assert.equal(s.terminated, true, `${label}: the session terminated`);
  assert.equal(s.calls.filter((c) => /^(Terminate|LMSFinish)$/.test(c.method)).length, 1, `${label}: Terminate/LMSFinish exactly once`);
  assert.equal(s.calls[s.calls.length - 1].method, v12 ? 'LMSFinish' : 'Terminate', `${label}: Terminate is the last call`);
  assert.equal(s.exit, finished ? (v12 ? '' : 'normal') : 'suspend', `${label}: exit`);
  const times = s.calls.filter((c) => /SetValue$/.test(c.method) && c.args[0] === nm.session);
  assert.equal(times.length, 1, `${label}: session_time written once`);
  assert.match(times[0].args[1], v12 ? /^\d{4}:\d{2}:\d{2}\.\d{2}$/ : sc.RE_TIME2004, `${label}: session_time format`);
}

function assertClean(ctx, rec, label) {
  assert.deepEqual(L.apiErrors(rec), [], `${label}: API calls answered with an error`);
  assert.deepEqual(ctx.pageErrors, [], `${label}: uncaught errors in the page`);
  assert.deepEqual(ctx.consoleMessages.filter((m) => m.url.includes('/pkg/')), [], `${label}: the player wrote to the console`);
}

/** The process ended as --exit-after-terminate says for this outcome. */
async function assertExit(run, code, label) {
  const r = await L.ended(run);
  assert.equal(r.code, code, `${label}: exit code of course-export try --exit-after-terminate (stderr: ${r.stderr})`);
  assert.match(r.stderr, code === 0 ? /outcome: as the status table expects/ : /outcome: NOT what the status table expects/, label);
  assert.equal(r.stdout, `Serving ${run.url}\n`, `${label}: stdout is the one Serving line`);
  return r;
}

/** The final record: expectation from the table, reached as the learner left it. */
function assertOutcome(rec, version, format, tracking, reached, label) {
  assert.deepEqual(rec.expected, L.tableExpectation(version, format, tracking), `${label}: the record's expectation is the table's row`);
  const got = {};
  for (const k of Object.keys(reached)) got[k] = rec.reached && rec.reached[k];
  assert.deepEqual(got, reached, `${label}: reached`);
  assert.equal(rec.version, version === '1.2' ? '1.2' : version, `${label}: record version`);
}

/**
 * Polls the current SCO's data as the SCO set it (the run-time's raw values, before the LMS
 * evaluates them and before any commit) until `get` (a record getter) gives `want`.
 */
async function expectLive(ctx, item, get, want, label) {
  const read = async () => get({ attempts: [{ cmi: { [item]: await ctx.page.evaluate(() => Object.assign({}, window.testLms.lms.current().runtime.raw())) } }] });
  await L.until(label, async () => isDeepStrictEqual(await read(), want), 5000).catch(() => {});
  assert.deepEqual(await read(), want, label + ' (the data the SCO set in the test LMS)');
}

/**
 * Waits until the record holds the current session's calls up to its last Commit (for a step
 * whose expected values equal the previous step's).
 */
async function lastCommitInRecord(ctx, rec, label) {
  const need = await ctx.page.evaluate(() => {
    const calls = window.testLms.lms.current().session.calls;
    let i = calls.length - 1;
    while (i >= 0 && !/Commit$/.test(calls[i].method)) i--;
    return i + 1;
  });
  await L.until(label + ': the last commit in the record', () => {
    const s = L.sessions(L.readRecord(rec));
    return s.length && s[s.length - 1].calls.length >= need;
  });
}

async function panelSays(ctx, ok) {
  await ctx.page.locator('#outcome ' + (ok ? '.match' : '.mismatch')).waitFor({ timeout: 5000 });
}

async function startCase(zipArgs, flags) {
  const id = name();
  const zip = L.exportZip(path.join(tmp, id + '.zip'), zipArgs);
  const run = await L.startTry(zip, flags || ['--exit-after-terminate'], path.join(tmp, id + '.json'));
  const ctx = await L.openTry(context, run);
  return { run, ctx, rec: run.recordFile, item: ctx.config.scos[0].id };
}

// --- the scenarios of tests/browser/lib/scenarios.js, through try ------------------------------

/** Start, fail, retry + pass, retry + fail (never backwards), Exit: exit 0. */
async function quizSequence(version, format) {
  const label = `${version} ${format} quiz sequence`;
  const { run, ctx, rec, item } = await startCase(['--scorm-version', version, '--status-format', format, ...QUIZ, '--score-format', 'percentage']);
  const st = status(version, item);
  const sco = scores(version, item);
  await L.expectRecord(rec, st, want(version, format, ['start']), label + ': start (committed after Initialize)');

  await sc.openSection(ctx.frame, 'Final quiz');
  await sc.answerQuiz(ctx.frame, 'wrong');
  await sc.submit(ctx.frame);
  await ctx.frame.getByText(/Not passed/).waitFor();
  await L.expectRecord(rec, both(st, sco), Object.assign(want(version, format, ['start', 'fail']), scoreWant(version, 0, 100)), label + ': fail');

  await sc.retry(ctx.frame);
  await sc.answerQuiz(ctx.frame, 'correct');
  await sc.submit(ctx.frame);
  await ctx.frame.getByText(/Your score: 100%.*Passed/).waitFor();
  await L.expectRecord(rec, both(st, sco), Object.assign(want(version, format, ['start', 'fail', 'pass']), scoreWant(version, 100, 100)), label + ': pass');

  await sc.retry(ctx.frame);
  await sc.answerQuiz(ctx.frame, 'wrong');
  await sc.submit(ctx.frame);
  await ctx.frame.getByText(/Not passed/).waitFor();
  // The player commits the new attempt's answers; statuses and the best score stay.
  await lastCommitInRecord(ctx, rec, label + ': fail after pass');
  const events = ['start', 'fail', 'pass', 'fail'];
  await L.expectRecord(rec, both(st, sco), Object.assign(want(version, format, events), scoreWant(version, 100, 100)), label + ': fail after pass');

  await sc.exitCourse(ctx);
  await assertExit(run, 0, label);
  await panelSays(ctx, true);
  const r = L.readRecord(rec);
  assert.equal(r.attempts.length, 1);
  assert.equal(r.attempts[0].sessions.length, 1);
  assertSession(r.attempts[0].sessions[0], version, sc.expectedStatus(version, format, events).finished, label);
  assertNotApplicableNeverWritten(r, version, format);
  assertOutcome(r, version, format, 'quiz-results', Object.assign(want(version, format, events), { score: 1.0 * (version === '1.2' ? 100 : 1) }), label);
  assertClean(ctx, r, label);
  await ctx.page.close();
}

/** Passed at the first attempt, points: exit 0. */
async function quizPassFirstTime(version, format) {
  const label = `${version} ${format} pass first time (points)`;
  const { run, ctx, rec, item } = await startCase(['--scorm-version', version, '--status-format', format, ...QUIZ, '--score-format', 'points']);
  await sc.openSection(ctx.frame, 'Final quiz');
  await sc.answerQuiz(ctx.frame, 'correct');
  await sc.submit(ctx.frame);
  await L.expectRecord(rec, both(status(version, item), scores(version, item)),
    Object.assign(want(version, format, ['start', 'pass']), scoreWant(version, 5, 5)), label);
  await sc.exitCourse(ctx);
  await assertExit(run, 0, label);
  const r = L.readRecord(rec);
  assertSession(r.attempts[0].sessions[0], version, true, label);
  assertNotApplicableNeverWritten(r, version, format);
  assertOutcome(r, version, format, 'quiz-results', Object.assign(want(version, format, ['start', 'pass']), { score: version === '1.2' ? 5 : 1 }), label);
  assertClean(ctx, r, label);
  await ctx.page.close();
}

/** Course completion at 60 % of the 5 sections: 20 %, 40 %, 60 % (viewed), Exit: exit 0. */
async function viewedThreshold(version, format) {
  const label = `${version} ${format} viewed 60%`;
  const { run, ctx, rec, item } = await startCase(['--scorm-version', version, '--status-format', format, '--tracking', 'course-completion', '--pass-threshold', '60']);
  const nm = sc.names(version);
  const st = (r) => {
    const o = status(version, item)(r);
    if (nm.progress) o.progress = (lastAttempt(r).cmi[item] || {})[nm.progress];
    return o;
  };
  const withProgress = (o, p) => (nm.progress ? Object.assign(o, { progress: p }) : o);
  // At 20 %: what the player set (the LMS's run-time data as the SCO wrote it) is the table's
  // start row with progress_measure 0.2.
  await expectLive(ctx, item, st, withProgress(want(version, format, ['start']), '0.2'), label + ' at 20%: set by the player');
  // The start commit carries progress_measure for the section on screen: on 2004 the manifest's
  // completionThreshold makes the LMS judge completion_status from it (RTE4 §4.2.4.1), so the
  // record holds the table's start row at once, not "unknown" until the next commit.
  const startRow = withProgress(want(version, format, ['start']), '0.2');
  const committed = st(await L.until('the start commit in the record', () => {
    const r = L.readRecord(rec);
    return r.attempts.length && lastAttempt(r).cmi[item] && r;
  }));
  assert.deepEqual(committed, startRow, label + ' at 20%: committed');
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  await L.expectRecord(rec, st, withProgress(want(version, format, ['start']), '0.4'), label + ' at 40%');
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Protective equipment' }).waitFor();
  await L.expectRecord(rec, st, withProgress(want(version, format, ['start', 'viewed']), '0.6'), label + ' at 60%');
  await sc.exitCourse(ctx);
  await assertExit(run, 0, label);
  const r = L.readRecord(rec);
  assertSession(r.attempts[0].sessions[0], version, true, label);
  assertNotApplicableNeverWritten(r, version, format);
  assertOutcome(r, version, format, 'course-completion', want(version, format, ['start', 'viewed']), label);
  assertClean(ctx, r, label);
  await ctx.page.close();
}

// --- the tests ----------------------------------------------------------------------------------

test('try: every version x status format x event of the status table, exit 0 when the outcome matches', { concurrency: 3 }, async (t) => {
  const jobs = [];
  for (const version of VERSIONS) {
    for (const format of FORMATS) {
      jobs.push(t.test(`${version} ${format}: start, fail, pass, no downgrade (percentage)`, () => quizSequence(version, format)));
      // Points with Passed / Failed is refused by the engine for the fixture's weighted quiz
      // (tests/browser/cli.test.js checks the refusal).
      if (format !== 'passed-failed') {
        jobs.push(t.test(`${version} ${format}: pass at the first attempt (points)`, () => quizPassFirstTime(version, format)));
      }
      // Formats whose "viewed" row is not applicable need a final quiz (refused with course completion).
      const viewed = pk.STATUS_TABLE.formats[format].viewed;
      if (viewed.completion != null || viewed.success != null) {
        jobs.push(t.test(`${version} ${format}: viewed threshold 60%`, () => viewedThreshold(version, format)));
      }
    }
  }
  await Promise.all(jobs);
});

test('try: an outcome the status table does not expect exits 1', { concurrency: 3 }, async (t) => {
  const jobs = [];
  for (const version of VERSIONS) {
    jobs.push(t.test(`${version} passed-failed: the learner fails the quiz and leaves`, async () => {
      const label = `${version} failed and left`;
      const { run, ctx, rec, item } = await startCase(['--scorm-version', version, '--status-format', 'passed-failed', ...QUIZ]);
      await sc.openSection(ctx.frame, 'Final quiz');
      await sc.answerQuiz(ctx.frame, 'wrong');
      await sc.submit(ctx.frame);
      await L.expectRecord(rec, status(version, item), want(version, 'passed-failed', ['start', 'fail']), label);
      await sc.exitCourse(ctx);
      await assertExit(run, 1, label);
      await panelSays(ctx, false);
      const r = L.readRecord(rec);
      // Failed is final in Passed / Failed: the player leaves with a normal exit.
      assertSession(r.attempts[0].sessions[0], version, true, label);
      assertOutcome(r, version, 'passed-failed', 'quiz-results', want(version, 'passed-failed', ['start', 'fail']), label);
      assert.notDeepEqual(r.reached, r.expected);
      assertClean(ctx, r, label);
      await ctx.page.close();
    }));
    jobs.push(t.test(`${version} course completion: the learner leaves at 20%`, async () => {
      const label = `${version} left at 20%`;
      const format = 'completed-incomplete';
      const { run, ctx, rec, item } = await startCase(['--scorm-version', version, '--status-format', format, '--tracking', 'course-completion', '--pass-threshold', '60']);
      await expectLive(ctx, item, status(version, item), want(version, format, ['start']), label);
      await sc.exitCourse(ctx);
      await assertExit(run, 1, label);
      const r = L.readRecord(rec);
      assertSession(r.attempts[0].sessions[0], version, false, label);
      assertOutcome(r, version, format, 'course-completion', want(version, format, ['start']), label);
      assertClean(ctx, r, label);
      await ctx.page.close();
    }));
  }
  jobs.push(t.test('2004-4th: interrupted (Ctrl+C) before the SCO terminated', async () => {
    const { run, ctx, rec, item } = await startCase(['--scorm-version', '2004-4th', ...QUIZ]);
    await L.expectRecord(rec, status('2004-4th', item), want('2004-4th', 'passed-incomplete', ['start']), 'started');
    const r = await L.interrupt(run);
    assert.equal(r.code, 1, 'interrupted before Terminate: exit 1 with --exit-after-terminate');
    assert.match(r.stderr, /interrupted before the SCO terminated/);
    // Ctrl+C writes the record: what was committed is there.
    assert.deepEqual(status('2004-4th', item)(L.readRecord(rec)), want('2004-4th', 'passed-incomplete', ['start']));
    await ctx.page.close();
  }));
  await Promise.all(jobs);
});

/**
 * Resume through the test page: learn, answer part of the quiz, leave (the player's Exit, which
 * suspends, or "Exit and relaunch" mid-course, where the player terminates in its pagehide), then
 * "Exit and relaunch": entry resume, back at the bookmark with the answers, no status rewritten;
 * finish the quiz and leave: the outcome the table expects. The course folder is given to try
 * (exported to a temporary folder with the flags). Ctrl+C ends the run: exit 0.
 */
async function resume(version, how) {
  const label = `${version} resume (${how})`;
  const nm = sc.names(version);
  const v12 = version === '1.2';
  const id = name();
  const run = await L.startTry(pk.FIXTURE, ['--scorm-version', version, ...QUIZ], path.join(tmp, id + '.json'));
  const rec = run.recordFile;
  let ctx = await L.openTry(context, run);
  const item = ctx.config.scos[0].id;
  const f = ctx.frame;
  await f.getByRole('button', { name: 'Next' }).click();
  await f.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  await sc.openSection(f, 'Final quiz');
  await f.getByRole('radio', { name: 'Blue circle' }).check();
  await f.getByRole('checkbox', { name: 'A wet floor' }).check();
  await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).fill('Hard hat');
  await f.getByRole('textbox', { name: /How many metres/ }).fill('1.25');
  await f.getByRole('textbox', { name: /How many metres/ }).press('Tab');
  if (how === 'Exit') await sc.exitCourse(ctx);
  await ctx.page.getByRole('button', { name: 'Exit and relaunch' }).click();

  // The first session ended with exit=suspend (Terminate in the player's Exit or its pagehide).
  await L.expectRecord(rec, (r) => {
    const s = L.sessions(r)[0];
    return { entry: s.entry, exit: s.exit, terminated: s.terminated };
  }, { entry: 'ab-initio', exit: 'suspend', terminated: true }, label + ': first session');
  await L.until('the resumed session', () => ctx.page.evaluate(() => {
    const c = window.testLms.lms.current();
    return c && c.session.entry === 'resume' && /\/pkg\//.test(document.getElementById('sco').src);
  }));
  await f.getByRole('heading', { level: 1, name: 'Final quiz' }).waitFor();
  let r = L.readRecord(rec);
  const s1 = L.sessions(r)[0];
  assertSession(s1, version, false, label + ', first session');
  const sets1 = s1.calls.filter((c) => /SetValue$/.test(c.method));
  assert.equal(sets1.filter((c) => c.args[0] === nm.location).pop().args[1], 'final-quiz', 'bookmark');
  assert.ok(sets1.filter((c) => c.args[0] === nm.suspend).pop().args[1].length > 0, 'suspend_data');
  const total = lastAttempt(r).cmi[item][v12 ? 'cmi.core.total_time' : 'cmi.total_time'];
  assert.match(total, v12 ? /^\d{4}:\d{2}:\d{2}\.\d{2}$/ : sc.RE_TIME2004, 'total_time after the first session');
  assert.notEqual(total, v12 ? '0000:00:00.00' : 'PT0S', 'total_time adds the first session');

  // Back at the bookmark with the answers.
  assert.equal(await f.getByRole('radio', { name: 'Blue circle' }).isChecked(), true);
  assert.equal(await f.getByRole('checkbox', { name: 'A wet floor' }).isChecked(), true);
  assert.equal(await f.getByRole('checkbox', { name: 'A trailing cable' }).isChecked(), false);
  assert.equal(await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).inputValue(), 'Hard hat');
  assert.equal(await f.getByRole('textbox', { name: /How many metres/ }).inputValue(), '1.25');
  const toc = f.getByRole('navigation', { name: 'Table of contents' });
  await toc.getByRole('link', { name: 'Welcome (viewed)' }).waitFor();
  await toc.getByRole('link', { name: 'Spotting hazards (viewed)' }).waitFor();
  assert.equal(await toc.getByRole('link', { name: /^Protective equipment$/ }).count(), 1, 'not viewed stays unticked');
  assert.equal(await toc.getByRole('link', { name: /^Final quiz/ }).getAttribute('aria-current'), 'page');
  assert.match(await ctx.page.locator('#state').textContent(), /entry\s*resume/, 'the panel shows entry resume');

  // Finish the quiz after resuming: the restored answers count.
  await f.getByRole('checkbox', { name: 'A trailing cable' }).check();
  await f.getByRole('radio', { name: 'False' }).check();
  await sc.submit(f);
  await f.getByText(/Your score: 100%/).waitFor();
  await L.expectRecord(rec, status(version, item), want(version, 'passed-incomplete', ['start', 'pass']), label + ': passed after resuming');
  await sc.exitCourse(ctx);
  await L.expectRecord(rec, (x) => L.sessions(x).length === 2 && L.sessions(x)[1].terminated, true, label + ': second session terminated');
  r = L.readRecord(rec);
  const s2 = L.sessions(r)[1];
  assert.equal(s2.entry, 'resume');
  assert.ok(s2.calls.some((c) => /GetValue$/.test(c.method) && c.args[0] === nm.entry && c.result === 'resume'), 'the player read entry=resume');
  assert.deepEqual(s2.calls.filter((c) => /SetValue$/.test(c.method) && /^cmi\.(core\.lesson_status|completion_status|success_status)$/.test(c.args[0]))
    .map((c) => c.args.join('=')), v12 ? ['cmi.core.lesson_status=passed'] : ['cmi.completion_status=completed', 'cmi.success_status=passed'],
  'the relaunch did not write the start status again; only the pass');
  assertSession(s2, version, true, label + ', second session');
  assertOutcome(r, version, 'passed-incomplete', 'quiz-results', r.expected, label);
  await panelSays(ctx, true);

  if (how === 'Exit') {
    // After a normal exit, "Exit and relaunch" is a new attempt (--new-attempt reset): empty data.
    await ctx.page.getByRole('button', { name: 'Exit and relaunch' }).click();
    await L.until('the new attempt', () => ctx.page.evaluate(() => {
      const c = window.testLms.lms.current();
      return c && c.session.entry === 'ab-initio' && window.testLms.lms.record().attempts.length === 2;
    }));
    await f.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
    await L.expectRecord(rec, (x) => [x.attempts.length, status(version, item)(x)], [2, want(version, 'passed-incomplete', ['start'])], label + ': new attempt');
  }
  const end = await L.interrupt(run);
  assert.equal(end.code, 0, `Ctrl+C: exit 0 (stderr: ${end.stderr})`);
  r = L.readRecord(rec);
  assertClean(ctx, r, label);
  await ctx.page.close();
}

test('try: resume through "Exit and relaunch": entry resume, the bookmark and the answers', { concurrency: 3 }, async (t) => {
  const jobs = [];
  for (const version of VERSIONS) {
    jobs.push(t.test(`${version}: the player's Exit (suspend), then Exit and relaunch`, () => resume(version, 'Exit')));
    jobs.push(t.test(`${version}: Exit and relaunch mid-course (Terminate in the player's pagehide)`, () => resume(version, 'relaunch')));
  }
  await Promise.all(jobs);
});

/**
 * Multi export (one SCO per section) with Passed / Failed, walked through the test page's
 * organization tree: each content SCO is completed (and passed) once viewed (the table's
 * "passed-incomplete" rows, as the player uses for content SCOs), the final quiz passes, and
 * the package rolls up to the table's pass row. Runs without --exit-after-terminate (which
 * stops after the first SCO's Terminate); Ctrl+C ends it.
 */
async function multiExport(version) {
  const label = `${version} multi export`;
  const id = name();
  const zip = L.exportZip(path.join(tmp, id + '.zip'), ['--scorm-version', version, '--multi', ...QUIZ, '--status-format', 'passed-failed']);
  const run = await L.startTry(zip, [], path.join(tmp, id + '.json'));
  const rec = run.recordFile;
  const ctx = await L.openTry(context, run);
  const titles = ['Welcome', 'Spotting hazards', 'Protective equipment', 'Summary', 'Final quiz'];
  const org = ctx.page.getByRole('navigation', { name: 'Organization' });
  assert.deepEqual(await org.getByRole('button').allTextContents(), titles, label + ': the tree lists one SCO per section');
  const ids = ctx.config.scos.map((s) => s.id);
  for (let i = 0; i < titles.length; i++) {
    if (i > 0) await org.getByRole('button', { name: titles[i] }).click();
    await ctx.frame.getByRole('heading', { level: 1, name: titles[i] }).waitFor();
    assert.equal(await ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link').count(), 1, label + ': one section per SCO');
    if (i < titles.length - 1) {
      await L.expectRecord(rec, status(version, ids[i]), want(version, 'passed-incomplete', ['start', 'viewed']), `${label}: ${titles[i]} viewed`);
    }
  }
  await sc.answerQuiz(ctx.frame, 'correct');
  await sc.submit(ctx.frame);
  await L.expectRecord(rec, status(version, ids[4]), want(version, 'passed-failed', ['start', 'pass']), label + ': the quiz passed');
  await sc.exitCourse(ctx);
  await L.expectRecord(rec, (r) => L.sessions(r).map((s) => [s.sco, s.terminated]), ids.map((x) => [x, true]), label + ': every SCO terminated');
  await panelSays(ctx, true);
  const end = await L.interrupt(run);
  assert.equal(end.code, 0, `Ctrl+C: exit 0 (stderr: ${end.stderr})`);
  const r = L.readRecord(rec);
  L.sessions(r).forEach((s, i) => assertSession(s, version, true, `${label}, ${titles[i]}`));
  assertOutcome(r, version, 'passed-failed', 'quiz-results', r.expected, label);
  assertClean(ctx, r, label);
  await ctx.page.close();
}

test('try: multi export walked through the organization tree rolls up to the table\'s pass row', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, () => multiExport(version))));
});
