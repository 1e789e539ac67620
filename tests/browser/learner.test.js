'use strict';
// The learner's side of the player (issue 12) in Debian's chromium against scorm-again: reflow at
// 320 / 390 / 1280 px on every section of the sample course, focus never under the sticky bar,
// quizzes (Enter, empty Submit, attempts, feedback), a clear end, relaunch after completion,
// languages (with a right-to-left course), big courses, dark mode, print, the debug shortcut, and
// axe-core (WCAG 2.1 A/AA) at 0 violations on every distinct screen.
//
// PLAYER_SHOTS=<dir> saves a screenshot of each screen at 390 px there (for a person to look at).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start } = require('./lib/server.js');
const { launch, openLms, cmi, lmsState, nextLaunchCmi } = require('./lib/browser.js');
const pk = require('./lib/package.js');
const sc = require('./lib/scenarios.js');

const WIDTHS = [320, 390, 1280];
const BIN = process.env.COURSE_EXPORT_BIN
  ? path.resolve(process.env.COURSE_EXPORT_BIN)
  : path.join(pk.ROOT, 'target', 'debug', 'course-export');
const QUIZ = { mode: 'quiz-results', final_quiz: 'final-quiz', score_format: 'percentage' };
const SHOTS = process.env.PLAYER_SHOTS ? path.resolve(process.env.PLAYER_SHOTS) : null;

let AXE_PATH;
try {
  AXE_PATH = require.resolve('axe-core/axe.min.js');
} catch (e) {
  AXE_PATH = null;
}

let tmp; let server; let browser; let context;
const packages = new Map();

function pkg(name, data, mediaDir) {
  if (!packages.has(name)) {
    const pages = pk.writePackage(path.join(tmp, name), data, mediaDir);
    packages.set(name, pages.map((p) => `/pkg/${name}/${p}`));
  }
  return packages.get(name)[0];
}

test.before(async () => {
  if (!AXE_PATH) throw new Error('axe-core is not installed: run `npm ci` in tests/browser first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-export-learner-'));
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  server = await start(tmp);
  browser = await launch();
  context = browser.context;
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function scoFrame(page) {
  return page.frames().find((f) => f.url().includes('/pkg/'));
}

/** axe-core with the WCAG 2.1 A/AA tags on the SCO's page: 0 violations. */
async function axe(ctx, label) {
  const f = scoFrame(ctx.page);
  if (!(await f.evaluate(() => typeof window.axe === 'object'))) await f.addScriptTag({ path: AXE_PATH });
  const violations = await f.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(' | '));
  });
  assert.deepEqual(violations, [], `${label}: axe WCAG 2.1 A/AA violations`);
}

async function shot(ctx, name) {
  if (!SHOTS) return;
  await ctx.page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: false });
}

/** A screenshot at 390 px with `selector` (or the focused element) scrolled into view; the size is restored after. */
async function shot390(ctx, name, selector) {
  if (!SHOTS) return;
  const size = ctx.page.viewportSize();
  await ctx.page.setViewportSize({ width: 390, height: 760 });
  await scoFrame(ctx.page).evaluate((sel) => {
    const e = sel ? document.querySelector(sel) : document.activeElement;
    if (e && e !== document.body) e.scrollIntoView({ block: 'center' });
  }, selector || null);
  await ctx.page.waitForTimeout(50);
  await shot(ctx, name);
  await ctx.page.setViewportSize(size);
}

/** The page is never wider than the viewport (no horizontal page scroll); names the widest offenders. */
async function assertNoPageScroll(ctx, label) {
  const r = await scoFrame(ctx.page).evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
      const b = e.getBoundingClientRect();
      if (!b.width) continue;
      if ((b.right > w + 0.5 || b.left < -0.5) && !e.closest('.ce-table-wrap, pre, .ce-visually-hidden')) {
        out.push(`${e.tagName.toLowerCase()}.${e.className} [${Math.round(b.left)}, ${Math.round(b.right)}]`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, width: w, offenders: out.slice(0, 5) };
  });
  assert.ok(r.scrollWidth <= r.width, `${label}: page ${r.scrollWidth} px wide in a ${r.width} px viewport: ${r.offenders.join('; ')}`);
  assert.deepEqual(r.offenders, [], `${label}: elements outside the viewport`);
}

/** The focused element is not under the sticky controls bar (unless it is in the bar). */
async function assertFocusClearOfBar(ctx, label) {
  const r = await scoFrame(ctx.page).evaluate(async () => {
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const a = document.activeElement;
    const bar = document.querySelector('.ce-controls');
    if (!a || a === document.body || !bar) return { ok: true };
    if (bar.contains(a)) return { ok: true, inBar: true };
    const fr = a.getBoundingClientRect();
    const br = bar.getBoundingClientRect();
    const sticky = getComputedStyle(bar).position === 'sticky';
    const under = fr.bottom > br.top + 0.5 && fr.top < br.bottom - 0.5;
    const visible = fr.top >= -0.5 && fr.bottom <= window.innerHeight + 0.5;
    return { ok: !under, visible, sticky, what: a.tagName + ' ' + (a.id || a.textContent.slice(0, 40)), fr: [fr.top, fr.bottom], br: [br.top, br.bottom] };
  });
  assert.ok(r.ok, `${label}: focus (${r.what}) at ${JSON.stringify(r.fr)} is under the bar ${JSON.stringify(r.br)}`);
  return r;
}

async function gotoSection(ctx, index) {
  // The table of contents folds on phones: go through the player's own navigation.
  await scoFrame(ctx.page).evaluate((i) => window.__coursePlayer.go(i), index);
}

function sampleData(extra) {
  const data = pk.sampleCourseData(Object.assign({ scorm_version: '2004-4th', tracking: QUIZ }, extra || {}));
  // A section that stresses reflow: a long URL, a long word, a wide code block.
  data.sections.splice(1, 0, {
    id: 'stress', title: 'Long words', kind: 'content',
    html: '<p>See https://example.invalid/a/very/long/path/that/does/not/wrap/on/its/own/because/it/has/no/spaces/at/all/index.html today.</p>' +
      '<p>Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft is one word.</p>' +
      '<pre><code>const aVeryLongLineOfCode = someFunction(argumentNumberOne, argumentNumberTwo, argumentNumberThree);</code></pre>'
  });
  data.scos = [{ id: '', sections: data.sections.map((s) => s.id) }];
  return data;
}

test('reflow: no page wider than the viewport on any section of the sample course at 320, 390 and 1280 px', async () => {
  const launchUrl = pkg('reflow', sampleData(), path.join(pk.SAMPLE, 'media'));
  const ctx = await openLms(context, server.origin, { version: '2004', launch: launchUrl });
  const count = await scoFrame(ctx.page).evaluate(() => window.__coursePlayer.model.sections.length);
  for (const width of WIDTHS) {
    await ctx.page.setViewportSize({ width, height: 760 });
    for (let i = 0; i < count; i++) {
      await gotoSection(ctx, i);
      await ctx.page.waitForTimeout(30);
      const title = await scoFrame(ctx.page).evaluate(() => document.querySelector('h1').textContent);
      await assertNoPageScroll(ctx, `${width} px, section ${i + 1} (${title})`);
      if (width === 390 && SHOTS) {
        await shot(ctx, `reflow-390-${String(i + 1).padStart(2, '0')}`);
        // And the section's first table or media figure, scrolled into view.
        if (await scoFrame(ctx.page).evaluate(() => {
          const e = document.querySelector('.ce-table-wrap, .ce-content figure');
          if (e) e.scrollIntoView({ block: 'center' });
          return !!e;
        })) await shot(ctx, `reflow-390-${String(i + 1).padStart(2, '0')}-media`);
      }
    }
    // The wide risk table scrolls inside its own box, which the keyboard can reach.
    await gotoSection(ctx, 2);
    const wrap = ctx.frame.getByRole('region', { name: 'Table 1' });
    assert.equal(await wrap.getAttribute('tabindex'), '0');
  }
  // The sticky bar is fully on screen on a phone.
  await ctx.page.setViewportSize({ width: 320, height: 640 });
  await gotoSection(ctx, 2);
  const bar = await scoFrame(ctx.page).evaluate(() => {
    const b = document.querySelector('.ce-controls').getBoundingClientRect();
    return { left: b.left, right: b.right, width: document.documentElement.clientWidth };
  });
  assert.ok(bar.left >= 0 && bar.right <= bar.width, 'the controls bar is inside the screen: ' + JSON.stringify(bar));
  await sc.assertClean(ctx, 'reflow');
  await ctx.page.close();
});

test('one H1 per page: a section whose Markdown starts with # has one H1', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('reflow', sampleData(), path.join(pk.SAMPLE, 'media')) });
  const count = await scoFrame(ctx.page).evaluate(() => window.__coursePlayer.model.sections.length);
  for (let i = 0; i < count; i++) {
    await gotoSection(ctx, i);
    const h1 = await scoFrame(ctx.page).evaluate(() => [...document.querySelectorAll('h1')].map((h) => h.textContent));
    assert.equal(h1.length, 1, `section ${i + 1}: one H1, got ${JSON.stringify(h1)}`);
  }
  await gotoSection(ctx, 0);
  assert.equal(await ctx.frame.getByRole('heading', { level: 1 }).textContent(), 'Welcome to Workplace Safety Basics');
  await ctx.page.close();
});

test('focus never under the sticky bar at 320 and 390 px: every focus stop of the quiz, the score after Submit', async () => {
  for (const width of [320, 390]) {
    const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('reflow', sampleData(), path.join(pk.SAMPLE, 'media')) });
    await ctx.page.setViewportSize({ width, height: 640 });
    const last = await scoFrame(ctx.page).evaluate(() => window.__coursePlayer.model.sections.length - 1);
    await gotoSection(ctx, last);
    const sticky = await scoFrame(ctx.page).evaluate(() => getComputedStyle(document.querySelector('.ce-controls')).position);
    assert.equal(sticky, 'sticky', 'the bar sticks to the bottom on a phone');
    let stops = 0;
    for (let k = 0; k < 40; k++) {
      await ctx.page.keyboard.press('Tab');
      const r = await assertFocusClearOfBar(ctx, `${width} px, Tab ${k + 1}`);
      if (r.inBar) break;
      stops++;
    }
    assert.ok(stops >= 11, `${width} px: went through the quiz's focus stops (${stops})`);
    // Answer everything, submit: the score gets focus and is not under the bar.
    const f = ctx.frame;
    await f.getByRole('radio', { name: 'Assess the load, the route and whether you need help' }).check();
    await f.getByRole('checkbox', { name: 'Leave by the nearest safe exit' }).check();
    await f.getByRole('group', { name: /pallets in front of a fire exit/ }).getByRole('radio', { name: 'False' }).check();
    await f.getByRole('textbox', { name: /two words/ }).fill('near miss');
    await f.getByRole('textbox', { name: /emergency exits/ }).fill('3');
    await f.getByRole('textbox', { name: /kilograms/ }).fill('22');
    await f.getByRole('button', { name: 'Submit' }).click();
    await f.getByRole('button', { name: 'Retry' }).waitFor();
    const focused = await scoFrame(ctx.page).evaluate(() => document.activeElement.className);
    assert.match(focused, /ce-quiz-result/);
    const r = await assertFocusClearOfBar(ctx, `${width} px, score after Submit`);
    assert.equal(r.visible, true, 'the score is on screen');
    if (width === 390) await shot(ctx, 'quiz-390-score');
    await sc.assertClean(ctx, 'focus ' + width);
    await ctx.page.close();
  }
});

/** The fixture course, its final quiz with explanations and a limit of 2 attempts, and a knowledge check that shows no correct answers. */
function quizCourse(opts) {
  const course = pk.fixtureCourse();
  const final = course.sections.find((s) => s.id === 'final-quiz');
  final.quiz.max_attempts = 2;
  final.quiz.questions[0].explanation = 'Blue circles tell you what you must do.';
  final.quiz.questions[3].explanation = 'A hard hat (helmet) protects your head.';
  course.sections.splice(1, 0, {
    id: 'check', title: 'Knowledge check',
    quiz: { pass_threshold_percent: 50, show_correct_answers: false, questions: [
      { id: 'c1', type: 'single-choice', prompt: 'Which colour is a mandatory sign?', options: ['Red', 'Blue'], correct: ['Blue'], explanation: 'Mandatory signs are blue.' }
    ] }
  });
  return pk.courseData(course, Object.assign({ scorm_version: '2004-4th', tracking: QUIZ }, opts || {}), pk.FIXTURE);
}

test('quiz: Enter never submits; an empty Submit names the questions and counts nothing until confirmed', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('quiz', quizCourse()) });
  const f = ctx.frame;
  await sc.openSection(f, 'Final quiz');
  await axe(ctx, 'quiz, unanswered');
  // Enter in the fill-in and the numeric field: nothing is submitted, nothing sent to the LMS.
  await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).fill('helmet');
  await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).press('Enter');
  await f.getByRole('textbox', { name: /How many metres/ }).fill('1.5');
  await f.getByRole('textbox', { name: /How many metres/ }).press('Enter');
  await ctx.page.waitForTimeout(100);
  assert.equal(await f.getByRole('button', { name: 'Retry' }).count(), 0);
  assert.equal(await f.getByRole('heading', { name: /no answer/ }).count(), 0, 'Enter does not even ask');
  // Graded = a score or a passed / failed written (the start status may write success "unknown").
  const graded = async () => (await lmsState(ctx.page)).sets.filter((x) => /score/.test(x[0]) || /^(passed|failed)$/.test(x[1]));
  assert.deepEqual(await graded(), [], 'nothing graded');
  // Clear them: an empty Submit asks, naming every question.
  await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).fill('');
  await f.getByRole('textbox', { name: /How many metres/ }).fill('');
  await f.getByRole('button', { name: 'Submit' }).click();
  await f.getByRole('heading', { name: 'Some questions have no answer' }).waitFor();
  for (const n of [1, 2, 3, 4, 5]) assert.equal(await f.getByRole('button', { name: new RegExp('^Question ' + n + ': ') }).count(), 1);
  await shot390(ctx, 'quiz-390-unanswered', '.ce-confirm');
  await axe(ctx, 'quiz, unanswered questions named');
  // "Keep answering": nothing counted, focus on the first unanswered question.
  await f.getByRole('button', { name: 'Keep answering' }).click();
  assert.equal(await scoFrame(ctx.page).evaluate(() => document.activeElement.id), 'ce-q-1-o0', 'the first unanswered question (ids count across quizzes)');
  assert.deepEqual(await graded(), [], 'cancelled: nothing graded');
  assert.equal(await scoFrame(ctx.page).evaluate(() => window.__coursePlayer.state.quizzes[1].attempts), 0);
  // A named question's button takes the learner to it.
  await f.getByRole('button', { name: 'Submit' }).click();
  await f.getByRole('button', { name: /^Question 4: / }).click();
  assert.equal(await scoFrame(ctx.page).evaluate(() => document.activeElement.id), 'ce-q-4-input');
  // Confirmed: the attempt counts (attempt 1 of 2, 0 %).
  await f.getByRole('button', { name: 'Submit' }).click();
  await f.getByRole('button', { name: 'Submit anyway' }).click();
  await f.getByText(/Your score: 0%.*Attempt 1 of 2\./).waitFor();
  assert.equal(await cmi(ctx.page, 'cmi.score.raw'), '0', 'the confirmed attempt is graded');
  await sc.assertClean(ctx, 'quiz enter/empty');
  await ctx.page.close();
});

test('quiz feedback: right / wrong per question, correct answers, explanations, choices kept, attempts limited, weighting explained', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('quiz', quizCourse()) });
  const f = ctx.frame;
  await sc.openSection(f, 'Final quiz');
  await f.getByText('Questions carry different points: your score is the share of points you earn.').waitFor();
  await f.getByText('You have 2 attempts.').waitFor();
  assert.equal(await f.getByText('Points: 2').count(), 1, 'the double-weight question says so');
  await sc.answerQuiz(f, 'partial');
  await f.getByRole('button', { name: 'Submit' }).click();
  await f.getByRole('button', { name: 'Retry' }).waitFor();
  await f.getByText('Your score: 67% (4 of 6 points; 4 of 5 questions correct). Not passed (pass mark 80%). Attempt 1 of 2.').waitFor();
  const q = (name) => f.getByRole('group', { name });
  const hazards = q('Which of these are hazards?');
  await hazards.getByText('Incorrect', { exact: true }).waitFor();
  await hazards.getByText('Correct answers: A trailing cable, A wet floor').waitFor();
  // The learner's choice stays checked and marked; the missed correct option is marked too.
  assert.equal(await hazards.getByRole('checkbox', { name: 'A trailing cable' }).isChecked(), true);
  assert.equal(await hazards.getByText('(your answer, correct answer)').count(), 1);
  assert.equal(await hazards.getByText('(correct answer)', { exact: true }).count(), 1);
  const sign = q('Which sign means you must do something?');
  await sign.getByText('Correct', { exact: true }).waitFor();
  await sign.getByText('Blue circles tell you what you must do.').waitFor();
  assert.equal(await sign.getByText(/^Correct answer/).count(), 0, 'no correct answer repeated for a right answer');
  await q('How many metres must stay clear in front of a fire exit (1 to 2)?').getByText('Correct', { exact: true }).waitFor();
  assert.equal(await f.getByRole('textbox', { name: 'What do you wear to protect your head?' }).inputValue(), 'helmet', 'typed answers stay');
  await shot390(ctx, 'quiz-390-feedback', '.ce-q-incorrect');
  await axe(ctx, 'quiz feedback');
  // The second (last) attempt asks first, then no Retry is offered.
  await sc.retry(f);
  await sc.answerQuiz(f, 'wrong');
  await f.getByRole('button', { name: 'Submit' }).click();
  await f.getByRole('heading', { name: 'Submit your answers?' }).waitFor();
  await f.getByText('This is your last attempt.').waitFor();
  await f.getByRole('button', { name: 'Submit', exact: true }).last().click();
  await f.getByText(/Attempt 2 of 2\. No attempts left\./).waitFor();
  assert.equal(await f.getByRole('button', { name: 'Retry' }).count(), 0, 'no attempts left: no Retry');
  await f.getByText('Attempts used: 2 of 2.').waitFor();
  assert.equal(await cmi(ctx.page, 'cmi.score.raw'), '67', 'the best score stays');
  // show_correct_answers: false: right / wrong and the explanation, never the correct answer.
  await sc.openSection(f, 'Knowledge check');
  await f.getByRole('radio', { name: 'Red' }).check();
  await f.getByRole('button', { name: 'Submit' }).click();
  await f.getByRole('button', { name: 'Retry' }).waitFor();
  await f.getByText('Incorrect', { exact: true }).waitFor();
  await f.getByText('Mandatory signs are blue.').waitFor();
  assert.equal(await f.getByText(/Correct answer/).count(), 0);
  assert.equal(await f.getByText('(your answer)').count(), 1);
  await f.getByText('Your score: 0% (0 of 1 questions correct). Not passed (pass mark 50%).').waitFor();
  await sc.assertClean(ctx, 'feedback');
  await ctx.page.close();
});

test('a clear end: Finish shows the result, the contents show quiz results, Exit asks, the closing screen has no dead links', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('end', pk.fixtureCourseData({ scorm_version: '2004-4th', tracking: QUIZ })) });
  const f = ctx.frame;
  await ctx.page.setViewportSize({ width: 390, height: 760 });
  await axe(ctx, 'content section (phone)');
  await f.getByRole('button', { name: 'Show contents' }).click();
  await axe(ctx, 'contents open (phone)');
  await shot(ctx, 'toc-390-open');
  await f.getByRole('button', { name: 'Hide contents' }).click();
  await ctx.page.setViewportSize({ width: 1280, height: 800 });
  await sc.openSection(f, 'Final quiz');
  await sc.answerQuiz(f, 'correct');
  await sc.submit(f);
  const toc = f.getByRole('navigation', { name: 'Table of contents' });
  await toc.getByRole('link', { name: 'Final quiz (viewed, 100%, passed)' }).waitFor();
  // The moment of passing is announced (a polite status), with where the result is.
  await f.getByRole('status').getByText('You passed the course. Finish on the last section shows your results.').waitFor();
  // The last section's Next is Finish: the result screen.
  await f.getByRole('button', { name: 'Finish' }).click();
  await f.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
  await f.getByRole('main').getByText('You passed the course.').waitFor();
  await f.getByText('Final quiz: 100%, passed').waitFor();
  await f.getByText('Sections viewed: 2 of 5.').waitFor();
  await f.getByText('You can review any section from the contents, or exit the course.').waitFor();
  await axe(ctx, 'result screen');
  await ctx.page.setViewportSize({ width: 390, height: 760 });
  await shot(ctx, 'results-390');
  await assertNoPageScroll(ctx, 'results 390');
  // Exit asks; Stay keeps the course; Leave ends it.
  await f.getByRole('button', { name: 'Exit' }).click();
  await f.getByRole('heading', { name: 'Leave the course?' }).waitFor();
  await f.getByText('Your result is saved.').waitFor();
  await axe(ctx, 'exit confirmation');
  await shot(ctx, 'exit-390-confirm');
  await f.getByRole('button', { name: 'Stay' }).click();
  assert.equal(await scoFrame(ctx.page).evaluate(() => document.activeElement.textContent), 'Exit');
  assert.equal((await lmsState(ctx.page)).finished.length, 0, 'Stay: not terminated');
  await sc.exitCourse(ctx);
  await f.getByRole('main').getByText('You passed the course.').waitFor();
  assert.equal(await f.getByRole('link').count(), 0, 'no links left on the closing screen');
  assert.equal(await f.getByRole('button').count(), 0, 'no buttons left on the closing screen');
  await axe(ctx, 'closing screen');
  await shot(ctx, 'closed-390');
  await sc.assertTerminated(ctx, '2004-4th', true);
  await sc.assertClean(ctx, 'end');
  await ctx.page.close();
});

test('relaunch after completion: on its own and in the same attempt the course shows as completed; a new attempt starts empty', async (t) => {
  await t.test('no LMS (localStorage): passed, exited, reopened', async () => {
    const page = await context.newPage();
    const launchUrl = pkg('local-end', pk.fixtureCourseData({ scorm_version: '2004-4th', tracking: QUIZ }));
    await page.goto(server.origin + launchUrl);
    const toc = page.getByRole('navigation', { name: 'Table of contents' });
    await toc.getByRole('link', { name: /^Final quiz/ }).click();
    await sc.answerQuiz(page, 'correct');
    await sc.submit(page);
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.getByRole('button', { name: 'Leave the course' }).click();
    await page.getByRole('heading', { name: 'You have left the course' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
    await page.getByText('You passed the course.').waitFor();
    await toc.getByRole('link', { name: 'Final quiz (viewed, 100%, passed)' }).waitFor();
    await toc.getByRole('link', { name: 'Welcome (viewed)' }).waitFor();
    // Review stays possible: the quiz shows the learner's answers and result.
    await toc.getByRole('link', { name: /^Final quiz/ }).click();
    assert.equal(await page.getByRole('radio', { name: 'Blue circle' }).isChecked(), true);
    await page.getByText(/Your score: 100%/).waitFor();
    await page.close();
  });
  await t.test('2004 LMS reopening the same attempt (entry "", review mode, with its data)', async () => {
    const launchUrl = pkg('same-attempt', pk.fixtureCourseData({ scorm_version: '2004-4th', tracking: QUIZ }));
    let ctx = await openLms(context, server.origin, { version: '2004', launch: launchUrl });
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    await sc.exitCourse(ctx);
    const stored = (await lmsState(ctx.page)).finished[0];
    assert.equal(stored['cmi.exit'], 'normal');
    await ctx.page.close();
    const same = {
      'cmi.entry': '', 'cmi.mode': 'review', 'cmi.location': stored['cmi.location'], 'cmi.suspend_data': stored['cmi.suspend_data'],
      'cmi.completion_status': stored['cmi.completion_status'], 'cmi.success_status': stored['cmi.success_status'], 'cmi.score.raw': stored['cmi.score.raw']
    };
    ctx = await openLms(context, server.origin, { version: '2004', launch: launchUrl, cmi: same });
    await ctx.frame.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
    await ctx.frame.getByText('Final quiz: 100%, passed').waitFor();
    await ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link', { name: 'Final quiz (viewed, 100%, passed)' }).waitFor();
    await sc.assertClean(ctx, 'same attempt');
    await ctx.page.close();
    // A new attempt after a normal exit: the LMS hands back no data, the course starts afresh.
    ctx = await openLms(context, server.origin, { version: '2004', launch: launchUrl, cmi: nextLaunchCmi(stored, '2004-4th') });
    await ctx.frame.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
    assert.equal(await ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link', { name: /passed/ }).count(), 0);
    await sc.assertClean(ctx, 'new attempt');
    await ctx.page.close();
  });
  await t.test('1.2 relaunch after passing (lesson_status passed, suspend_data kept)', async () => {
    const launchUrl = pkg('relaunch12', pk.fixtureCourseData({ scorm_version: '1.2', tracking: QUIZ }));
    let ctx = await openLms(context, server.origin, { version: '1.2', launch: launchUrl });
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    await sc.exitCourse(ctx);
    const stored = (await lmsState(ctx.page)).finished[0];
    await ctx.page.close();
    ctx = await openLms(context, server.origin, { version: '1.2', launch: launchUrl, cmi: nextLaunchCmi(stored, '1.2') });
    await ctx.frame.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
    await ctx.frame.getByText('You passed the course.').waitFor();
    const sets = (await lmsState(ctx.page)).sets.filter((x) => x[0] === 'cmi.core.lesson_status');
    assert.deepEqual(sets, [], 'no status rewritten');
    await sc.assertClean(ctx, '1.2 relaunch');
    await ctx.page.close();
  });
});

test('languages: the player\'s words follow course.json language; Arabic is right to left; unknown falls back to English', async (t) => {
  const words = {
    de: { next: 'Weiter', contents: 'Inhalt', submit: 'Absenden', exit: 'Beenden', progress: 'Abschnitt 1 von 5' },
    fr: { next: 'Suivant', contents: 'Sommaire', submit: 'Valider', exit: 'Quitter', progress: 'Section 1 sur 5' },
    es: { next: 'Siguiente', contents: 'Contenido', submit: 'Enviar', exit: 'Salir', progress: 'Sección 1 de 5' },
    ar: { next: 'التالي', contents: 'المحتويات', submit: 'إرسال', exit: 'خروج', progress: 'القسم 1 من 5' },
    'de-CH': { next: 'Weiter', contents: 'Inhalt', submit: 'Absenden', exit: 'Beenden', progress: 'Abschnitt 1 von 5' },
    xx: { next: 'Next', contents: 'Contents', submit: 'Submit', exit: 'Exit', progress: 'Section 1 of 5' }
  };
  for (const [lang, w] of Object.entries(words)) {
    await t.test(lang, async () => {
      const course = pk.fixtureCourse();
      course.language = lang;
      const launchUrl = pkg('lang-' + lang, pk.courseData(course, { scorm_version: '2004-4th', tracking: QUIZ }, pk.FIXTURE));
      const ctx = await openLms(context, server.origin, { version: '2004', launch: launchUrl });
      const f = ctx.frame;
      await f.getByRole('button', { name: w.next }).waitFor();
      await f.getByRole('button', { name: w.exit }).waitFor();
      await f.getByText(w.contents, { exact: true }).waitFor();
      await f.getByText(w.progress).waitFor();
      const attrs = await scoFrame(ctx.page).evaluate(() => ({
        lang: document.documentElement.lang, dir: document.documentElement.dir,
        controlsLang: document.querySelector('.ce-controls').getAttribute('lang')
      }));
      assert.equal(attrs.lang, lang, 'the page has the course language');
      assert.equal(attrs.dir, lang === 'ar' ? 'rtl' : 'ltr');
      // An unknown language: the player's words are English and marked as such.
      assert.equal(attrs.controlsLang, lang === 'xx' ? 'en' : null);
      await f.getByRole('navigation').getByRole('link').last().click();
      await f.getByRole('button', { name: w.submit }).waitFor();
      if (lang === 'ar') {
        for (const width of WIDTHS) {
          await ctx.page.setViewportSize({ width, height: 760 });
          await assertNoPageScroll(ctx, 'rtl ' + width);
        }
        await ctx.page.setViewportSize({ width: 390, height: 760 });
        // Right to left: Previous sits on the right of Next.
        const pos = await scoFrame(ctx.page).evaluate(() => {
          const b = [...document.querySelectorAll('.ce-controls button')];
          return b.map((x) => x.getBoundingClientRect().left);
        });
        assert.ok(pos[0] > pos[1], 'rtl order of the controls');
        await shot(ctx, 'rtl-390-quiz');
        await axe(ctx, 'rtl quiz');
        await gotoSection(ctx, 0);
        await shot(ctx, 'rtl-390-section');
        await axe(ctx, 'rtl section');
        await ctx.page.setViewportSize({ width: 1280, height: 800 });
      }
      await sc.assertClean(ctx, 'lang ' + lang);
      await ctx.page.close();
    });
  }
});

test('big course: the table of contents filters, keeps the current entry in view and stays bounded on a phone', async () => {
  const data = pk.courseData(pk.largeCourse(1000, 30), { scorm_version: '2004-4th' });
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('big', data) });
  const f = ctx.frame;
  const toc = f.getByRole('navigation', { name: 'Table of contents' });
  // Next ten times: the current entry stays visible inside the contents' own scroll box.
  await gotoSection(ctx, 400);
  const inView = () => scoFrame(ctx.page).evaluate(() => {
    const a = document.querySelector('.ce-toc a[aria-current="page"]');
    const nav = document.querySelector('.ce-toc');
    const r = a.getBoundingClientRect();
    const n = nav.getBoundingClientRect();
    return r.top >= n.top - 1 && r.bottom <= n.bottom + 1;
  });
  assert.equal(await inView(), true, 'desktop: the current entry is in view after a jump');
  for (let i = 0; i < 3; i++) await f.getByRole('button', { name: 'Next' }).click();
  assert.equal(await inView(), true, 'desktop: in view after Next');
  // Filter.
  const filter = toc.getByRole('searchbox', { name: 'Filter sections' });
  await filter.fill('Section 99');
  const matching = data.sections.filter((s) => s.title.toLowerCase().includes('section 99')).length;
  assert.ok(matching > 1);
  await toc.getByText(`${matching} of 1000 sections shown`).waitFor();
  assert.equal(await toc.getByRole('link').count(), matching);
  await filter.fill('');
  // Phone: the open list is bounded and scrolls on its own.
  await ctx.page.setViewportSize({ width: 390, height: 760 });
  await toc.getByRole('button', { name: 'Show contents' }).click();
  const box = await scoFrame(ctx.page).evaluate(() => {
    const b = document.querySelector('.ce-toc-body');
    const a = document.querySelector('.ce-toc a[aria-current="page"]').getBoundingClientRect();
    const r = b.getBoundingClientRect();
    return { height: r.height, vh: window.innerHeight, scrolls: b.scrollHeight > b.clientHeight, inView: a.top >= r.top - 1 && a.bottom <= r.bottom + 1 };
  });
  assert.ok(box.height <= box.vh * 0.6 + 1, 'bounded: ' + JSON.stringify(box));
  assert.equal(box.scrolls, true);
  assert.equal(box.inView, true, 'phone: the current entry is in view when the list opens');
  await shot(ctx, 'big-390-toc');
  await axe(ctx, 'big course, contents open with filter');
  await sc.assertClean(ctx, 'big');
  await ctx.page.close();
});

test('dark mode, print, and the debug shortcut (AltGr+D types, Ctrl+Alt+D opens the log in view)', async () => {
  const launchUrl = pkg('debug-dark', pk.fixtureCourseData({ scorm_version: '2004-4th', tracking: QUIZ, debug: true }));
  const ctx = await openLms(context, server.origin, { version: '2004', launch: launchUrl });
  const f = ctx.frame;
  await ctx.page.emulateMedia({ colorScheme: 'dark' });
  const bg = await scoFrame(ctx.page).evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)', 'dark background');
  await ctx.page.setViewportSize({ width: 390, height: 760 });
  await shot(ctx, 'dark-390-section');
  await axe(ctx, 'dark content section');
  await gotoSection(ctx, 4);
  await sc.answerQuiz(f, 'partial');
  await sc.submit(f);
  await shot(ctx, 'dark-390-feedback');
  await axe(ctx, 'dark quiz feedback');
  await ctx.page.emulateMedia({ colorScheme: 'light' });
  // Print: no controls, no focus outline (a focused text field has one on screen).
  await sc.retry(f);
  const field = f.getByRole('textbox', { name: 'What do you wear to protect your head?' });
  await field.focus();
  const looks = () => scoFrame(ctx.page).evaluate(() => ({
    controls: getComputedStyle(document.querySelector('.ce-controls')).display, outline: getComputedStyle(document.activeElement).outlineStyle
  }));
  assert.equal((await looks()).outline, 'solid', 'on screen the focus is outlined');
  await ctx.page.emulateMedia({ media: 'print' });
  assert.deepEqual(await looks(), { controls: 'none', outline: 'none' });
  await ctx.page.emulateMedia({ media: 'screen' });
  // AltGr+D (Ctrl+Alt with AltGraph held, as Windows reports it) is left to the text field.
  const panelHidden = () => scoFrame(ctx.page).evaluate(() => document.getElementById('ce-debug').hidden);
  const prevented = await field.evaluate((input) => {
    const ev = new KeyboardEvent('keydown', { key: 'đ', code: 'KeyD', ctrlKey: true, altKey: true, bubbles: true, cancelable: true, modifierAltGraph: true });
    input.dispatchEvent(ev);
    return ev.defaultPrevented;
  });
  assert.equal(prevented, false, 'AltGr+D is not swallowed');
  assert.equal(await panelHidden(), true);
  // Ctrl+Alt+D opens the log, scrolled into view.
  await ctx.page.keyboard.press('Control+Alt+KeyD');
  assert.equal(await panelHidden(), false);
  const visible = await scoFrame(ctx.page).evaluate(() => {
    const r = document.getElementById('ce-debug').getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  });
  assert.equal(visible, true, 'the opened log is in view');
  await shot(ctx, 'debug-390-open');
  await sc.assertClean(ctx, 'dark/print/debug');
  await ctx.page.close();
});

test('images open full size on tap at 390 px: a dialog with the image, Esc and Close return to it', async () => {
  const ctx = await openLms(context, server.origin, { version: '2004', launch: pkg('reflow', sampleData(), path.join(pk.SAMPLE, 'media')) });
  await ctx.page.setViewportSize({ width: 390, height: 760 });
  const count = await scoFrame(ctx.page).evaluate(() => window.__coursePlayer.model.sections.length);
  let index = -1;
  for (let i = 0; i < count && index < 0; i++) {
    await gotoSection(ctx, i);
    if (await scoFrame(ctx.page).evaluate(() => !!document.querySelector('.ce-content button.ce-zoom img'))) index = i;
  }
  assert.ok(index >= 0, 'the sample course has an image to enlarge');
  const zoom = ctx.frame.locator('.ce-content button.ce-zoom').first();
  const name = await zoom.getAttribute('aria-label');
  assert.match(name, /^Show the image full size/);
  await zoom.scrollIntoViewIfNeeded();
  await zoom.tap().catch(() => zoom.click());
  const dialog = ctx.frame.getByRole('dialog');
  await dialog.waitFor();
  const sizes = await scoFrame(ctx.page).evaluate(() => {
    const big = document.querySelector('.ce-lightbox img');
    const small = document.querySelector('.ce-content button.ce-zoom img');
    return { big: big.getBoundingClientRect().width, small: small.getBoundingClientRect().width, natural: big.naturalWidth };
  });
  assert.ok(sizes.big >= sizes.small, 'full size is not smaller: ' + JSON.stringify(sizes));
  await axe(ctx, 'image dialog');
  await ctx.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await scoFrame(ctx.page).evaluate(() => document.activeElement.className), 'ce-zoom', 'focus returns to the image');
  await zoom.click();
  await ctx.frame.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  await ctx.page.close();
});

test('captions, transcripts and posters in a package exported by the CLI: tracks load, the poster frame taken with ffmpeg shows, transcripts read the cues', async () => {
  if (!fs.existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: run \`cargo build --no-default-features\` first (or set COURSE_EXPORT_BIN)`);
  }
  // A course with a video that has captions in two languages and no image beside it (so the
  // export takes a poster frame with ffmpeg), and an audio file with captions.
  const course = path.join(tmp, 'companions-course');
  fs.mkdirSync(path.join(course, 'media'), { recursive: true });
  fs.copyFileSync(path.join(pk.SAMPLE, 'media', 'walk-through.mp4'), path.join(course, 'media', 'tour.mp4'));
  fs.copyFileSync(path.join(pk.SAMPLE, 'media', 'briefing.m4a'), path.join(course, 'media', 'briefing.m4a'));
  const vtt = (lines) => 'WEBVTT\n\n' + lines.map((l, i) => `00:0${i}.000 --> 00:0${i + 1}.000\n${l}\n`).join('\n');
  fs.writeFileSync(path.join(course, 'media', 'tour.vtt'), vtt(['Keep the aisle clear.', 'Report <b>spills</b> at once.']));
  fs.writeFileSync(path.join(course, 'media', 'tour.de.vtt'), vtt(['Halten Sie den Gang frei.']));
  fs.writeFileSync(path.join(course, 'media', 'briefing.vtt'), vtt(['Welcome to the site briefing.']));
  fs.writeFileSync(path.join(course, 'watch.md'), '# Watch\n\n![The aisle tour](media/tour.mp4)\n\n![The briefing](media/briefing.m4a)\n');
  fs.writeFileSync(path.join(course, 'course.json'), JSON.stringify({
    title: 'Companions', language: 'en', sections: [{ id: 'watch', title: 'Watch', file: 'watch.md' }]
  }));
  const name = 'companions';
  pk.exportWithCli(BIN, path.join(tmp, name), ['--scorm-version', '2004-4th'], course);
  assert.ok(fs.existsSync(path.join(tmp, name, 'media', 'tour.poster.jpg')), 'the poster frame is packaged');

  const ctx = await openLms(context, server.origin, { version: '2004', launch: `/pkg/${name}/index.html` });
  for (const width of [390, 1280]) {
    await ctx.page.setViewportSize({ width, height: 760 });
    const f = scoFrame(ctx.page);
    await f.waitForSelector('video');
    const r = await f.evaluate(async () => {
      const video = document.querySelector('video');
      const tracks = [...video.querySelectorAll('track')];
      // A track loads once it is shown or hidden; the default one is showing already.
      for (const t of tracks) if (t.track.mode === 'disabled') t.track.mode = 'hidden';
      const loaded = await Promise.all(tracks.map((t) => t.readyState === 2 ? 2 : new Promise((resolve) => {
        t.addEventListener('load', () => resolve(t.readyState));
        t.addEventListener('error', () => resolve(t.readyState));
        setTimeout(() => resolve(t.readyState), 5000);
      })));
      const img = new Image();
      img.src = video.poster;
      const poster = await img.decode().then(() => img.naturalWidth, () => 0);
      const transcripts = [...document.querySelectorAll('details.transcript')].map((d) => [...d.querySelectorAll('p')].map((p) => p.textContent).join(' '));
      return {
        tracks: tracks.map((t) => [t.srclang, t.default]), loaded,
        cues: tracks.map((t) => t.track.cues ? t.track.cues.length : -1),
        posterSrc: video.getAttribute('poster'), poster, transcripts,
        audioTracks: document.querySelectorAll('audio track').length,
        scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth
      };
    });
    assert.deepEqual(r.tracks, [['en', true], ['de', false]], 'the course language first, as the default');
    assert.deepEqual(r.loaded, [2, 2], 'both caption files load (readyState 2)');
    assert.deepEqual(r.cues, [2, 1], 'the cues of each file');
    assert.equal(r.posterSrc, 'media/tour.poster.jpg');
    assert.equal(r.poster, 640, 'the poster frame decodes, at the video\'s width');
    assert.equal(r.audioTracks, 0, 'audio gets a transcript, not tracks');
    assert.equal(r.transcripts.length, 2, 'a transcript under the video and under the audio');
    assert.equal(r.transcripts[0], 'Keep the aisle clear. Report spills at once.');
    assert.equal(r.transcripts[1], 'Welcome to the site briefing.');
    assert.ok(r.scrollWidth <= r.clientWidth, `${width} px: page ${r.scrollWidth} px wide`);
    await shot(ctx, `companions-${width}`);
  }
  await axe(ctx, 'video with captions, poster and transcripts');
  await sc.assertClean(ctx, 'companions');
  await ctx.page.close();
});
