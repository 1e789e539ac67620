'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, courseData, allTypesQuiz } = require('./helpers.js');

function model(quizExtra, questionExtra) {
  const qz = allTypesQuiz();
  const data = courseData({ quizzes: [qz], tracking: { mode: 'quiz-results', final_quiz: 'final-quiz', score_format: 'percentage' } });
  const sec = data.sections.find((s) => s.kind === 'quiz');
  Object.assign(sec.quiz, quizExtra || {});
  if (questionExtra) Object.assign(sec.quiz.questions[0], questionExtra);
  return player.buildModel(data, '');
}

test('optional quiz fields: absent = correct answers shown, unlimited attempts, no explanation', () => {
  const m = model();
  assert.equal(m.quizzes[0].showCorrectAnswers, true);
  assert.equal(m.quizzes[0].maxAttempts, null);
  assert.equal(m.questions[0].explanation, '');
  assert.equal(player.attemptsLeft(m.quizzes[0], { attempts: 99 }), Infinity);
});

test('optional quiz fields: show_correct_answers false, max_attempts, explanation', () => {
  const m = model({ show_correct_answers: false, max_attempts: 3 }, { explanation: 'Because B.' });
  assert.equal(m.quizzes[0].showCorrectAnswers, false);
  assert.equal(m.quizzes[0].maxAttempts, 3);
  assert.equal(m.questions[0].explanation, 'Because B.');
  assert.equal(player.attemptsLeft(m.quizzes[0], { attempts: 0 }), 3);
  assert.equal(player.attemptsLeft(m.quizzes[0], { attempts: 3 }), 0);
  assert.equal(player.attemptsLeft(m.quizzes[0], { attempts: 5 }), 0);
  // Nonsense limits mean "no limit" rather than a locked quiz.
  assert.equal(model({ max_attempts: 0 }).quizzes[0].maxAttempts, null);
  assert.equal(model({ max_attempts: 'x' }).quizzes[0].maxAttempts, null);
});

test('the optional fields do not change the saved-state signature (older suspend_data stays valid)', () => {
  assert.equal(model().signature, model({ show_correct_answers: false, max_attempts: 2 }, { explanation: 'x' }).signature);
});

test('unansweredQuestions names the questions without an answer', () => {
  const m = model();
  const qz = m.quizzes[0];
  assert.deepEqual(player.unansweredQuestions(qz, [null, null, null, null, null]), [0, 1, 2, 3, 4]);
  assert.deepEqual(player.unansweredQuestions(qz, [[1], [], [0], '  ', '42']), [1, 3]);
  assert.deepEqual(player.unansweredQuestions(qz, [[1], [0, 2], [0], 'helmet', '42']), []);
});

test('weightsDiffer', () => {
  const m = model();
  assert.equal(player.weightsDiffer(m.quizzes[0]), true);
  m.quizzes[0].questions.forEach((q) => { q.weight = 1; });
  assert.equal(player.weightsDiffer(m.quizzes[0]), false);
});

test('courseResult: quiz tracking is passed / failed by the final quiz; course completion by the viewed threshold', () => {
  const m = model({ max_attempts: 2 });
  const st = player.emptyState(m);
  assert.equal(player.courseResult(m, st, {}).outcome, 'incomplete');
  st.quizzes[0] = { attempts: 1, best: 40, submitted: true };
  let r = player.courseResult(m, st, {});
  assert.equal(r.outcome, 'failed');
  assert.equal(r.finalQuiz.attemptsLeft, 1);
  assert.equal(r.quizzes[0].passed, false);
  st.quizzes[0] = { attempts: 2, best: 80, submitted: true };
  r = player.courseResult(m, st, {});
  assert.equal(r.outcome, 'passed');
  assert.equal(r.quizzes[0].best, 80);
  // The LMS holds passed although this browser has no saved answers (e.g. review mode).
  assert.equal(player.courseResult(m, player.emptyState(m), { success: 'passed' }).outcome, 'passed');
  const c = player.buildModel(courseData({ sections: 3 }), '');
  const cs = player.emptyState(c);
  cs.viewed = [true, true, false];
  r = player.courseResult(c, cs, {});
  assert.equal(r.outcome, 'incomplete');
  assert.equal(r.viewed, 2);
  assert.equal(r.total, 3);
  cs.achieved = true;
  assert.equal(player.courseResult(c, cs, {}).outcome, 'complete');
  assert.equal(player.courseResult(c, player.emptyState(c), { completion: 'completed' }).outcome, 'complete');
});

test('pointsText: whole numbers as they are, at most two decimals', () => {
  assert.equal(player.pointsText(4), '4');
  assert.equal(player.pointsText(2.5), '2.5');
  assert.equal(player.pointsText(1 / 3), '0.33');
});
