'use strict';
// Shared helpers for the player unit tests (not a test file itself).
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..', '..');
const player = require(path.join(ROOT, 'assets', 'player', 'player.js'));
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

module.exports = { ROOT, player, table, FORMATS, VERSIONS, courseData, allTypesQuiz };
