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
const player = require(path.join(pk.ROOT, 'assets', 'player', 'player.js'));

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

test('status tables: every version x format x event (start, fail, pass, fail after pass, viewed)', { concurrency: 3 }, async (t) => {
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
