'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, courseData, allTypesQuiz } = require('./helpers.js');

function quizModel(quiz) {
  return player.buildModel(courseData({ sections: 1, quizzes: [quiz || allTypesQuiz()] }), '').quizzes[0];
}

test('choice questions are graded by option text', () => {
  const [q1, q2, q3] = quizModel().questions;
  assert.equal(player.isCorrect(q1, [1]), true);
  assert.equal(player.isCorrect(q1, [0]), false);
  assert.equal(player.isCorrect(q1, [0, 1]), false);
  assert.equal(player.isCorrect(q1, []), false);
  assert.equal(player.isCorrect(q1, null), false);
  assert.equal(player.isCorrect(q2, [2, 0]), true);
  assert.equal(player.isCorrect(q2, [0]), false);
  assert.equal(player.isCorrect(q2, [0, 1, 2]), false);
  assert.equal(player.isCorrect(q3, [0]), true);
  assert.equal(player.isCorrect(q3, [1]), false);
});

test('true-false from course.json booleans and without options', () => {
  const q = player.normalizeQuestion({ id: 'tf', type: 'true-false', prompt: 'p', correct: [false] });
  assert.deepEqual(q.options, ['True', 'False']);
  assert.deepEqual(q.correct, ['False']);
  assert.equal(player.isCorrect(q, [1]), true);
});

test('fill-in: case-insensitive and trimmed, any accepted answer', () => {
  const q4 = quizModel().questions[3];
  assert.equal(player.isCorrect(q4, '  HELMET '), true);
  assert.equal(player.isCorrect(q4, 'Hard Hat'), true);
  assert.equal(player.isCorrect(q4, 'hardhat'), false);
  assert.equal(player.isCorrect(q4, '   '), false);
});

test('numeric: exact values and inclusive min:max ranges', () => {
  const range = quizModel().questions[4];
  assert.equal(player.isCorrect(range, '40'), true);
  assert.equal(player.isCorrect(range, '45'), true);
  assert.equal(player.isCorrect(range, ' 42.5 '), true);
  assert.equal(player.isCorrect(range, '45.01'), false);
  assert.equal(player.isCorrect(range, 'forty'), false);
  const exact = player.normalizeQuestion({ id: 'n', type: 'numeric', prompt: 'p', correct: ['42', 7] });
  assert.equal(player.isCorrect(exact, '42'), true);
  assert.equal(player.isCorrect(exact, '42.0'), true);
  assert.equal(player.isCorrect(exact, '7'), true);
  assert.equal(player.isCorrect(exact, '41.9'), false);
  assert.equal(player.isCorrect(exact, '4 2'), false);
  const neg = player.normalizeQuestion({ id: 'n', type: 'numeric', prompt: 'p', correct: ['-5:-1'] });
  assert.equal(player.isCorrect(neg, '-3'), true);
  assert.equal(player.isCorrect(neg, '3'), false);
});

test('percentage = weighted correct / total weight * 100, rounded; points = correct answers', () => {
  const quiz = quizModel(); // weights 1,2,1,1,1 = 6, pass 80
  const all = [[1], [0, 2], [0], 'helmet', '42'];
  let g = player.gradeQuiz(quiz, all);
  assert.equal(g.percent, 100);
  assert.equal(g.passed, true);
  assert.deepEqual(player.scoreFor(g, 'percentage'), { raw: 100, min: 0, max: 100, scaled: 1 });
  assert.deepEqual(player.scoreFor(g, 'points'), { raw: 5, min: 0, max: 5, scaled: 1 });

  g = player.gradeQuiz(quiz, [[1], [0], [0], 'helmet', '42']); // q2 (weight 2) wrong: 4/6
  assert.equal(g.percent, 67);
  assert.equal(g.correctCount, 4);
  assert.equal(g.passed, false);
  assert.deepEqual(player.scoreFor(g, 'percentage'), { raw: 67, min: 0, max: 100, scaled: 0.67 });
  assert.deepEqual(player.scoreFor(g, 'points'), { raw: 4, min: 0, max: 5, scaled: 0.8 });

  g = player.gradeQuiz(quiz, [[1], [0, 2], [0], 'helmet', '99']); // 5/6 = 83
  assert.equal(g.percent, 83);
  assert.equal(g.passed, true);

  g = player.gradeQuiz(quiz, []);
  assert.equal(g.percent, 0);
  assert.deepEqual(player.scoreFor(g, 'points'), { raw: 0, min: 0, max: 5, scaled: 0 });
});

test('the pass mark is inclusive', () => {
  const quiz = quizModel({ id: 'z', pass: 50, questions: [
    { id: 'a', type: 'true-false', prompt: 'a', correct: ['True'] },
    { id: 'b', type: 'true-false', prompt: 'b', correct: ['True'] }] });
  assert.equal(player.gradeQuiz(quiz, [[0], [1]]).passed, true);
  assert.equal(player.gradeQuiz(quiz, [[1], [1]]).passed, false);
});
