'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, courseData, allTypesQuiz } = require('./helpers.js');

const quiz = player.buildModel(courseData({ sections: 1, quizzes: [allTypesQuiz('final-quiz')] }), '').quizzes[0];
const NOW = new Date(Date.UTC(2026, 10, 25, 10, 0, 0));
const fields = (q, version, answer, correct) => Object.fromEntries(
  player.interactionFields(q, { version, answer, correct, latencyMs: 65500, now: NOW, objectiveId: 'final-quiz' }));
const order = (q, version, answer) => player.interactionFields(q, { version, answer, correct: true, latencyMs: 1, now: NOW, objectiveId: 'o' }).map((f) => f[0]);

test('id and type come first (2004 error 408 otherwise)', () => {
  for (const v of ['1.2', '2004-4th']) {
    for (const q of quiz.questions) {
      const o = order(q, v, [0]);
      assert.deepEqual(o.slice(0, 2), ['id', 'type']);
    }
  }
});

test('1.2 choice responses are single characters, result wrong', () => {
  const [q1, q2, q3, q4, q5] = quiz.questions;
  let f = fields(q1, '1.2', [0], false);
  assert.equal(f.id, 'final-quiz_q1');
  assert.equal(f.type, 'choice');
  assert.equal(f.student_response, 'a');
  assert.equal(f['correct_responses.0.pattern'], 'b');
  assert.equal(f.result, 'wrong');
  assert.equal(f.weighting, '1');
  assert.equal(f.latency, '0000:01:05.50');
  assert.match(f.time, /^\d\d:\d\d:\d\d$/);
  assert.equal(f['objectives.0.id'], 'final-quiz');
  assert.equal(f.learner_response, undefined);
  assert.equal(f.timestamp, undefined);
  assert.equal(f.description, undefined);

  f = fields(q2, '1.2', [2, 0], true);
  assert.equal(f.student_response, 'a,c');
  assert.equal(f['correct_responses.0.pattern'], 'a,c');
  assert.equal(f.result, 'correct');
  assert.equal(f.weighting, '2');

  f = fields(q3, '1.2', [0], true);
  assert.equal(f.type, 'true-false');
  assert.equal(f.student_response, 't');
  assert.equal(f['correct_responses.0.pattern'], 't');

  f = fields(q4, '1.2', ' Hard hat ', true);
  assert.equal(f.type, 'fill-in');
  assert.equal(f.student_response, 'Hard hat');
  assert.equal(f['correct_responses.0.pattern'], 'helmet');
  assert.equal(f['correct_responses.1.pattern'], 'hard hat');

  f = fields(q5, '1.2', '42', true);
  assert.equal(f.type, 'numeric');
  assert.equal(f.student_response, '42');
  // 1.2 has no range pattern: none is written for "40:45".
  assert.equal(f['correct_responses.0.pattern'], undefined);
  const exact = player.normalizeQuestion({ id: 'n', type: 'numeric', prompt: 'p', correct: ['42'] });
  exact.sectionId = 'quiz';
  assert.equal(fields(exact, '1.2', '41', false)['correct_responses.0.pattern'], '42');
});

test('2004 formats: [,] delimiters, numeric min[:]max, result incorrect, timestamp and description', () => {
  const [q1, q2, q3, q4, q5] = quiz.questions;
  let f = fields(q1, '2004-4th', [0], false);
  assert.equal(f.type, 'choice');
  assert.equal(f.learner_response, 'A');
  assert.equal(f['correct_responses.0.pattern'], 'B');
  assert.equal(f.result, 'incorrect');
  assert.equal(f.latency, 'PT1M5.5S');
  assert.equal(f.timestamp, '2026-11-25T10:00:00.0Z');
  assert.equal(f.description, 'Pick B');
  assert.equal(f.student_response, undefined);

  f = fields(q2, '2004-3rd', [0, 2], true);
  assert.equal(f.learner_response, 'A[,]C');
  assert.equal(f['correct_responses.0.pattern'], 'A[,]C');

  f = fields(q3, '2004-4th', [1], false);
  assert.equal(f.learner_response, 'false');
  assert.equal(f['correct_responses.0.pattern'], 'true');

  f = fields(q4, '2004-4th', 'helmet', true);
  assert.equal(f.learner_response, 'helmet');
  assert.equal(f['correct_responses.0.pattern'], '{case_matters=false}helmet');
  assert.equal(f['correct_responses.1.pattern'], '{case_matters=false}hard hat');

  f = fields(q5, '2004-4th', '42.50', true);
  assert.equal(f.learner_response, '42.5');
  assert.equal(f['correct_responses.0.pattern'], '40[:]45');
  const exact = player.normalizeQuestion({ id: 'n', type: 'numeric', prompt: 'p', correct: ['42', '43'] });
  exact.sectionId = 'quiz';
  const fe = fields(exact, '2004-4th', '1', false);
  assert.equal(fe['correct_responses.0.pattern'], '42[:]42');
  assert.equal(fe['correct_responses.1.pattern'], undefined);
});

test('2004 option identifiers are unique short identifiers', () => {
  const q = player.normalizeQuestion({ id: 'c', type: 'single-choice', prompt: 'p', options: ['Hard hat!', 'hard-hat', '', '\u00c9t\u00e9', '???'], correct: ['???'] });
  const ids = player.optionIds2004(q);
  assert.equal(new Set(ids.map((x) => x.toLowerCase())).size, ids.length);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_]{1,250}$/);
  assert.deepEqual(ids.slice(0, 2), ['Hard_hat', 'hard_hat_2']);
});

test('delimiters inside learner text cannot break the 2004 format', () => {
  const q4 = quiz.questions[3];
  const f = fields(q4, '2004-4th', '{lang=en}a[,]b', false);
  assert.ok(!f.learner_response.includes('[,]'));
  assert.ok(!f.learner_response.startsWith('{'));
});

test('1.2 choice questions with more than 36 options send no response pattern', () => {
  const opts = Array.from({ length: 40 }, (_, i) => 'o' + i);
  const q = player.normalizeQuestion({ id: 'c', type: 'single-choice', prompt: 'p', options: opts, correct: ['o39'] });
  q.sectionId = 's';
  const f = fields(q, '1.2', [39], true);
  assert.equal(f.student_response, '');
  assert.equal(f['correct_responses.0.pattern'], undefined);
});

test('1.2 weighting stays within -100..100', () => {
  const q = player.normalizeQuestion({ id: 'w', type: 'true-false', prompt: 'p', correct: [true], weight: 250 });
  q.sectionId = 's';
  assert.equal(fields(q, '1.2', [0], true).weighting, '100');
  assert.equal(fields(q, '2004-4th', [0], true).weighting, '250');
});
