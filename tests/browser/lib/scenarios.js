'use strict';
// Learner scenarios against the fixture course (tests/fixtures/browser-course), shared by the
// tests on helper-built packages and on packages exported by the real CLI.
const assert = require('node:assert/strict');
const { openLms, cmi, lmsState, nextLaunchCmi } = require('./browser.js');
const { STATUS_TABLE } = require('./package.js');

const RE_TIME12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
const RE_TIME2004 = /^PT(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/;

const apiVersion = (v) => (v === '1.2' ? '1.2' : '2004');

/** Element names per version. */
function names(version) {
  return version === '1.2'
    ? { status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', session: 'cmi.core.session_time',
      raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max', suspend: 'cmi.suspend_data', entry: 'cmi.core.entry' }
    : { completion: 'cmi.completion_status', success: 'cmi.success_status', location: 'cmi.location', exit: 'cmi.exit', session: 'cmi.session_time',
      raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max', scaled: 'cmi.score.scaled', suspend: 'cmi.suspend_data',
      progress: 'cmi.progress_measure', entry: 'cmi.entry' };
}

/**
 * What the LMS must hold after a sequence of status events, straight from the status table:
 * rows are written as they are (null = not written), completed and passed are never lowered,
 * a fail after a pass changes nothing, 1.2 maps the pair through scorm12_lesson_status.
 * Starts from scorm-again's initial values.
 */
function expectedStatus(version, format, events) {
  let c = null; let s = null; let passed = false;
  let held12 = 'not attempted';
  for (const ev of events) {
    if (ev === 'fail' && passed) continue;
    const row = STATUS_TABLE.formats[format][ev];
    if (row.completion == null && row.success == null) continue;
    if (row.completion != null && c !== 'completed') c = row.completion;
    if (row.success != null && s !== 'passed') s = row.success;
    if (ev === 'pass' || ev === 'viewed') passed = true;
    const m = STATUS_TABLE.scorm12_lesson_status.find((r) => r.completion === c && (r.success == null ? null : r.success) === s);
    assert.ok(m, `no 1.2 mapping for ${c}/${s}`);
    held12 = m.lesson_status;
  }
  if (version === '1.2') return { lesson_status: held12, finished: c === 'completed' };
  return { completion_status: c || 'unknown', success_status: s || 'unknown', finished: c === 'completed' };
}

async function assertStatus(page, version, format, events, label) {
  const exp = expectedStatus(version, format, events);
  const n = names(version);
  if (version === '1.2') {
    assert.equal(await cmi(page, n.status), exp.lesson_status, `${label}: lesson_status`);
  } else {
    assert.equal(await cmi(page, n.completion), exp.completion_status, `${label}: completion_status`);
    assert.equal(await cmi(page, n.success), exp.success_status, `${label}: success_status`);
  }
  return exp;
}

/** Elements the table marks not applicable for every event of a format are never written. */
async function assertNotApplicableNeverWritten(page, version, format) {
  if (version === '1.2') return;
  const { sets } = await lmsState(page);
  const rows = STATUS_TABLE.formats[format];
  for (const [key, el] of [['completion', 'cmi.completion_status'], ['success', 'cmi.success_status']]) {
    if (['start', 'pass', 'fail', 'viewed'].every((e) => rows[e][key] == null)) {
      assert.deepEqual(sets.filter((x) => x[0] === el), [], `${el} is not applicable in ${format} and must not be written`);
    }
  }
}

async function assertClean(ctx, label) {
  const st = await lmsState(ctx.page);
  assert.deepEqual(st.errors, [], `${label}: scorm-again logged errors`);
  assert.deepEqual(ctx.pageErrors, [], `${label}: uncaught errors in the page`);
  assert.deepEqual(ctx.consoleMessages.filter((m) => m.url.includes('/pkg/')), [], `${label}: the player wrote to the console`);
  return st;
}

// --- the fixture's final quiz, answered like a learner ----------------------------------------

const ANSWERS = {
  correct: { sign: 'Blue circle', hazards: ['A trailing cable', 'A wet floor'], damaged: 'False', head: 'Hard Hat', exits: '1.5' },
  wrong: { sign: 'Yellow triangle', hazards: ['A tidy desk'], damaged: 'True', head: 'cap', exits: '7' },
  // q-hazards (weight 2 of 6) wrong: 4/6 = 67 %, 4 of 5 points
  partial: { sign: 'Blue circle', hazards: ['A trailing cable'], damaged: 'False', head: 'helmet', exits: '2' }
};

async function openSection(frame, title) {
  // The link's name is the title, then what the learner did there: "(viewed)", "(viewed, 100%, passed)".
  await frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link', { name: new RegExp('^' + title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '( \\([^)]*\\))?$') }).click();
  await frame.getByRole('heading', { level: 1, name: title }).waitFor();
}

async function answerQuiz(frame, which) {
  const a = ANSWERS[which];
  await frame.getByRole('radio', { name: a.sign }).check();
  for (const opt of ['A trailing cable', 'A tidy desk', 'A wet floor']) {
    const box = frame.getByRole('checkbox', { name: opt });
    if (a.hazards.includes(opt)) await box.check(); else await box.uncheck();
  }
  await frame.getByRole('group', { name: 'Damaged equipment still protects you fully.' }).getByRole('radio', { name: a.damaged }).check();
  await frame.getByRole('textbox', { name: 'What do you wear to protect your head?' }).fill(a.head);
  await frame.getByRole('textbox', { name: /How many metres/ }).fill(a.exits);
}

async function submit(frame) {
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('button', { name: 'Retry' }).waitFor();
}

async function retry(frame) {
  await frame.getByRole('button', { name: 'Retry' }).click();
  await frame.getByRole('button', { name: 'Submit' }).waitFor();
}

/** Exit asks first ("Leave the course?"); the learner confirms. */
async function exitCourse(ctx) {
  await ctx.frame.getByRole('button', { name: 'Exit' }).click();
  await ctx.frame.getByRole('heading', { name: 'Leave the course?' }).waitFor();
  await ctx.frame.getByRole('button', { name: 'Leave the course' }).click();
  await ctx.frame.getByRole('heading', { name: 'You have left the course' }).waitFor();
}

async function assertTerminated(ctx, version, finished) {
  const n = names(version);
  const st = await lmsState(ctx.page);
  assert.equal(st.finished.length, 1, 'Terminate/LMSFinish exactly once');
  const last = st.finished[0];
  const exit = last[n.exit];
  if (finished) assert.equal(exit, version === '1.2' ? '' : 'normal', 'exit after completion');
  else assert.equal(exit, 'suspend', 'exit while unfinished');
  // session_time is write-only in the run-time: read it from the data stored at Terminate.
  assert.match(String(last[n.session]), version === '1.2' ? RE_TIME12 : RE_TIME2004, 'session_time format');
  const setSession = st.sets.filter((x) => x[0] === n.session);
  assert.equal(setSession.length, 1, 'session_time written once');
  assert.match(setSession[0][1], version === '1.2' ? /^\d{4}:\d{2}:\d{2}\.\d{2}$/ : RE_TIME2004);
  return st;
}

// --- scenarios ---------------------------------------------------------------------------------

/**
 * Quiz-results course: start, fail, retry + pass, retry + fail (never backwards), Exit.
 * pkg: {launch, version, format, scoreFormat}
 */
async function quizSequence(context, origin, pkg) {
  const { version, format } = pkg;
  const ctx = await openLms(context, origin, { version: apiVersion(version), launch: pkg.launch });
  const label = `${version} ${format}`;
  const n = names(version);
  await assertStatus(ctx.page, version, format, ['start'], label + ' start');
  let st = await lmsState(ctx.page);
  assert.ok(st.commits.length >= 1, 'committed after the start status');
  if (version === '1.2') assert.equal(st.commits[0][n.status], 'incomplete');
  else assert.equal(st.commits[0][n.completion], 'incomplete');

  await openSection(ctx.frame, 'Final quiz');
  await answerQuiz(ctx.frame, 'wrong');
  const commitsBefore = (await lmsState(ctx.page)).commits.length;
  await submit(ctx.frame);
  await assertStatus(ctx.page, version, format, ['start', 'fail'], label + ' fail');
  assert.equal(await cmi(ctx.page, n.raw), '0');
  assert.equal(await cmi(ctx.page, n.min), '0');
  assert.equal(await cmi(ctx.page, n.max), pkg.scoreFormat === 'points' ? '5' : '100');
  if (n.scaled) assert.equal(await cmi(ctx.page, n.scaled), '0');
  st = await lmsState(ctx.page);
  assert.ok(st.commits.length > commitsBefore, 'a status change commits');
  await ctx.frame.getByText(/Not passed/).waitFor();

  await retry(ctx.frame);
  await answerQuiz(ctx.frame, 'correct');
  await submit(ctx.frame);
  const exp = await assertStatus(ctx.page, version, format, ['start', 'fail', 'pass'], label + ' pass');
  assert.equal(await cmi(ctx.page, n.raw), pkg.scoreFormat === 'points' ? '5' : '100');
  if (n.scaled) assert.equal(await cmi(ctx.page, n.scaled), '1');
  await ctx.frame.getByText(/Your score: 100%.*Passed/).waitFor();

  await retry(ctx.frame);
  await answerQuiz(ctx.frame, 'wrong');
  await submit(ctx.frame);
  await assertStatus(ctx.page, version, format, ['start', 'fail', 'pass', 'fail'], label + ' fail after pass');
  assert.equal(await cmi(ctx.page, n.raw), pkg.scoreFormat === 'points' ? '5' : '100', 'the best score stays');

  await assertNotApplicableNeverWritten(ctx.page, version, format);
  await exitCourse(ctx);
  await assertTerminated(ctx, version, exp.finished);
  await assertClean(ctx, label);
  await ctx.page.close();
}

/** Quiz-results course passed on the first attempt. */
async function quizPassFirstTime(context, origin, pkg) {
  const { version, format } = pkg;
  const ctx = await openLms(context, origin, { version: apiVersion(version), launch: pkg.launch });
  const n = names(version);
  await openSection(ctx.frame, 'Final quiz');
  await answerQuiz(ctx.frame, 'correct');
  await submit(ctx.frame);
  await assertStatus(ctx.page, version, format, ['start', 'pass'], `${version} ${format} pass`);
  assert.equal(await cmi(ctx.page, n.raw), pkg.scoreFormat === 'points' ? '5' : '100');
  assert.equal(await cmi(ctx.page, n.max), pkg.scoreFormat === 'points' ? '5' : '100');
  assert.equal(await cmi(ctx.page, n.min), '0');
  if (n.scaled) assert.equal(await cmi(ctx.page, n.scaled), '1');
  await assertNotApplicableNeverWritten(ctx.page, version, format);
  await assertClean(ctx, `${version} ${format} pass`);
  await ctx.page.close();
}

/**
 * Course completion with a 60 % threshold on the 5-section fixture: start, 2 viewed (40 %),
 * 3 viewed (60 %) = the viewed event. 2004 also reports progress_measure.
 */
async function viewedThreshold(context, origin, pkg) {
  const { version, format } = pkg;
  const ctx = await openLms(context, origin, { version: apiVersion(version), launch: pkg.launch });
  const label = `${version} ${format} viewed`;
  const n = names(version);
  await assertStatus(ctx.page, version, format, ['start'], label + ' at 20%');
  if (n.progress) assert.equal(await cmi(ctx.page, n.progress), '0.2');
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  await assertStatus(ctx.page, version, format, ['start'], label + ' at 40%');
  if (n.progress) assert.equal(await cmi(ctx.page, n.progress), '0.4');
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Protective equipment' }).waitFor();
  const exp = await assertStatus(ctx.page, version, format, ['start', 'viewed'], label + ' at 60%');
  if (n.progress) assert.equal(await cmi(ctx.page, n.progress), '0.6');
  const st = await lmsState(ctx.page);
  const last = st.commits[st.commits.length - 1];
  if (version === '1.2') assert.equal(last[n.status], exp.lesson_status, 'committed');
  else assert.equal(last[n.completion], exp.completion_status, 'committed');
  const row = STATUS_TABLE.formats[format].viewed;
  if (row.completion == null && row.success == null) {
    const statusSets = st.sets.filter((x) => /status$/.test(x[0]) && !/objectives/.test(x[0]));
    const startWrites = version === '1.2' ? 1 : ['completion', 'success'].filter((k) => STATUS_TABLE.formats[format].start[k] != null).length;
    assert.equal(statusSets.length, startWrites, 'not applicable: nothing written for the viewed threshold');
  }
  await assertNotApplicableNeverWritten(ctx.page, version, format);
  await exitCourse(ctx);
  await assertTerminated(ctx, version, exp.finished);
  await assertClean(ctx, label);
  await ctx.page.close();
}

/**
 * Resume: learn, answer part of the quiz, the LMS closes the SCO (pagehide → Terminate);
 * relaunch with the stored data → back at the bookmark with the answers.
 */
async function resume(context, origin, pkg) {
  const { version } = pkg;
  const n = names(version);
  let ctx = await openLms(context, origin, { version: apiVersion(version), launch: pkg.launch });
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
  await openSection(ctx.frame, 'Final quiz');
  await ctx.frame.getByRole('radio', { name: 'Blue circle' }).check();
  await ctx.frame.getByRole('checkbox', { name: 'A wet floor' }).check();
  await ctx.frame.getByRole('textbox', { name: 'What do you wear to protect your head?' }).fill('Hard hat');
  await ctx.frame.getByRole('textbox', { name: /How many metres/ }).fill('1.25');
  await ctx.frame.getByRole('textbox', { name: /How many metres/ }).press('Tab');
  await ctx.page.evaluate(() => window.closeSco());
  await ctx.page.waitForFunction(() => window.lms.finished.length === 1);
  const st = await lmsState(ctx.page);
  const stored = st.finished[0];
  assert.equal(stored[n.exit], 'suspend');
  assert.equal(stored[n.location], 'final-quiz');
  assert.ok(stored[n.suspend].length > 0);
  assert.match(stored[n.session], version === '1.2' ? RE_TIME12 : RE_TIME2004);
  await assertClean(ctx, version + ' resume, first launch');
  await ctx.page.close();

  ctx = await openLms(context, origin, { version: apiVersion(version), launch: pkg.launch, cmi: nextLaunchCmi(stored, version) });
  await ctx.frame.getByRole('heading', { level: 1, name: 'Final quiz' }).waitFor();
  assert.equal(await ctx.frame.getByRole('radio', { name: 'Blue circle' }).isChecked(), true);
  assert.equal(await ctx.frame.getByRole('checkbox', { name: 'A wet floor' }).isChecked(), true);
  assert.equal(await ctx.frame.getByRole('checkbox', { name: 'A trailing cable' }).isChecked(), false);
  assert.equal(await ctx.frame.getByRole('textbox', { name: 'What do you wear to protect your head?' }).inputValue(), 'Hard hat');
  assert.equal(await ctx.frame.getByRole('textbox', { name: /How many metres/ }).inputValue(), '1.25');
  const toc = ctx.frame.getByRole('navigation', { name: 'Table of contents' });
  await toc.getByRole('link', { name: 'Welcome (viewed)' }).waitFor();
  await toc.getByRole('link', { name: 'Spotting hazards (viewed)' }).waitFor();
  assert.equal(await toc.getByRole('link', { name: /^Protective equipment$/ }).count(), 1, 'not viewed stays unticked');
  assert.equal(await toc.getByRole('link', { name: /^Final quiz/ }).getAttribute('aria-current'), 'page');
  // Relaunch does not write the start status again.
  const st2 = await lmsState(ctx.page);
  assert.deepEqual(st2.sets.filter((x) => /^cmi\.(core\.lesson_status|completion_status|success_status)$/.test(x[0])), []);
  // Finish the quiz after resuming: the restored answers count.
  await ctx.frame.getByRole('checkbox', { name: 'A trailing cable' }).check();
  await ctx.frame.getByRole('radio', { name: 'False' }).check();
  await submit(ctx.frame);
  await ctx.frame.getByText(/Your score: 100%/).waitFor();
  await assertClean(ctx, version + ' resume, relaunch');
  await ctx.page.close();
}

module.exports = {
  RE_TIME12, RE_TIME2004, ANSWERS, apiVersion, names, expectedStatus, assertStatus, assertClean, assertTerminated,
  assertNotApplicableNeverWritten, openSection, answerQuiz, submit, retry, exitCourse,
  quizSequence, quizPassFirstTime, viewedThreshold, resume
};
