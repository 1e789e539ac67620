'use strict';
/*
 * The LMS side: entry/exit and attempts (RTE12 §3.4.4 cmi.core.entry/exit; RTE4 §4.2.7, §4.2.8),
 * total_time from session_time (RTE12 cmi.core.total_time; RTE4 §4.2.26), 2004 completion_status
 * against completion_threshold + progress_measure (RTE4 §4.2.4.1) and success_status against
 * scaled_passing_score (RTE4 §4.2.22.1), 1.2 mastery override (RTE12 §3.4.4
 * cmi.student_data.mastery_score), auto-complete, completionSetByContent/objectiveSetByContent
 * (SN4 §3.13.2 deliveryControls), and the record.
 */
const test = require('node:test');
const assert = require('node:assert');
const { LMS, expectCall } = require('./helpers');

function lms(version, sco, options) {
  const saved = [];
  const l = LMS.createLms({
    version,
    edition: '4th',
    schemaversion: version === '1.2' ? '1.2' : '2004 4th Edition',
    package: 'pkg.zip',
    scos: [Object.assign({ id: 'ITEM-1', completionSetByContent: true, objectiveSetByContent: true }, sco)],
    options: options || {},
    persist: (rec, reason) => { saved.push([reason, JSON.parse(JSON.stringify(rec))]); return true; }
  });
  return { l, saved };
}

test('2004 completion_status: threshold + progress_measure decide, else the SCO', () => {
  const E = LMS.evalCompletion;
  assert.strictEqual(E({}), 'unknown');
  assert.strictEqual(E({ 'cmi.completion_status': 'incomplete' }), 'incomplete');
  assert.strictEqual(E({ 'cmi.completion_threshold': '0.6', 'cmi.completion_status': 'completed' }), 'unknown');
  assert.strictEqual(E({ 'cmi.completion_threshold': '0.6', 'cmi.progress_measure': '0.59' }), 'incomplete');
  assert.strictEqual(E({ 'cmi.completion_threshold': '0.6', 'cmi.progress_measure': '0.6', 'cmi.completion_status': 'incomplete' }), 'completed');
  const S = LMS.evalSuccess;
  assert.strictEqual(S({}), 'unknown');
  assert.strictEqual(S({ 'cmi.success_status': 'failed' }), 'failed');
  assert.strictEqual(S({ 'cmi.scaled_passing_score': '0.8', 'cmi.success_status': 'passed' }), 'unknown');
  assert.strictEqual(S({ 'cmi.scaled_passing_score': '0.8', 'cmi.score.scaled': '0.79', 'cmi.success_status': 'passed' }), 'failed');
  assert.strictEqual(S({ 'cmi.scaled_passing_score': '0.8', 'cmi.score.scaled': '0.8' }), 'passed');

  const { l } = lms('2004', { completionThreshold: '0.6', scaledPassingScore: '0.8' });
  const rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.SetValue('cmi.completion_status', 'completed');
  expectCall(assert, rt, 'GetValue', ['cmi.completion_status'], 'unknown', 0);
  rt.SetValue('cmi.progress_measure', '0.7');
  expectCall(assert, rt, 'GetValue', ['cmi.completion_status'], 'completed', 0);
  rt.SetValue('cmi.success_status', 'passed');
  rt.SetValue('cmi.score.scaled', '0.5');
  expectCall(assert, rt, 'GetValue', ['cmi.success_status'], 'failed', 0);
});

test('2004 exit=suspend resumes the attempt; a normal exit starts a new one (reset)', () => {
  const { l, saved } = lms('2004');
  let rt = l.launch('ITEM-1');
  expectCall(assert, rt, 'Initialize', [''], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'ab-initio', 0);
  rt.SetValue('cmi.location', 'p2');
  rt.SetValue('cmi.suspend_data', 'state');
  rt.SetValue('cmi.exit', 'suspend');
  rt.SetValue('cmi.session_time', 'PT1M30S');
  rt.Terminate('');
  assert.strictEqual(saved[saved.length - 1][0], 'terminate');

  rt = l.relaunch();
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'resume', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], 'p2', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.suspend_data'], 'state', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.total_time'], 'PT1M30S', 0);
  rt.SetValue('cmi.session_time', 'PT1H0.5S');
  rt.SetValue('cmi.exit', 'normal');
  rt.SetValue('cmi.completion_status', 'completed');
  rt.Terminate('');
  const rec = l.record();
  assert.strictEqual(rec.attempts.length, 1);
  assert.strictEqual(rec.attempts[0].cmi['ITEM-1']['cmi.total_time'], 'PT1H1M30.5S');
  assert.deepStrictEqual(rec.reached, { completion_status: 'completed', success_status: 'unknown', score: null });

  rt = l.relaunch();
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'ab-initio', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 403);
  expectCall(assert, rt, 'GetValue', ['cmi.total_time'], 'PT0S', 0);
  assert.strictEqual(l.record().attempts.length, 2);
  assert.strictEqual(l.record().attempts[1].number, 2);
});

test('--new-attempt keep: a relaunch after a normal exit reopens the data with entry ""', () => {
  const { l } = lms('1.2', {}, { newAttempt: 'keep' });
  let rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.SetValue('cmi.core.lesson_location', 'p5');
  rt.SetValue('cmi.core.session_time', '00:01:00');
  rt.Terminate('');
  rt = l.relaunch();
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.core.entry'], '', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.core.lesson_location'], 'p5', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.core.total_time'], '0000:01:00.00', 0);
  assert.strictEqual(l.record().attempts.length, 1);
  assert.strictEqual(l.record().attempts[0].sessions.length, 2);
});

test('1.2 suspend/resume, and total_time accumulates over sessions', () => {
  const { l } = lms('1.2');
  let rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.SetValue('cmi.core.exit', 'suspend');
  rt.SetValue('cmi.core.session_time', '0000:59:59.99');
  rt.Terminate('');
  rt = l.relaunch();
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.core.entry'], 'resume', 0);
  rt.SetValue('cmi.core.session_time', '00:00:00.01');
  rt.SetValue('cmi.core.exit', 'suspend');
  rt.Terminate('');
  rt = l.relaunch();
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.core.total_time'], '0001:00:00.00', 0);
});

test('1.2 mastery override: passed/failed from masteryscore only when switched on', () => {
  for (const [override, raw, want] of [[false, '70', 'completed'], [true, '70', 'failed'], [true, '80', 'passed']]) {
    const { l } = lms('1.2', { masteryScore: '80' }, { masteryOverride: override });
    const rt = l.launch('ITEM-1');
    rt.Initialize('');
    rt.SetValue('cmi.core.lesson_status', 'completed');
    rt.SetValue('cmi.core.score.raw', raw);
    rt.Terminate('');
    assert.strictEqual(l.record().attempts[0].cmi['ITEM-1']['cmi.core.lesson_status'], want, `override ${override} raw ${raw}`);
    assert.strictEqual(l.record().reached.lesson_status, want);
  }
});

test('auto-complete: completed at exit when the content reported nothing, only when switched on', () => {
  for (const [version, key, untouched] of [['1.2', 'cmi.core.lesson_status', 'not attempted'], ['2004', 'cmi.completion_status', 'unknown']]) {
    for (const auto of [false, true]) {
      const { l } = lms(version, {}, { autoComplete: auto });
      const rt = l.launch('ITEM-1');
      rt.Initialize('');
      rt.Terminate('');
      assert.strictEqual(l.record().attempts[0].cmi['ITEM-1'][key], auto ? 'completed' : untouched, `${version} auto ${auto}`);
    }
  }
});

test('2004 completionSetByContent / objectiveSetByContent false: the activity is completed and satisfied at exit', () => {
  const { l } = lms('2004', { completionSetByContent: false, objectiveSetByContent: false });
  const rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.Commit('');
  assert.deepStrictEqual(l.record().reached, { completion_status: 'unknown', success_status: 'unknown', score: null });
  rt.Terminate('');
  assert.deepStrictEqual(l.record().reached, { completion_status: 'completed', success_status: 'passed', score: null });
  const b = lms('2004', { completionSetByContent: false, objectiveSetByContent: false }).l;
  const r2 = b.launch('ITEM-1');
  r2.Initialize('');
  r2.SetValue('cmi.completion_status', 'incomplete');
  r2.SetValue('cmi.success_status', 'failed');
  r2.Terminate('');
  assert.deepStrictEqual(b.record().reached, { completion_status: 'incomplete', success_status: 'failed', score: null });
});

test('the record: format of the issue, written after every commit and at terminate', () => {
  let t = 0;
  const saved = [];
  const l = LMS.createLms({
    version: '2004', edition: '3rd', schemaversion: '2004 3rd Edition', package: 'course.zip',
    scos: [{ id: 'ITEM-1', completionSetByContent: true, objectiveSetByContent: true }],
    expected: { completion_status: 'completed', success_status: 'passed' },
    now: () => (t += 10),
    persist: (rec, reason) => { saved.push(reason); return true; }
  });
  const rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.SetValue('cmi.score.scaled', '0.9');
  rt.Commit('');
  rt.SetValue('cmi.exit', 'normal');
  rt.Terminate('');
  assert.deepStrictEqual(saved, ['commit', 'terminate']);
  const rec = JSON.parse(JSON.stringify(l.record()));
  assert.deepStrictEqual(Object.keys(rec), ['package', 'version', 'expected', 'reached', 'attempts']);
  assert.strictEqual(rec.package, 'course.zip');
  assert.strictEqual(rec.version, '2004-3rd');
  assert.deepStrictEqual(rec.expected, { completion_status: 'completed', success_status: 'passed' });
  assert.strictEqual(rec.reached.score, 0.9);
  const s = rec.attempts[0].sessions[0];
  assert.deepStrictEqual([rec.attempts[0].number, s.sco, s.entry, s.exit, s.terminated], [1, 'ITEM-1', 'ab-initio', 'normal', true]);
  assert.deepStrictEqual(s.calls.map((c) => c.method), ['Initialize', 'SetValue', 'Commit', 'SetValue', 'Terminate']);
  assert.deepStrictEqual(Object.keys(s.calls[0]), ['method', 'args', 'result', 'error', 'diagnostic', 't_ms']);
  assert.strictEqual(rec.attempts[0].cmi['ITEM-1']['cmi.score.scaled'], '0.9');
  assert.strictEqual(rec.attempts[0].cmi['ITEM-1']['cmi.exit'], 'normal');
});

test('a session closed without Terminate keeps what was committed, and nothing else', () => {
  const { l } = lms('2004');
  let rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.SetValue('cmi.location', 'p1');
  rt.SetValue('cmi.exit', 'suspend');
  rt.Commit('');
  rt.SetValue('cmi.location', 'p2'); // never committed
  rt = l.relaunch();
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'resume', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], 'p1', 0);
  const first = l.record().attempts[0].sessions[0];
  assert.strictEqual(first.terminated, false);
  assert.strictEqual(first.exit, 'suspend');
});

test('New attempt and Reset learner', () => {
  const { l } = lms('2004');
  let rt = l.launch('ITEM-1');
  rt.Initialize('');
  rt.SetValue('cmi.exit', 'suspend');
  rt.Terminate('');
  l.newAttempt();
  rt = l.launch('ITEM-1');
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'ab-initio', 0);
  assert.strictEqual(l.record().attempts.length, 2);
  l.resetLearner();
  assert.strictEqual(l.record().attempts.length, 0);
  rt = l.launch('ITEM-1');
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'ab-initio', 0);
  assert.strictEqual(l.record().attempts.length, 1);
});

test('time formats', () => {
  assert.strictEqual(LMS.durationCs('PT1H5M30.25S'), 393025);
  assert.strictEqual(LMS.durationCs('0001:05:30.25'), 393025);
  assert.strictEqual(LMS.durationCs('P1D'), 8640000);
  assert.strictEqual(LMS.durationCs('PT'), null);
  assert.strictEqual(LMS.formatInterval(393025), 'PT1H5M30.25S');
  assert.strictEqual(LMS.formatInterval(0), 'PT0S');
  assert.strictEqual(LMS.formatTimespan12(393025), '0001:05:30.25');
});

test('multi-SCO: each SCO has its own data, the package rolls up', () => {
  const l = LMS.createLms({
    version: '2004', edition: '4th', package: 'multi.zip',
    scos: ['A', 'B'].map((id) => ({ id, completionSetByContent: true, objectiveSetByContent: true }))
  });
  let rt = l.launch('A');
  rt.Initialize('');
  rt.SetValue('cmi.completion_status', 'completed');
  rt.SetValue('cmi.success_status', 'passed');
  rt.SetValue('cmi.location', 'a1');
  rt.Terminate('');
  assert.deepStrictEqual([l.reached().completion_status, l.reached().success_status], ['incomplete', 'unknown']);
  rt = l.launch('B');
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'ab-initio', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 403);
  rt.SetValue('cmi.completion_status', 'completed');
  rt.SetValue('cmi.success_status', 'passed');
  rt.Terminate('');
  const r = l.reached();
  assert.deepStrictEqual([r.completion_status, r.success_status], ['completed', 'passed']);
  assert.deepStrictEqual(Object.keys(r.scos), ['A', 'B']);
  assert.strictEqual(l.record().attempts.length, 1);
  assert.deepStrictEqual(l.record().attempts[0].sessions.map((s) => s.sco), ['A', 'B']);
  // Back to A (it ended normally): a new attempt on A with new data, same package attempt.
  rt = l.launch('A');
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'ab-initio', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 403);
  assert.strictEqual(l.record().attempts.length, 1);
});

test('a reloaded page continues the record: a suspended SCO resumes', () => {
  const first = LMS.createLms({ version: '2004', package: 'p.zip', scos: [{ id: 'A', completionSetByContent: true }] });
  let rt = first.launch('A');
  rt.Initialize('');
  rt.SetValue('cmi.location', 'p4');
  rt.SetValue('cmi.exit', 'suspend');
  rt.Terminate('');
  const saved = JSON.parse(JSON.stringify(first.record()));
  const again = LMS.createLms({ version: '2004', package: 'p.zip', scos: [{ id: 'A', completionSetByContent: true }], record: saved });
  rt = again.launch('A');
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['cmi.entry'], 'resume', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], 'p4', 0);
  assert.strictEqual(again.record().attempts[0].sessions.length, 2);
});
