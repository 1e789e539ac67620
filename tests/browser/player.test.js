'use strict';
// Browser tests of the player on packages built from the contract (docs/architecture.md) by
// lib/package.js, in Debian's chromium, against scorm-again as the LMS run-time.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start } = require('./lib/server.js');
const { launch, openLms, cmi, lmsState, nextLaunchCmi } = require('./lib/browser.js');
const pk = require('./lib/package.js');
const sc = require('./lib/scenarios.js');
const player = require(path.join(pk.ROOT, 'assets', 'player', 'js', 'boot.js'));

const VERSIONS = ['1.2', '2004-3rd', '2004-4th'];
const FORMATS = Object.keys(pk.STATUS_TABLE.formats);
const QUIZ = (scoreFormat) => ({ mode: 'quiz-results', final_quiz: 'final-quiz', score_format: scoreFormat || 'percentage' });

let tmp; let server; let browser; let context;
const packages = new Map();

/** Build (once) a helper package of the fixture course with these settings; returns its launch URL. */
function pkg(name, settings, data) {
  if (!packages.has(name)) {
    const dir = path.join(tmp, name);
    const pages = pk.writePackage(dir, data || pk.fixtureCourseData(settings));
    packages.set(name, pages.map((p) => `/pkg/${name}/${p}`));
  }
  return packages.get(name)[0];
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-export-player-'));
  server = await start(tmp);
  browser = await launch();
  context = browser.context;
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('status tables: every version x format x event (start, fail, pass, fail after pass, viewed)', { concurrency: 2 }, async (t) => {
  const jobs = [];
  for (const version of VERSIONS) {
    for (const format of FORMATS) {
      const base = { scorm_version: version, status_format: format };
      jobs.push(t.test(`${version} ${format}: start, fail, pass, no downgrade (percentage)`, () => sc.quizSequence(context, server.origin, {
        version, format, scoreFormat: 'percentage', launch: pkg(`q-${version}-${format}`, { ...base, tracking: QUIZ('percentage') })
      })));
      jobs.push(t.test(`${version} ${format}: pass at the first attempt (points)`, () => sc.quizPassFirstTime(context, server.origin, {
        version, format, scoreFormat: 'points', launch: pkg(`p-${version}-${format}`, { ...base, tracking: QUIZ('points') })
      })));
      jobs.push(t.test(`${version} ${format}: viewed threshold 60%`, () => sc.viewedThreshold(context, server.origin, {
        version, format, launch: pkg(`v-${version}-${format}`, { ...base, tracking: { mode: 'course-completion', pass_threshold_percent: 60 } })
      })));
    }
  }
  await Promise.all(jobs);
});

test('resume: relaunch with the stored cmi data returns to the bookmark with the answers', { concurrency: 3 }, async (t) => {
  await Promise.all(VERSIONS.map((version) => t.test(version, () => sc.resume(context, server.origin, {
    version, launch: pkg(`r-${version}`, { scorm_version: version, tracking: QUIZ() })
  }))));
});

function scoFrame(page) {
  return page.frames().find((f) => f.url().includes('/pkg/'));
}

/** The SCO's page goes to the background (document.visibilityState becomes hidden). */
async function hideSco(page) {
  await scoFrame(page).evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

test('unload saving: visibilitychange to hidden commits, pagehide terminates exactly once', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, async () => {
    const n = sc.names(version);
    const launchUrl = pkg(`u-${version}`, { scorm_version: version, save_on: ['unload'] });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl });
    const before = (await lmsState(ctx.page)).commits.length;
    assert.equal(before, 1, 'only the start status was committed');
    await ctx.frame.getByRole('button', { name: 'Next' }).click();
    await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
    assert.equal((await lmsState(ctx.page)).commits.length, before, 'no commit on navigation in unload mode');
    await hideSco(ctx.page);
    const st = await lmsState(ctx.page);
    assert.equal(st.commits.length, before + 1, 'visibilitychange to hidden commits');
    assert.equal(st.commits[st.commits.length - 1][n.location], 'hazards');
    await ctx.page.evaluate(() => window.closeSco());
    await ctx.page.waitForFunction(() => window.lms.finished.length === 1);
    const fin = (await lmsState(ctx.page)).finished[0];
    assert.equal(fin[n.exit], 'suspend');
    assert.equal(fin[n.location], 'hazards');
    await ctx.page.waitForTimeout(200);
    assert.equal((await lmsState(ctx.page)).finished.length, 1);
    await sc.assertClean(ctx, 'unload ' + version);
    await ctx.page.close();
  })));
});

test('Exit then pagehide: terminates once', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('u-exit', { scorm_version: '2004-4th' }) });
  await sc.exitCourse(ctx);
  await sc.assertTerminated(ctx, '2004-4th', false);
  // The closing screen has nothing left to click: no course controls, no table of contents.
  assert.equal(await ctx.frame.getByRole('button').count(), 0);
  assert.equal(await ctx.frame.getByRole('link').count(), 0);
  await ctx.page.evaluate(() => window.closeSco());
  await ctx.page.waitForTimeout(200);
  assert.equal((await lmsState(ctx.page)).finished.length, 1);
  await sc.assertClean(ctx, 'exit then pagehide');
  await ctx.page.close();
});

test('interval saving: commits every N seconds only while something changed', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-3rd'].map((version) => t.test(version, async () => {
    const n = sc.names(version);
    const launchUrl = pkg(`i-${version}`, { scorm_version: version, save_on: ['interval'], save_interval_seconds: 1 });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl });
    // Click Next and count commits in the same task, so that an interval tick cannot interfere.
    const during = await ctx.frame.getByRole('button', { name: 'Next' }).evaluate((btn) => {
      const b = window.parent.lms.commits.length;
      btn.click();
      return window.parent.lms.commits.length - b;
    });
    assert.equal(during, 0, 'no commit on navigation in interval mode');
    await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
    await ctx.page.waitForFunction((loc) => window.lms.commits.some((c) => c[loc] === 'hazards'), n.location, { timeout: 4000 });
    const st = await lmsState(ctx.page);
    const after = st.commits.length;
    await ctx.page.waitForTimeout(2500);
    assert.equal((await lmsState(ctx.page)).commits.length, after, 'nothing changed: no further commit');
    await sc.assertClean(ctx, 'interval ' + version);
    await ctx.page.close();
  })));
});

test('navigation saving commits on every section change', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('n-2004', { scorm_version: '2004-4th', save_on: ['navigation'] }) });
  const before = (await lmsState(ctx.page)).commits.length;
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  await ctx.frame.getByRole('button', { name: 'Previous' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
  const st = await lmsState(ctx.page);
  assert.equal(st.commits.length, before + 2);
  assert.equal(st.commits[before]['cmi.location'], 'hazards');
  assert.equal(st.commits[before + 1]['cmi.location'], 'intro');
  await sc.assertClean(ctx, 'navigation');
  await ctx.page.close();
});

test('score formats: weighted percentage and points, scaled = raw / max', { concurrency: 2 }, async (t) => {
  const cases = [];
  for (const version of ['1.2', '2004-4th']) {
    cases.push([version, 'percentage', { raw: '67', max: '100', scaled: '0.67' }]);
    cases.push([version, 'points', { raw: '4', max: '5', scaled: '0.8' }]);
  }
  await Promise.all(cases.map(([version, fmt, exp]) => t.test(`${version} ${fmt}`, async () => {
    const n = sc.names(version);
    const launchUrl = pkg(`s-${version}-${fmt}`, { scorm_version: version, tracking: QUIZ(fmt), status_format: 'passed-failed' });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl });
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'partial');
    await sc.submit(ctx.frame);
    await ctx.frame.getByText('Your score: 67% (4 of 6 points; 4 of 5 questions correct). Not passed (pass mark 80%).').waitFor();
    assert.equal(await cmi(ctx.page, n.raw), exp.raw);
    assert.equal(await cmi(ctx.page, n.max), exp.max);
    assert.equal(await cmi(ctx.page, n.min), '0');
    if (n.scaled) assert.equal(await cmi(ctx.page, n.scaled), exp.scaled);
    // The score is written before the status.
    const sets = (await lmsState(ctx.page)).sets.map((x) => x[0]);
    const scoreAt = sets.indexOf(n.raw);
    const statusAt = sets.lastIndexOf(version === '1.2' ? n.status : n.success);
    assert.ok(scoreAt >= 0 && scoreAt < statusAt, 'score before status');
    await sc.assertClean(ctx, `score ${version} ${fmt}`);
    await ctx.page.close();
  })));
});

test('extended analytics on: interactions and objectives in each version\'s format; off: none', { concurrency: 3 }, async (t) => {
  const jobs = ['1.2', '2004-3rd', '2004-4th'].map((version) => t.test(`${version} on`, async () => {
    const v12 = version === '1.2';
    const launchUrl = pkg(`x-${version}`, { scorm_version: version, tracking: QUIZ(), extended_analytics: true });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl });
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'wrong');
    await sc.submit(ctx.frame);
    let st = await lmsState(ctx.page);
    let c = st.commits[st.commits.length - 1];
    const I = (i, f) => c[`cmi.interactions.${i}.${f}`];
    const ids = ['q-sign', 'q-hazards', 'q-damaged', 'q-head', 'q-exits'].map((q) => 'final-quiz_' + q);
    for (let i = 0; i < 5; i++) {
      assert.equal(I(i, 'id'), ids[i]);
      assert.equal(I(i, 'objectives.0.id'), 'final-quiz');
      assert.equal(I(i, 'result'), v12 ? 'wrong' : 'incorrect');
      assert.match(I(i, 'latency'), v12 ? sc.RE_TIME12 : sc.RE_TIME2004);
      if (v12) assert.match(I(i, 'time'), /^\d\d:\d\d:\d\d$/);
      else assert.match(I(i, 'timestamp'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\dZ$/);
    }
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => I(i, 'type')), ['choice', 'choice', 'true-false', 'fill-in', 'numeric']);
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => I(i, 'weighting')), ['1', '2', '1', '1', '1']);
    if (v12) {
      assert.deepEqual([0, 1, 2, 3, 4].map((i) => I(i, 'student_response')), ['a', 'b', 't', 'cap', '7']);
      assert.deepEqual([0, 1, 2, 3].map((i) => I(i, 'correct_responses.0.pattern')), ['b', 'a,c', 'f', 'helmet']);
      assert.equal(I(3, 'correct_responses.1.pattern'), 'hard hat');
      assert.equal(c['cmi.objectives.0.status'], 'failed');
    } else {
      assert.deepEqual([0, 1, 2, 3, 4].map((i) => I(i, 'learner_response')), ['Yellow_triangle', 'A_tidy_desk', 'true', 'cap', '7']);
      assert.deepEqual([0, 1, 2, 3, 4].map((i) => I(i, 'correct_responses.0.pattern')),
        ['Blue_circle', 'A_trailing_cable[,]A_wet_floor', 'false', '{case_matters=false}helmet', '1[:]2']);
      assert.equal(I(0, 'description'), 'Which sign means you must do something?');
      assert.equal(c['cmi.objectives.0.success_status'], 'failed');
      assert.equal(c['cmi.objectives.0.completion_status'], 'completed');
      assert.equal(c['cmi.objectives.0.score.scaled'], '0');
    }
    assert.equal(c['cmi.objectives.0.id'], 'final-quiz');
    assert.equal(c['cmi.objectives.0.score.raw'], '0');
    // A second attempt journals new interaction records and updates the same objective.
    await sc.retry(ctx.frame);
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    st = await lmsState(ctx.page);
    c = st.commits[st.commits.length - 1];
    assert.equal(I(5, 'id'), ids[0]);
    assert.equal(I(9, 'result'), 'correct');
    assert.equal(I(10, 'id'), undefined);
    assert.equal(c['cmi.objectives.0.score.raw'], '100');
    assert.equal(c[v12 ? 'cmi.objectives.0.status' : 'cmi.objectives.0.success_status'], 'passed');
    assert.equal(c['cmi.objectives.1.id'], undefined);
    await sc.assertClean(ctx, 'interactions ' + version);
    await ctx.page.close();
  }));
  jobs.push(...['1.2', '2004-4th'].map((version) => t.test(`${version} off`, async () => {
    const launchUrl = pkg(`xo-${version}`, { scorm_version: version, tracking: QUIZ(), extended_analytics: false });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl });
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    const st = await lmsState(ctx.page);
    assert.deepEqual(st.sets.filter((x) => /^cmi\.(interactions|objectives)\./.test(x[0])), []);
    const c = st.commits[st.commits.length - 1];
    assert.deepEqual(Object.keys(c).filter((k) => /^cmi\.(interactions|objectives)\.\d/.test(k)), []);
    await sc.assertClean(ctx, 'interactions off ' + version);
    await ctx.page.close();
  })));
  await Promise.all(jobs);
});

/** A state for the generated large course: every question answered, most sections viewed. */
function largeState(data, fillInLength) {
  const model = player.buildModel(data, '');
  const state = player.emptyState(model);
  model.questions.forEach((q, i) => {
    if (q.type === 'single-choice') state.answers[i] = [i % 4];
    else if (q.type === 'multiple-choice') state.answers[i] = [0, 4];
    else if (q.type === 'true-false') state.answers[i] = [i % 2];
    else if (q.type === 'fill-in') state.answers[i] = fillInLength ? ('hard hat ' + i).padEnd(fillInLength, '.') : 'hard hat';
    else state.answers[i] = String(40 + (i % 6));
  });
  state.viewed = state.viewed.map((_, i) => i < model.sections.length - 2);
  state.quizzes.forEach((z) => { z.attempts = 1; z.best = 70; z.submitted = true; });
  return { model, state };
}

test('SCORM 1.2 suspend_data limit on a generated course of 1,000 sections and 300 answered questions', { concurrency: 2 }, async (t) => {
  const data = pk.courseData(pk.largeCourse(1000, 300), { scorm_version: '1.2', tracking: { mode: 'course-completion', pass_threshold_percent: 100 } });
  const launchUrl = pkg('large-12', null, data);

  await t.test('fits in 4,096 characters and resumes', async () => {
    const { model, state } = largeState(data);
    const last = model.sections.length - 1;
    const stored = {
      'cmi.core.entry': 'resume', 'cmi.core.lesson_status': 'incomplete',
      'cmi.core.lesson_location': model.sections[last - 2].id, 'cmi.suspend_data': player.encodeState(model, state)
    };
    const ctx = await openLms(context, server.origin, { version: '1.2', launch: launchUrl, cmi: stored });
    await ctx.frame.getByRole('heading', { level: 1, name: model.sections[last - 2].title }).waitFor();
    await ctx.frame.getByRole('button', { name: 'Next' }).click();
    await ctx.frame.getByRole('heading', { level: 1, name: model.sections[last - 1].title }).waitFor();
    const sd = await cmi(ctx.page, 'cmi.suspend_data');
    assert.ok(sd.length <= 4096, `suspend_data is ${sd.length} characters`);
    const expected = JSON.parse(JSON.stringify(state));
    expected.viewed[last - 1] = true;
    assert.deepEqual(player.decodeState(model, sd), expected);
    assert.equal(await ctx.frame.getByText(/too large/).count(), 0);
    // The last section completes the course: 100 % viewed.
    await ctx.frame.getByRole('button', { name: 'Next' }).click();
    await ctx.frame.getByRole('heading', { level: 1, name: model.sections[last].title }).waitFor();
    assert.equal(await cmi(ctx.page, 'cmi.core.lesson_status'), 'passed');
    assert.ok((await cmi(ctx.page, 'cmi.suspend_data')).length <= 4096);
    await sc.assertClean(ctx, 'large 1.2');
    await ctx.page.close();
  });

  await t.test('answers that cannot fit are reported, never truncated', async () => {
    // Long fill-in answers that just fit, then one more long answer typed by the learner.
    let len = 200;
    let built = largeState(data, len);
    while (player.encodeState(built.model, built.state).length > 4090) built = largeState(data, --len);
    const { model, state } = built;
    assert.ok(len > 20 && len < 120, 'fill-in length ' + len);
    const stored = {
      'cmi.core.entry': 'resume', 'cmi.core.lesson_status': 'incomplete',
      'cmi.core.lesson_location': model.sections[0].id, 'cmi.suspend_data': player.encodeState(model, state)
    };
    const ctx = await openLms(context, server.origin, { version: '1.2', launch: launchUrl, cmi: stored });
    // Answer the first quiz's fill-in question with a long text: the state no longer fits.
    const quizSection = model.sections.find((s) => s.kind === 'quiz');
    await sc.openSection(ctx.frame, quizSection.title);
    await sc.retry(ctx.frame);
    const long = 'x'.repeat(250);
    const box = ctx.frame.getByRole('textbox', { name: 'Question 3' });
    await box.fill(long);
    await box.press('Tab');
    await ctx.frame.getByText(/Your answers are too large for this LMS to store/).waitFor();
    const sd = await cmi(ctx.page, 'cmi.suspend_data');
    assert.ok(sd.length <= 4096);
    const back = player.decodeState(model, sd);
    assert.ok(back, 'what is stored is complete and decodes');
    assert.ok(back.answers.every((a) => a === null), 'answers left out as a whole, not cut');
    assert.equal(back.viewed[model.sections.indexOf(quizSection)], true);
    await sc.assertClean(ctx, 'large 1.2 overflow');
    await ctx.page.close();
  });
});

test('an LMS whose Commit fails: bounded retries, "progress not saved" notice, debug panel opens, nothing throws', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, async () => {
    const launchUrl = pkg(`cf-${version}`, { scorm_version: version, debug: true, tracking: QUIZ() });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl, commitFails: true });
    await ctx.frame.getByText(/Progress not saved/).waitFor();
    const panel = ctx.frame.getByRole('complementary', { name: 'SCORM debug log' });
    await panel.waitFor();
    assert.match(await panel.textContent(), version === '1.2' ? /LMSCommit\(""\) → "false" \[error 101/ : /Commit\(""\) → "false" \[error 391/);
    const st = await lmsState(ctx.page);
    assert.ok(st.commits.length >= 2 && st.commits.length <= 3, `bounded retries (${st.commits.length} commit calls)`);
    await ctx.frame.getByRole('button', { name: 'Next' }).click();
    await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
    const calls = (await lmsState(ctx.page)).commits.length;
    assert.ok(calls <= st.commits.length + 3, 'each save is retried a bounded number of times');
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    await sc.exitCourse(ctx);
    assert.deepEqual(ctx.pageErrors, []);
    await ctx.page.close();
  })));
});

test('the API vanishes mid-session: notice shown, nothing throws', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('vanish', { scorm_version: '2004-4th' }) });
  await ctx.page.evaluate(() => { delete window.API_1484_11; });
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  await ctx.frame.getByText(/Progress not saved/).waitFor();
  await sc.exitCourse(ctx);
  assert.deepEqual(ctx.pageErrors, []);
  assert.deepEqual((await lmsState(ctx.page)).errors, []);
  await ctx.page.close();
});

test('debug panel: toggle button, keyboard shortcut, every API call logged, copy; off: no panel', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('debug-on', { scorm_version: '2004-4th', debug: true }) });
  const panel = ctx.frame.getByRole('complementary', { name: 'SCORM debug log' });
  const toggle = ctx.frame.getByRole('button', { name: 'Debug log' });
  assert.equal(await panel.count(), 0, 'hidden until opened');
  await toggle.click();
  await panel.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const text = await panel.textContent();
  assert.match(text, /Initialize\(""\) → "true" \[error 0 /);
  assert.match(text, /SetValue\("cmi\.completion_status", "incomplete"\) → "true"/);
  assert.match(text, /Commit\(""\) → "true"/);
  await toggle.click();
  await panel.waitFor({ state: 'hidden' });
  await ctx.frame.getByRole('heading', { level: 1, name: 'Welcome' }).click();
  await ctx.page.keyboard.press('Control+Alt+KeyD');
  await panel.waitFor();
  await ctx.frame.getByRole('button', { name: 'Copy log' }).click();
  await ctx.frame.getByText('Log copied.').waitFor();
  const copied = await scoFrame(ctx.page).evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /Initialize\(""\)/);
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  assert.match(await panel.textContent(), /SetValue\("cmi\.location", "hazards"\)/);
  await sc.assertClean(ctx, 'debug on');
  await ctx.page.close();

  const off = await openLms(context, server.origin, { version: '2004', launch: pkg('debug-off', { scorm_version: '2004-4th', debug: false }) });
  assert.equal(await off.frame.getByRole('button', { name: 'Debug log' }).count(), 0);
  await off.frame.getByRole('heading', { level: 1, name: 'Welcome' }).click();
  await off.page.keyboard.press('Control+Alt+KeyD');
  assert.equal(await off.frame.getByRole('complementary').count(), 0);
  await sc.assertClean(off, 'debug off');
  await off.page.close();
});

test('no LMS: runs on its own, keeps progress in localStorage and says so', async () => {
  const url = server.origin + pkg('nolms', { scorm_version: '2004-4th' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.getByText(/No LMS found/).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { level: 1, name: 'Protective equipment' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Protective equipment' }).waitFor();
  await page.getByRole('link', { name: 'Spotting hazards (viewed)' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('multi export: each SCO handles its own section(s)', { concurrency: 2 }, async (t) => {
  const data = pk.fixtureCourseData({ scorm_version: '2004-4th', export_mode: 'multi', tracking: QUIZ() });
  pkg('multi', null, data);
  const base = packages.get('multi')[0].replace(/[^/]+$/, '');
  await t.test('the final quiz SCO', async () => {
    const ctx = await openLms(context, server.origin, { version: '2004', launch: base + 'sco-final-quiz.html' });
    const links = ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link');
    assert.deepEqual(await links.allTextContents(), ['✓Final quiz (viewed)']);
    await ctx.frame.getByRole('heading', { level: 1, name: 'Final quiz' }).waitFor();
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    await sc.assertStatus(ctx.page, '2004-4th', 'passed-incomplete', ['start', 'pass'], 'multi quiz');
    assert.equal(await cmi(ctx.page, 'cmi.score.scaled'), '1');
    await sc.assertClean(ctx, 'multi quiz');
    await ctx.page.close();
  });
  await t.test('a content SCO', async () => {
    const ctx = await openLms(context, server.origin, { version: '2004', launch: base + 'sco-hazards.html' });
    await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
    assert.equal(await ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link').count(), 1);
    assert.equal(await cmi(ctx.page, 'cmi.location'), 'hazards');
    // Its one section is viewed: the viewed row of the table.
    await sc.assertStatus(ctx.page, '2004-4th', 'passed-incomplete', ['start', 'viewed'], 'multi content');
    await sc.exitCourse(ctx);
    await sc.assertTerminated(ctx, '2004-4th', true);
    await sc.assertClean(ctx, 'multi content');
    await ctx.page.close();
  });
});

test('accessible layout and keyboard-only use', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('a11y', { scorm_version: '2004-4th', tracking: QUIZ() }) });
  const f = ctx.frame;
  for (const name of ['Previous', 'Next', 'Exit']) assert.equal(await f.getByRole('button', { name, exact: true }).count(), 1);
  assert.equal(await f.getByRole('button', { name: 'Previous' }).isDisabled(), true);
  assert.equal(await f.getByRole('main').count(), 1);
  const toc = f.getByRole('navigation', { name: 'Table of contents' });
  assert.equal(await toc.getByRole('link').count(), 5);
  assert.equal(await toc.getByRole('link', { name: /^Welcome/ }).getAttribute('aria-current'), 'page');
  // Keyboard: focus Next, press Enter; focus moves to the new section's heading.
  await f.getByRole('button', { name: 'Next' }).focus();
  const outline = await f.getByRole('button', { name: 'Next' }).evaluate((b) => getComputedStyle(b).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await ctx.page.keyboard.press('Enter');
  await f.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  assert.equal(await scoFrame(ctx.page).evaluate(() => document.activeElement.textContent), 'Spotting hazards');
  // Quiz by keyboard: fieldsets named by their prompt, options labelled by their text.
  await sc.openSection(f, 'Final quiz');
  assert.equal(await f.getByRole('group').count(), 5);
  await f.getByRole('group', { name: 'Which sign means you must do something?' }).getByRole('radio', { name: 'Yellow triangle' }).focus();
  await ctx.page.keyboard.press('ArrowDown');
  assert.equal(await f.getByRole('radio', { name: 'Blue circle' }).isChecked(), true);
  await f.getByRole('checkbox', { name: 'A trailing cable' }).focus();
  await ctx.page.keyboard.press('Space');
  assert.equal(await f.getByRole('checkbox', { name: 'A trailing cable' }).isChecked(), true);
  assert.equal(await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).getAttribute('maxlength'), '250');
  assert.equal(await f.getByRole('textbox', { name: /How many metres/ }).getAttribute('maxlength'), '40');
  await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).focus();
  await ctx.page.keyboard.type('helmet');
  await ctx.page.keyboard.press('Enter');
  assert.equal(await f.getByRole('button', { name: 'Retry' }).count(), 0, 'Enter in a field does not submit');
  await f.getByRole('button', { name: 'Submit' }).focus();
  await ctx.page.keyboard.press('Enter');
  // Two questions have no answer: they are named, and nothing counts until the learner confirms.
  await f.getByRole('heading', { name: 'Some questions have no answer' }).waitFor();
  assert.equal(await scoFrame(ctx.page).evaluate(() => document.activeElement.textContent), 'Some questions have no answer');
  await f.getByRole('button', { name: /^Question 3: Damaged equipment/ }).waitFor();
  await f.getByRole('button', { name: /^Question 5: How many metres/ }).waitFor();
  await f.getByRole('button', { name: 'Submit anyway' }).focus();
  await ctx.page.keyboard.press('Enter');
  await f.getByRole('button', { name: 'Retry' }).waitFor();
  await f.getByText(/Your score: 33% \(2 of 6 points; 2 of 5 questions correct\)/).waitFor();
  await sc.assertClean(ctx, 'a11y');
  await ctx.page.close();
});

test('review mode: the course can be browsed, nothing is graded into the LMS', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, async () => {
    const v12 = version === '1.2';
    const stored = v12
      ? { 'cmi.core.lesson_mode': 'review', 'cmi.core.lesson_status': 'passed' }
      : { 'cmi.mode': 'review', 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' };
    const launchUrl = pkg(`rev-${version}`, { scorm_version: version, tracking: QUIZ(), extended_analytics: true });
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: launchUrl, cmi: stored });
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'wrong');
    await sc.submit(ctx.frame);
    const sets = (await lmsState(ctx.page)).sets.map((x) => x[0]);
    assert.deepEqual(sets.filter((k) => /status|score|interactions|objectives|progress/.test(k)), []);
    await sc.assertClean(ctx, 'review ' + version);
    await ctx.page.close();
  })));
});

test('narrow screens: the table of contents folds behind a button', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('narrow', { scorm_version: '2004-4th' }) });
  await ctx.page.setViewportSize({ width: 380, height: 760 });
  const toc = ctx.frame.getByRole('navigation', { name: 'Table of contents' });
  const toggle = toc.getByRole('button', { name: 'Show contents' });
  await toggle.waitFor();
  assert.equal(await toc.getByRole('link', { name: /^Summary/ }).isVisible(), false);
  await toggle.click();
  assert.equal(await toc.getByRole('button', { name: 'Hide contents' }).getAttribute('aria-expanded'), 'true');
  await toc.getByRole('link', { name: /^Summary/ }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Summary' }).waitFor();
  assert.equal(await toc.getByRole('link', { name: /^Summary/ }).isVisible(), false, 'folds again after choosing');
  await ctx.page.setViewportSize({ width: 1100, height: 800 });
  assert.equal(await toc.getByRole('button', { name: /contents/ }).isVisible(), false);
  assert.equal(await toc.getByRole('link', { name: /^Summary/ }).isVisible(), true);
  await sc.assertClean(ctx, 'narrow');
  await ctx.page.close();
});
