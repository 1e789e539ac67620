'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, courseData, allTypesQuiz } = require('./helpers.js');

/** A course of `sections` sections in total, with `questions` questions spread over quizzes of 10. */
function bigCourse(sections, questions) {
  const quizzes = [];
  const types = ['single-choice', 'multiple-choice', 'true-false', 'fill-in', 'numeric'];
  let q = 0;
  for (let z = 0; q < questions; z++) {
    const qs = [];
    for (let k = 0; k < 10 && q < questions; k++, q++) {
      const type = types[q % types.length];
      const base = { id: 'q' + q, type, prompt: 'Question ' + q, weight: 1 };
      if (type === 'single-choice') Object.assign(base, { options: ['Alpha', 'Beta', 'Gamma', 'Delta'], correct: ['Beta'] });
      if (type === 'multiple-choice') Object.assign(base, { options: ['A', 'B', 'C', 'D', 'E', 'F', 'G'], correct: ['A', 'G'] });
      if (type === 'true-false') Object.assign(base, { options: ['True', 'False'], correct: ['False'] });
      if (type === 'fill-in') Object.assign(base, { correct: ['hard hat'] });
      if (type === 'numeric') Object.assign(base, { correct: ['1000:2000'] });
      qs.push(base);
    }
    quizzes.push({ id: 'quiz' + z, pass: 80, questions: qs });
  }
  return player.buildModel(courseData({ sections: sections - quizzes.length, quizzes, version: '1.2' }), '');
}

function fillAnswers(model, state, textLen) {
  model.questions.forEach((q, i) => {
    switch (q.type) {
      case 'single-choice': state.answers[i] = [i % 4]; break;
      case 'multiple-choice': state.answers[i] = [0, 3, 6]; break;
      case 'true-false': state.answers[i] = [i % 2]; break;
      case 'fill-in': state.answers[i] = ('Hard hat, |%! ' + i).padEnd(textLen || 0, 'x'); break;
      case 'numeric': state.answers[i] = String(1000 + i) + '.5'; break;
    }
  });
  state.viewed = state.viewed.map((_, i) => i % 3 !== 1);
  state.quizzes.forEach((z, i) => { z.attempts = (i % 4) + 1; z.best = (i * 7) % 101; z.submitted = i % 2 === 0; });
  state.achieved = true;
}

test('round trip of every answer type, escapes and quiz state', () => {
  const model = player.buildModel(courseData({ sections: 4, quizzes: [allTypesQuiz('final-quiz'), allTypesQuiz('quiz2')] }), '');
  const state = player.emptyState(model);
  state.viewed[1] = true; state.viewed[5] = true;
  state.answers[0] = [1];
  state.answers[1] = [0, 2];
  state.answers[2] = [0];
  state.answers[3] = ' Hard Hat, | 100% ! \u00e9\u4e2d ';
  state.answers[4] = '42.5';
  state.answers[9] = '7';
  state.quizzes[0] = { attempts: 37, best: 80, submitted: true };
  const s = player.encodeState(model, state);
  assert.match(s, /^1\|/);
  const back = player.decodeState(model, s);
  assert.deepEqual(back, state);
});

test('empty state round trip and gaps of unanswered questions', () => {
  const model = player.buildModel(courseData({ sections: 2, quizzes: [allTypesQuiz('a'), allTypesQuiz('b'), allTypesQuiz('c')] }), '');
  const state = player.emptyState(model);
  assert.deepEqual(player.decodeState(model, player.encodeState(model, state)), state);
  state.answers[13] = 'last';
  state.answers[0] = [2];
  const s = player.encodeState(model, state);
  assert.ok(s.includes('!12'), s);
  assert.deepEqual(player.decodeState(model, s), state);
});

test('state from another version or course structure is not restored; garbage throws or is ignored', () => {
  const model = player.buildModel(courseData({ sections: 3, quizzes: [allTypesQuiz()] }), '');
  const other = player.buildModel(courseData({ sections: 4, quizzes: [allTypesQuiz()] }), '');
  const s = player.encodeState(model, player.emptyState(model));
  assert.equal(player.decodeState(other, s), null);
  assert.equal(player.decodeState(model, '2' + s.slice(1)), null);
  assert.equal(player.decodeState(model, ''), null);
  assert.equal(player.decodeState(model, 'some other tool data'), null);
  const parts = s.split('|');
  parts[2] = '@@';
  assert.throws(() => player.decodeState(model, parts.join('|')));
});

test('1,000 sections and 300 answered questions fit in 4,096 characters (1.2)', () => {
  const model = bigCourse(1000, 300);
  assert.equal(model.sections.length, 1000);
  assert.equal(model.questions.length, 300);
  const state = player.emptyState(model);
  fillAnswers(model, state);
  const r = player.suspendDataFor(model, state, '1.2');
  assert.equal(r.overflow, null);
  assert.ok(r.value.length <= 4096, 'length ' + r.value.length);
  assert.deepEqual(player.decodeState(model, r.value), state);
  const r04 = player.suspendDataFor(model, state, '2004-4th');
  assert.ok(r04.value.length <= 64000);
  assert.equal(r04.overflow, null);
});

test('too large for 1.2: answers are left out and the overflow is reported, never truncated', () => {
  const model = bigCourse(1000, 300);
  const state = player.emptyState(model);
  fillAnswers(model, state, 200);
  const full = player.encodeState(model, state);
  assert.ok(full.length > 4096);
  const r = player.suspendDataFor(model, state, '1.2');
  assert.equal(r.overflow, 'answers');
  assert.equal(r.length, full.length);
  assert.ok(r.value.length <= 4096);
  const back = player.decodeState(model, r.value);
  assert.deepEqual(back.viewed, state.viewed);
  assert.deepEqual(back.quizzes, state.quizzes);
  assert.ok(back.answers.every((a) => a === null));
  // The same state fits on 2004.
  assert.equal(player.suspendDataFor(model, state, '2004-3rd').overflow, null);
});

test('nothing fits: value is null (write nothing), overflow "all"', () => {
  const model = bigCourse(30000, 10);
  const state = player.emptyState(model);
  state.viewed = state.viewed.map(() => true);
  const r = player.suspendDataFor(model, state, '1.2');
  assert.equal(r.value, null);
  assert.equal(r.overflow, 'all');
});

test('limits per version', () => {
  assert.equal(player.suspendDataLimit('1.2'), 4096);
  assert.equal(player.suspendDataLimit('2004-3rd'), 64000);
  assert.equal(player.suspendDataLimit('2004-4th'), 64000);
});

test('bookmark: section id, or #index when too long', () => {
  const data = courseData({ sections: 2 });
  data.sections[1].id = 'x'.repeat(300);
  data.scos[0].sections = data.sections.map((s) => s.id);
  const model = player.buildModel(data, '');
  assert.equal(player.locationFor(model, 0, '1.2'), 's0');
  assert.equal(player.locationFor(model, 1, '1.2'), '#1');
  assert.equal(player.locationFor(model, 1, '2004-4th'), 'x'.repeat(300));
  assert.equal(player.sectionFromLocation(model, '#1'), 1);
  assert.equal(player.sectionFromLocation(model, 's0'), 0);
  assert.equal(player.sectionFromLocation(model, 'gone'), -1);
  assert.equal(player.sectionFromLocation(model, ''), -1);
});

test('multi export: the SCO picks its own sections', () => {
  const data = courseData({ sections: 3, quizzes: [allTypesQuiz('final-quiz')], tracking: { mode: 'quiz-results', final_quiz: 'final-quiz', score_format: 'points' } });
  data.export_mode = 'multi';
  data.scos = data.sections.map((s) => ({ id: s.id, sections: [s.id] }));
  const m1 = player.buildModel(data, 's1');
  assert.deepEqual(m1.sections.map((s) => s.id), ['s1']);
  assert.equal(m1.finalQuiz, null);
  const mq = player.buildModel(data, 'final-quiz');
  assert.equal(mq.finalQuiz.id, 'final-quiz');
  assert.equal(mq.questions.length, 5);
  assert.throws(() => player.buildModel(data, 'nope'), /no SCO/);
  assert.equal(player.buildModel(data, '').scoId, 's0');
});

test('suspendDataEstimate bounds the real encoding (for export-time warnings)', () => {
  for (const [sections, questions] of [[1000, 300], [20, 5], [3, 0]]) {
    const model = bigCourse(sections, questions);
    const state = player.emptyState(model);
    fillAnswers(model, state);
    state.quizzes.forEach((z) => { z.attempts = 1295; z.best = 100; z.submitted = true; });
    state.viewed = state.viewed.map(() => true);
    // Text answers here are at most 16 characters, some with escaped characters (3 each).
    const estimate = player.suspendDataEstimate(model, 16 * 3);
    assert.ok(player.encodeState(model, state).length <= estimate, `${sections}/${questions}`);
    const worst = player.suspendDataEstimate(model);
    assert.ok(worst >= estimate);
  }
  const model = bigCourse(1000, 300);
  assert.ok(player.suspendDataEstimate(model, 10) <= 4096, 'typical answers fit on 1.2');
  const worstState = player.emptyState(model);
  model.questions.forEach((q, i) => {
    worstState.answers[i] = q.type === 'fill-in' ? '%'.repeat(player.MAX_TEXT_ANSWER)
      : q.type === 'numeric' ? ','.repeat(player.MAX_NUMERIC_ANSWER) : q.options.map((_, k) => k);
  });
  worstState.viewed = worstState.viewed.map(() => true);
  worstState.quizzes.forEach((z) => { z.attempts = 1295; z.best = 100; z.submitted = true; });
  worstState.achieved = true;
  assert.equal(player.encodeState(model, worstState).length, player.suspendDataEstimate(model));
});
