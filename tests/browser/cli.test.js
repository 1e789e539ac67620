'use strict';
// The same learner scenarios on packages exported by the real CLI from the fixture course
// (tests/fixtures/browser-course). This file builds nothing: it calls the binary given by
// COURSE_EXPORT_BIN (default target/debug/course-export).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start } = require('./lib/server.js');
const { launch, openLms, cmi, lmsState } = require('./lib/browser.js');
const pk = require('./lib/package.js');
const sc = require('./lib/scenarios.js');

const BIN = process.env.COURSE_EXPORT_BIN
  ? path.resolve(process.env.COURSE_EXPORT_BIN)
  : path.join(pk.ROOT, 'target', 'debug', 'course-export');
const VERSIONS = ['1.2', '2004-3rd', '2004-4th'];
const FORMATS = Object.keys(pk.STATUS_TABLE.formats);

let tmp; let server; let browser; let context;
let exported = 0;

/** Export the fixture course with these CLI flags, unzip it; returns the URL base of the package. */
function cliPackage(args) {
  const name = 'cli-' + (exported++);
  pk.exportWithCli(BIN, path.join(tmp, name), args);
  return `/pkg/${name}/`;
}

test.before(async () => {
  if (!fs.existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: run \`cargo build --no-default-features\` first (or set COURSE_EXPORT_BIN)`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-export-cli-'));
  server = await start(tmp);
  browser = await launch();
  context = browser.context;
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the CLI package has the contract layout and embeds the current player', () => {
  const base = cliPackage(['--scorm-version', '2004-4th']);
  const dir = path.join(tmp, base.split('/')[2]);
  for (const f of ['imsmanifest.xml', 'index.html', 'player/player.js', 'player/player.css', 'content/course-data.js']) {
    assert.ok(fs.existsSync(path.join(dir, f)), f + ' in the package');
  }
  const current = { 'player.js': Buffer.from(pk.playerJs()), 'player.css': fs.readFileSync(path.join(pk.ROOT, 'assets', 'player', 'player.css')) };
  for (const f of ['player.js', 'player.css']) {
    assert.ok(fs.readFileSync(path.join(dir, 'player', f)).equals(current[f]),
      `player/${f} differs from assets/player/ (${f === 'player.js' ? 'js/*.js joined' : f}): the binary embeds an older player, run \`cargo build --no-default-features\``);
  }
  assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), pk.launchPage('en', ''));
  const js = fs.readFileSync(path.join(dir, 'content', 'course-data.js'), 'utf8');
  const m = /^window\.COURSE_DATA = ([\s\S]*);\s*$/.exec(js);
  assert.ok(m, 'content/course-data.js is `window.COURSE_DATA = {...};`');
  const data = JSON.parse(m[1]);
  assert.deepEqual(data.status_table, pk.STATUS_TABLE);
  assert.deepEqual(data.scos, [{ id: '', sections: ['intro', 'hazards', 'ppe', 'summary', 'final-quiz'] }]);
  const tf = data.sections[4].quiz.questions.find((q) => q.type === 'true-false');
  assert.deepEqual(tf.options, ['True', 'False']);
  assert.deepEqual(tf.correct, ['False']);
});

test('CLI packages: every version x format x event', { concurrency: 3 }, async (t) => {
  const jobs = [];
  for (const version of VERSIONS) {
    for (const format of FORMATS) {
      const common = ['--scorm-version', version, '--status-format', format];
      const q = cliPackage(common.concat(['--tracking', 'quiz-results', '--final-quiz', 'final-quiz', '--score-format', 'percentage']));
      jobs.push(t.test(`${version} ${format}: start, fail, pass, no downgrade`, () => sc.quizSequence(context, server.origin, {
        version, format, scoreFormat: 'percentage', launch: q + 'index.html'
      })));
      const pointsArgs = common.concat(['--tracking', 'quiz-results', '--final-quiz', 'final-quiz', '--score-format', 'points']);
      if (format === 'passed-failed') {
        // The fixture's final quiz weighs one question double. With Points + Passed / Failed the
        // LMS judges the pass from correct answers / questions, which would contradict the quiz's
        // weighted pass mark: the engine refuses that export with a message.
        jobs.push(t.test(`${version} ${format}: points with weighted questions is refused`, () => {
          assert.throws(() => pk.exportWithCli(BIN, path.join(tmp, `refused-${version}`), pointsArgs),
            (e) => /score_format/.test(String(e.stderr)) && /weighs its questions/.test(String(e.stderr)));
        }));
      } else {
        const p = cliPackage(pointsArgs);
        jobs.push(t.test(`${version} ${format}: pass at the first attempt (points)`, () => sc.quizPassFirstTime(context, server.origin, {
          version, format, scoreFormat: 'points', launch: p + 'index.html'
        })));
      }
      // Formats whose "viewed" row is not applicable need a final quiz: the engine refuses them
      // with course completion (the helper-built packages in player.test.js cover the player side).
      const viewed = pk.STATUS_TABLE.formats[format].viewed;
      if (viewed.completion == null && viewed.success == null) continue;
      const v = cliPackage(common.concat(['--tracking', 'course-completion', '--pass-threshold', '60']));
      jobs.push(t.test(`${version} ${format}: viewed threshold 60%`, () => sc.viewedThreshold(context, server.origin, {
        version, format, launch: v + 'index.html'
      })));
    }
  }
  await Promise.all(jobs);
});

test('CLI packages: resume', { concurrency: 3 }, async (t) => {
  await Promise.all(VERSIONS.map((version) => t.test(version, () => sc.resume(context, server.origin, {
    version, launch: cliPackage(['--scorm-version', version, '--tracking', 'quiz-results', '--final-quiz', 'final-quiz']) + 'index.html'
  }))));
});

test('CLI packages: unload-only saving and extended analytics', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, async () => {
    const n = sc.names(version);
    const base = cliPackage(['--scorm-version', version, '--save-on', 'unload', '--extended-analytics', 'yes',
      '--tracking', 'quiz-results', '--final-quiz', 'final-quiz']);
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: base + 'index.html' });
    const before = (await lmsState(ctx.page)).commits.length;
    await ctx.frame.getByRole('button', { name: 'Next' }).click();
    await ctx.frame.getByRole('heading', { level: 1, name: 'Spotting hazards' }).waitFor();
    assert.equal((await lmsState(ctx.page)).commits.length, before);
    await sc.openSection(ctx.frame, 'Final quiz');
    await sc.answerQuiz(ctx.frame, 'partial');
    await sc.submit(ctx.frame);
    const st = await lmsState(ctx.page);
    const c = st.commits[st.commits.length - 1];
    assert.equal(c['cmi.interactions.1.id'], 'final-quiz_q-hazards');
    assert.equal(c['cmi.interactions.1.result'], version === '1.2' ? 'wrong' : 'incorrect');
    assert.equal(c['cmi.interactions.0.result'], 'correct');
    assert.equal(c['cmi.objectives.0.id'], 'final-quiz');
    assert.equal(await cmi(ctx.page, n.raw), '67');
    await ctx.page.evaluate(() => window.closeSco());
    await ctx.page.waitForFunction(() => window.lms.finished.length === 1);
    assert.equal((await lmsState(ctx.page)).finished[0][n.location], 'final-quiz');
    await sc.assertClean(ctx, 'cli unload ' + version);
    await ctx.page.close();
  })));
});

test('CLI packages: multi export with Passed / Failed: content SCOs complete when viewed', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, async () => {
    const base = cliPackage(['--scorm-version', version, '--multi', '--tracking', 'quiz-results', '--final-quiz', 'final-quiz',
      '--status-format', 'passed-failed']);
    const ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: base + 'sco-ppe.html' });
    await ctx.frame.getByRole('heading', { level: 1, name: 'Protective equipment' }).waitFor();
    // Only the final quiz can pass or fail: a content SCO uses Passed / In progress and is
    // completed (and passed) once viewed, instead of staying incomplete forever.
    await sc.assertStatus(ctx.page, version, 'passed-incomplete', ['start', 'viewed'], 'multi passed-failed content');
    await sc.assertClean(ctx, 'multi passed-failed content');
    await ctx.page.close();
  })));
});

test('CLI packages: multi export, one SCO per section', { concurrency: 2 }, async (t) => {
  await Promise.all(['1.2', '2004-4th'].map((version) => t.test(version, async () => {
    const base = cliPackage(['--scorm-version', version, '--multi', '--tracking', 'quiz-results', '--final-quiz', 'final-quiz']);
    const dir = path.join(tmp, base.split('/')[2]);
    for (const id of ['intro', 'hazards', 'ppe', 'summary', 'final-quiz']) assert.ok(fs.existsSync(path.join(dir, `sco-${id}.html`)));
    let ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: base + 'sco-final-quiz.html' });
    assert.equal(await ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link').count(), 1);
    await sc.answerQuiz(ctx.frame, 'correct');
    await sc.submit(ctx.frame);
    await sc.assertStatus(ctx.page, version, 'passed-incomplete', ['start', 'pass'], 'cli multi quiz');
    await sc.exitCourse(ctx);
    await sc.assertTerminated(ctx, version, true);
    await sc.assertClean(ctx, 'cli multi quiz');
    await ctx.page.close();
    ctx = await openLms(context, server.origin, { version: sc.apiVersion(version), launch: base + 'sco-ppe.html' });
    await ctx.frame.getByRole('heading', { level: 1, name: 'Protective equipment' }).waitFor();
    assert.equal(await ctx.frame.getByRole('navigation', { name: 'Table of contents' }).getByRole('link').count(), 1);
    await sc.assertStatus(ctx.page, version, 'passed-incomplete', ['start', 'viewed'], 'cli multi content');
    await sc.assertClean(ctx, 'cli multi content');
    await ctx.page.close();
  })));
});

test('CLI packages: debug on with an LMS whose Commit fails', async () => {
  const base = cliPackage(['--scorm-version', '2004-3rd', '--debug', 'yes']);
  const ctx = await openLms(context, server.origin, { version: '2004', launch: base + 'index.html', commitFails: true });
  await ctx.frame.getByText(/Progress not saved/).waitFor();
  await ctx.frame.getByRole('complementary', { name: 'SCORM debug log' }).waitFor();
  await ctx.frame.getByRole('button', { name: 'Next' }).click();
  await sc.exitCourse(ctx);
  assert.deepEqual(ctx.pageErrors, []);
  await ctx.page.close();
});

test('CLI export of the sample course: no page wider than the viewport on any section at 320, 390 and 1280 px; one H1 each', async () => {
  const name = 'cli-sample';
  pk.exportWithCli(BIN, path.join(tmp, name), ['--scorm-version', '2004-4th', '--tracking', 'quiz-results', '--final-quiz', 'final-quiz'], pk.SAMPLE);
  const ctx = await openLms(context, server.origin, { version: '2004', launch: `/pkg/${name}/index.html` });
  const frame = () => ctx.page.frames().find((f) => f.url().includes('/pkg/'));
  const count = await frame().evaluate(() => window.__coursePlayer.model.sections.length);
  assert.ok(count >= 10, 'the sample course has its sections');
  for (const width of [320, 390, 1280]) {
    await ctx.page.setViewportSize({ width, height: 760 });
    for (let i = 0; i < count; i++) {
      await frame().evaluate((k) => window.__coursePlayer.go(k), i);
      const r = await frame().evaluate(() => ({
        title: document.querySelector('h1').textContent, h1: document.querySelectorAll('h1').length,
        scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth
      }));
      assert.ok(r.scrollWidth <= r.width, `${width} px, ${r.title}: page ${r.scrollWidth} px wide`);
      assert.equal(r.h1, 1, `${width} px, ${r.title}: one H1`);
    }
  }
  await sc.assertClean(ctx, 'cli sample reflow');
  await ctx.page.close();
});
