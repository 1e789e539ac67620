'use strict';
// Shared helpers for the player unit tests (not a test file itself).
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..', '..');
const PLAYER_JS_DIR = path.join(ROOT, 'assets', 'player', 'js');
/**
 * The player's parts in load order, read from src/engine/player_assets.rs, which joins them into
 * the package's player/player.js at compile time: the one list (tests/browser/lib/package.js reads
 * it too).
 */
function playerParts() {
  const rs = fs.readFileSync(path.join(ROOT, 'src', 'engine', 'player_assets.rs'), 'utf8');
  const m = /pub const PLAYER_JS: &str = concat!\(([\s\S]*?)\);/.exec(rs);
  if (!m) throw new Error('src/engine/player_assets.rs: no `PLAYER_JS = concat!(...)`');
  return [...m[1].matchAll(/include_str!\("\.\.\/\.\.\/assets\/player\/js\/([\w.-]+)"\)/g)].map((x) => x[1]);
}
const PLAYER_PARTS = playerParts();
/** The package's player/player.js: the parts joined as concat! joins them. */
const playerJs = () => PLAYER_PARTS.map((f) => fs.readFileSync(path.join(PLAYER_JS_DIR, f), 'utf8')).join('');
// Each part requires the one before it and exports the namespace so far: the last part is all of it.
const player = require(path.join(PLAYER_JS_DIR, PLAYER_PARTS[PLAYER_PARTS.length - 1]));
const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'player', 'status-table.json'), 'utf8'));
const FORMATS = Object.keys(table.formats);
const VERSIONS = ['1.2', '2004-3rd', '2004-4th'];

/** A COURSE_DATA-shaped object with `n` content sections and the given quizzes. */
function courseData(opts) {
  const o = Object.assign({ sections: 3, quizzes: [], version: '2004-4th' }, opts);
  const sections = [];
  for (let i = 0; i < o.sections; i++) {
    sections.push({ id: 's' + i, title: 'Section ' + i, kind: 'content', html: '<p>Section ' + i + '</p>' });
  }
  o.quizzes.forEach((qz) => sections.push({ id: qz.id, title: qz.title || qz.id, kind: 'quiz', quiz: { pass_threshold_percent: qz.pass, questions: qz.questions } }));
  return {
    format: 1,
    title: 'Test course',
    language: 'en',
    scorm_version: o.version,
    export_mode: 'single',
    extended_analytics: true,
    tracking: o.tracking || { mode: 'course-completion', pass_threshold_percent: 100 },
    status_format: o.statusFormat || 'passed-incomplete',
    save_on: ['navigation', 'unload'],
    save_interval_seconds: 30,
    debug: false,
    status_table: table,
    sections,
    scos: [{ id: '', sections: sections.map((s) => s.id) }]
  };
}

/** Five questions, one of each type. */
function allTypesQuiz(id) {
  return {
    id: id || 'final-quiz',
    pass: 80,
    questions: [
      { id: 'q1', type: 'single-choice', prompt: 'Pick B', options: ['A', 'B', 'C'], correct: ['B'], weight: 1 },
      { id: 'q2', type: 'multiple-choice', prompt: 'Pick A and C', options: ['A', 'B', 'C'], correct: ['A', 'C'], weight: 2 },
      { id: 'q3', type: 'true-false', prompt: 'True?', options: ['True', 'False'], correct: ['True'], weight: 1 },
      { id: 'q4', type: 'fill-in', prompt: 'Head protection?', correct: ['helmet', 'hard hat'], weight: 1 },
      { id: 'q5', type: 'numeric', prompt: 'Answer?', correct: ['40:45'], weight: 1 }
    ]
  };
}

module.exports = { ROOT, PLAYER_JS_DIR, PLAYER_PARTS, playerJs, player, table, FORMATS, VERSIONS, courseData, allTypesQuiz };
