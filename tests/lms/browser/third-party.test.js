'use strict';
/*
 * Other tools' packages through `course-export try` in Debian's chromium: hand-made SCORM 1.2
 * and 2004 packages (third-party-packages.js) with several SCOs, xml:base, assets-only
 * resources, an asset item, item parameters, a SCO that commits on every slide and on a timer,
 * a SCO that never calls LMSFinish / Terminate, and a burst of commits right before the end.
 * Checked: the organization tree lists each launchable item (and nothing else), launches follow
 * xml:base and parameters, the record has no API error the books do not demand, every call
 * reaches the record (also of a SCO that never terminates, sent when the page goes away), what
 * was committed is kept and what was not is not, and `--exit-after-terminate` ends with 0 ("no
 * expectation") once a SCO terminated.
 *
 * Needs the built binary (COURSE_EXPORT_BIN, default target/debug/course-export), /usr/bin/chromium
 * and `npm ci` in tests/browser: see try-lib.js.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./try-lib.js');
const P = require('./third-party-packages.js');

let tmp; let browser; let context;

test.before(async () => {
  L.prerequisites();
  tmp = L.tempDir('course-export-try-3rd-');
  await L.checkBinary(tmp);
  browser = await L.launchBrowser();
  context = browser.context;
});

test.after(async () => {
  L.killAll();
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The SCO frame once the document whose URL matches `re` ran its script (window.sco.ready). */
function sco(page, re) {
  return L.until(`the SCO at ${re}`, async () => {
    const f = page.frames().find((x) => x !== page.mainFrame() && re.test(x.url()));
    if (!f) return null;
    return (await f.evaluate(() => !!(window.sco && window.sco.ready)).catch(() => false)) ? f : null;
  }, 15000);
}

/** The organization tree of the test page: [[kind, text, depth]] (kind: button = launchable). */
async function tree(page) {
  return page.getByRole('navigation', { name: 'Organization' }).locator('li').evaluateAll((lis) => lis.map((li) => {
    const b = li.querySelector('button');
    return [b ? 'button' : 'text', li.textContent, Math.round(parseFloat(li.style.paddingLeft) || 0)];
  }));
}

/** The calls of the session of `item` (the last one), from the record. */
function callsOf(rec, item) {
  const s = L.sessions(rec).filter((x) => x.sco === item).pop();
  return s ? s.calls : [];
}

function count(calls, method) { return calls.filter((c) => c.method === method).length; }

/** How many calls the page holds for the last session of `item` (what the record must reach). */
function pageCalls(page, item) {
  return page.evaluate((id) => {
    const a = window.testLms.lms.record().attempts;
    return a[a.length - 1].sessions.filter((s) => s.sco === id).pop().calls.length;
  }, item);
}

test('SCORM 1.2 in the style of other tools: a chapter of SCOs, xml:base, assets, a chatty SCO, one that never finishes', async () => {
  const zip = P.package12(path.join(tmp, 'safety12.zip'));
  const run = await L.startTry(zip, [], path.join(tmp, 'safety12.json'));
  const rec = run.recordFile;
  const ctx = await L.openTry(context, run, { player: false });
  const { page } = ctx;

  // The tree: the chapter as text, each SCO a button; the assets-only resources are not items.
  assert.deepEqual(await tree(page), [['text', 'Module 1', 0], ['button', 'Introduction', 1], ['button', 'Chatty lesson', 1], ['button', 'Never finishes', 0]]);
  assert.deepEqual(ctx.config.scos.map((s) => [s.id, s.href, s.asset]), [
    ['SCO_INTRO', 'course/intro/index.html', false],
    ['SCO_CHATTY', 'course/chatty/lesson.html?mode=chatty', false],
    ['SCO_NOFINISH', 'course/nofinish/page.html', false]
  ]);
  assert.equal(L.readRecord(rec).expected, null, 'no expectation for other tools\' packages');

  // --- the first SCO: launched at its xml:base, its wrapper (an asset resource) found the API ---
  let f = await sco(page, /\/pkg\/course\/intro\/index\.html$/);
  const seen = await f.evaluate(() => window.sco.seen);
  assert.deepEqual(seen, {
    'cmi.core.student_name': 'Learner, Test', 'cmi.core.entry': 'ab-initio', 'cmi.launch_data': 'lang=en&skin=dark',
    'cmi.student_data.mastery_score': '80', 'cmi.core.lesson_status': 'not attempted', 'cmi.core.lesson_location': '',
    'cmi.suspend_data': '', 'cmi.core.credit': 'credit', 'cmi.core.lesson_mode': 'normal',
    'cmi.core._children': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    path: '/pkg/course/intro/index.html', wrapperStyle: 'dotted'
  });
  assert.equal(await f.evaluate(() => window.sco.finish()), true, 'LMSFinish');
  await L.expectRecord(rec, (r) => {
    const s = L.sessions(r)[0];
    return [s.sco, s.terminated, r.attempts[0].cmi.SCO_INTRO['cmi.core.lesson_status'], r.attempts[0].cmi.SCO_INTRO['cmi.core.total_time']];
  }, ['SCO_INTRO', true, 'passed', '0000:00:12.00'], 'the first SCO finished');

  // --- the chatty SCO: 150 commits on load, then one every 30 ms ---
  await page.getByRole('button', { name: 'Chatty lesson' }).click();
  f = await sco(page, /\/pkg\/course\/chatty\/lesson\.html\?mode=chatty$/);
  await L.until('some timer commits', () => f.evaluate(() => window.sco.ticks() >= 20));
  assert.equal(await f.evaluate(() => window.sco.finish()), true, 'LMSFinish after the commits');
  const results = await f.evaluate(() => window.sco.results);
  assert.ok(results.length >= 340 && results.every((x) => x === true), 'every LMSSetValue / LMSCommit returned true');
  const chattyCalls = await pageCalls(page, 'SCO_CHATTY');
  await L.expectRecord(rec, (r) => callsOf(r, 'SCO_CHATTY').length, chattyCalls, 'every call of the chatty SCO reached the record');
  let r = L.readRecord(rec);
  const cc = callsOf(r, 'SCO_CHATTY');
  assert.ok(count(cc, 'LMSCommit') >= 170, `commits in the record: ${count(cc, 'LMSCommit')}`);
  assert.equal(count(cc, 'LMSFinish'), 1);
  assert.equal(r.attempts[0].cmi.SCO_CHATTY['cmi.core.lesson_location'], 'slide-149');
  assert.equal(r.attempts[0].cmi.SCO_CHATTY['cmi.core.lesson_status'], 'completed');
  assert.equal(await page.locator('#notice').textContent(), '', 'the page saved every record patch');

  // --- the SCO that never finishes: what it committed stays, what it set later does not ---
  await page.getByRole('button', { name: 'Never finishes' }).click();
  f = await sco(page, /\/pkg\/course\/nofinish\/page\.html$/);
  assert.deepEqual(await f.evaluate(() => window.sco.later()), [true, true]);
  const nofinishCalls = await pageCalls(page, 'SCO_NOFINISH');
  // The learner leaves the LMS page (it navigates away): the page's pagehide sends the record
  // with a beacon; the SCO's calls after its last commit are in it.
  await page.goto('about:blank');
  await L.expectRecord(rec, (x) => {
    const s = L.sessions(x).filter((y) => y.sco === 'SCO_NOFINISH').pop();
    return s && [s.calls.length, s.terminated, s.exit, s.calls[s.calls.length - 1].args[1]];
  }, [nofinishCalls, false, '', 'not committed'], 'the calls of the SCO that never finishes reached the record at unload');
  r = L.readRecord(rec);
  assert.deepEqual([r.attempts[0].cmi.SCO_NOFINISH['cmi.core.lesson_location'], r.attempts[0].cmi.SCO_NOFINISH['cmi.suspend_data']], ['n1', 'committed'],
    'only what was committed is kept');
  assert.equal(count(callsOf(r, 'SCO_NOFINISH'), 'LMSFinish'), 0);

  const end = await L.interrupt(run);
  assert.equal(end.code, 0, `Ctrl+C: exit 0 (stderr: ${end.stderr})`);
  r = L.readRecord(rec);
  assert.deepEqual(L.sessions(r).map((s) => [s.sco, s.entry, s.exit, s.terminated]), [
    ['SCO_INTRO', 'ab-initio', '', true], ['SCO_CHATTY', 'ab-initio', 'suspend', true], ['SCO_NOFINISH', 'ab-initio', '', false]]);
  assert.deepEqual(L.apiErrors(r), [], 'no API errors');
  assert.deepEqual(r.reached, {
    lesson_status: 'incomplete', score: null,
    scos: { SCO_INTRO: { lesson_status: 'passed', score: 90 }, SCO_CHATTY: { lesson_status: 'completed', score: null }, SCO_NOFINISH: { lesson_status: 'incomplete', score: null } }
  });
  assert.deepEqual(ctx.pageErrors, []);
  assert.deepEqual(ctx.consoleMessages.filter((m) => m.url.includes('/pkg/')), []);
});

test('SCORM 2004 4th in the style of other tools: threshold, nav requests, an asset item, a chatty SCO, a quiz that never terminates', async () => {
  const zip = P.package2004(path.join(tmp, 'story2004.zip'));
  const run = await L.startTry(zip, [], path.join(tmp, 'story2004.json'));
  const rec = run.recordFile;
  const ctx = await L.openTry(context, run, { player: false });
  const { page } = ctx;
  assert.deepEqual(await tree(page), [['button', 'Lesson 1', 0], ['button', 'Lesson 2 (commits a lot)', 0], ['button', 'Glossary', 0], ['button', 'Quiz', 0]]);
  assert.deepEqual(ctx.config.scos.map((s) => [s.id, s.href, s.asset, s.completionThreshold, s.scaledPassingScore]), [
    ['I_LESSON1', 'res/lesson1/index_lms.html', false, '0.5', null],
    ['I_LESSON2', 'res/lesson2/index_lms.html?lesson=2&lang=en', false, null, null],
    ['I_GLOSSARY', 'res/glossary/index.html', true, null, null],
    ['I_QUIZ', 'res/quiz/quiz.html', false, null, '0.7']
  ]);

  // --- Lesson 1: the threshold decides completion; it continues to the next item ---
  let f = await sco(page, /\/pkg\/res\/lesson1\/index_lms\.html$/);
  assert.deepEqual(await f.evaluate(() => window.sco.seen), {
    path: '/pkg/res/lesson1/index_lms.html', 'cmi.entry': 'ab-initio', 'cmi.completion_threshold': '0.5', 'cmi.mode': 'normal',
    'cmi.credit': 'credit', 'cmi.learner_name': 'Learner, Test', 'cmi._version': '1.0',
    'adl.nav.request_valid.continue': 'true', 'adl.nav.request_valid.previous': 'false', completionAt30: 'incomplete'
  });
  assert.deepEqual(await f.evaluate(() => window.sco.finish()), [true, 'completed', true, true, true, true]);

  // --- Lesson 2 (launched by "continue", with the item's parameters): 200 commits, then a timer ---
  f = await sco(page, /\/pkg\/res\/lesson2\/index_lms\.html\?lesson=2&lang=en$/);
  await L.until('some timer commits', () => f.evaluate(() => window.sco.ticks() >= 20));
  // Terminate with "continue" moves on at once: read the SCO's results in the same call.
  const [finished, results] = await f.evaluate(() => [window.sco.finish(), window.sco.results]);
  assert.deepEqual(finished, [true, true, true, true, true, true]);
  const lesson2Calls = await pageCalls(page, 'I_LESSON2');
  assert.ok(results.length >= 440 && results.every((x) => x === true), 'every SetValue / Commit returned true');

  // --- "continue" again: the glossary, an asset (launched, never talks to the API) ---
  await L.until('the glossary', () => page.frames().some((x) => /\/pkg\/res\/glossary\/index\.html$/.test(x.url())));
  await page.frameLocator('#sco').getByRole('heading', { name: 'Glossary' }).waitFor();
  await L.expectRecord(rec, (r) => callsOf(r, 'I_LESSON2').length, lesson2Calls, 'every call of the chatty lesson reached the record');
  let r = L.readRecord(rec);
  assert.ok(count(callsOf(r, 'I_LESSON2'), 'Commit') >= 220, `commits in the record: ${count(callsOf(r, 'I_LESSON2'), 'Commit')}`);
  assert.equal(await page.locator('#notice').textContent(), '', 'the page saved every record patch');

  // --- the quiz, from the tree: interactions and a score, committed, then more without commit ---
  await page.getByRole('button', { name: 'Quiz' }).click();
  f = await sco(page, /\/pkg\/res\/quiz\/quiz\.html$/);
  assert.deepEqual(await f.evaluate(() => window.sco.seen), { path: '/pkg/res/quiz/quiz.html', suspend: '', suspendError: '403', sps: '0.7', success: 'passed' });
  assert.ok((await f.evaluate(() => window.sco.results)).every((x) => x === 'true' || x === true));
  assert.deepEqual(await f.evaluate(() => window.sco.later()), [true, true]);
  const quizCalls = await pageCalls(page, 'I_QUIZ');
  // The tab is closed mid-quiz: the page's pagehide beacon carries the calls of the SCO that
  // never terminates.
  await page.close({ runBeforeUnload: true });
  await L.expectRecord(rec, (x) => {
    const s = L.sessions(x).filter((y) => y.sco === 'I_QUIZ').pop();
    return s && [s.calls.length, s.terminated, s.calls[s.calls.length - 1].args.join('=')];
  }, [quizCalls, false, 'cmi.suspend_data=not committed'], 'the calls of the quiz that never terminates reached the record at unload');

  const end = await L.interrupt(run);
  assert.equal(end.code, 0, `Ctrl+C: exit 0 (stderr: ${end.stderr})`);
  r = L.readRecord(rec);
  assert.equal(r.version, '2004-4th');
  assert.deepEqual(L.sessions(r).map((s) => [s.sco, s.entry, s.exit, s.terminated]), [
    ['I_LESSON1', 'ab-initio', 'normal', true], ['I_LESSON2', 'ab-initio', 'normal', true],
    ['I_GLOSSARY', 'ab-initio', '', false], ['I_QUIZ', 'ab-initio', '', false]]);
  assert.deepEqual(callsOf(r, 'I_GLOSSARY'), [], 'the asset never talked to the API');
  const q = r.attempts[0].cmi.I_QUIZ;
  assert.deepEqual([q['cmi.score.scaled'], q['cmi.success_status'], q['cmi.completion_status'], q['cmi.location'], q['cmi.suspend_data'],
    q['cmi.interactions.1.learner_response'], q['cmi.interactions.0.result']], ['0.9', 'passed', 'completed', 'q-end', undefined, 'hard hat', 'correct'],
  'the quiz: what was committed is kept, what was set later is not');
  assert.equal(r.attempts[0].cmi.I_LESSON1['cmi.completion_status'], 'completed', 'progress 0.6 against the threshold 0.5');
  assert.equal(r.attempts[0].cmi.I_LESSON1['cmi.total_time'], 'PT12.5S');
  // The books demand exactly one error here: reading suspend_data before anything set it.
  assert.deepEqual(L.apiErrors(r).map((e) => e.replace(/ error 403 .*$/, ' error 403')), ['attempt 1 session 3 (I_QUIZ): GetValue("cmi.suspend_data") ->  error 403']);
  assert.deepEqual(r.reached.scos, {
    I_LESSON1: { completion_status: 'completed', success_status: 'passed', score: null },
    I_LESSON2: { completion_status: 'completed', success_status: 'passed', score: 1 },
    I_GLOSSARY: { completion_status: 'completed', success_status: 'passed', score: null },
    I_QUIZ: { completion_status: 'completed', success_status: 'passed', score: 0.9 }
  });
  assert.deepEqual(ctx.pageErrors, []);
  assert.deepEqual(ctx.consoleMessages.filter((m) => m.url.includes('/pkg/')), []);
});

test('SCORM 2004 2nd Edition ("CAM 1.3"), spaces in the folder, xml:base on the manifest: --exit-after-terminate exits 0 with no expectation', async () => {
  const zip = P.package2004Third(path.join(tmp, 'third.zip'));
  const run = await L.startTry(zip, ['--exit-after-terminate'], path.join(tmp, 'third.json'));
  const ctx = await L.openTry(context, run, { player: false });
  assert.equal(await ctx.page.getByRole('navigation', { name: 'Organization' }).isVisible(), false, 'one SCO: no tree');
  const f = await sco(ctx.page, /\/pkg\/content\/Policy%20Reader\/start%20here\.html$/);
  assert.deepEqual(await f.evaluate(() => window.sco.seen), { init: 'true', path: '/pkg/content/Policy%20Reader/start%20here.html', version: '1.0' });
  assert.deepEqual(await f.evaluate(() => window.sco.finish()), ['true', 'true']);
  const end = await L.ended(run);
  assert.equal(end.code, 0, end.stderr);
  assert.match(end.stderr, /outcome: no expectation \(not a package made by course-export\)/);
  const r = L.readRecord(run.recordFile);
  // 2nd Edition is run as 3rd (the page says so); the record names no edition.
  assert.equal(ctx.config.version_label, '2004 3rd Edition');
  assert.equal(r.version, '2004');
  assert.equal(r.expected, null);
  // Nothing reported, terminated: the sequencing defaults (completionSetByContent and
  // objectiveSetByContent false) make the activity completed and satisfied.
  assert.deepEqual([r.reached.completion_status, r.reached.success_status], ['completed', 'passed']);
  assert.deepEqual(L.apiErrors(r), []);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.page.close();
});

test('a burst of commits right before LMSFinish / Terminate: every call and the Terminate reach the record, --exit-after-terminate ends', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004'].map((version) => t.test(version, async () => {
    const n = 300;
    const zip = P.packageBurst(path.join(tmp, `burst-${version}.zip`), version, n);
    const run = await L.startTry(zip, ['--exit-after-terminate'], path.join(tmp, `burst-${version}.json`));
    const ctx = await L.openTry(context, run, { player: false });
    const f = await sco(ctx.page, /\/pkg\/burst\.html$/);
    const results = await f.evaluate(() => window.sco.results);
    assert.equal(results.length, 2 * n + 3);
    assert.ok(results.every((x) => x === 'true'), 'every call returned true');
    const end = await L.ended(run);
    assert.equal(end.code, 0, end.stderr);
    const r = L.readRecord(run.recordFile);
    const s = L.sessions(r);
    assert.equal(s.length, 1);
    assert.equal(s[0].terminated, true);
    assert.equal(s[0].calls.length, 2 * n + 3, 'every call is in the record');
    assert.equal(s[0].calls[s[0].calls.length - 1].method, version === '1.2' ? 'LMSFinish' : 'Terminate');
    assert.deepEqual(L.apiErrors(r), []);
    assert.equal(await ctx.page.locator('#notice').textContent(), '', 'the page saved every record patch');
    assert.deepEqual(ctx.pageErrors, []);
    await ctx.page.close();
  })));
});
