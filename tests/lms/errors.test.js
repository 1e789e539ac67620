'use strict';
/*
 * The API state machine and every error code, from the books:
 * SCORM 1.2 RTE §3.3 (API functions, error codes 0, 101, 201, 202, 203, 301, 401-405) and
 * SCORM 2004 4th Ed RTE §3.1.7 (Table 3.1.7a: 0, 101-104, 111-113, 122, 123, 132, 133, 142, 143,
 * 201, 301, 351, 391, 401-408).
 */
const test = require('node:test');
const assert = require('node:assert');
const { LMS, running, runtime, expectCall } = require('./helpers');

test('error strings: every code of both books, unknown codes give ""', () => {
  const v12 = { 0: 'No error', 101: 'General exception', 201: 'Invalid argument error',
    202: 'Element cannot have children', 203: 'Element not an array - cannot have count',
    301: 'Not initialized', 401: 'Not implemented error', 402: 'Invalid set value, element is a keyword',
    403: 'Element is read only', 404: 'Element is write only', 405: 'Incorrect data type' };
  const v2004 = { 0: 'No Error', 101: 'General Exception', 102: 'General Initialization Failure',
    103: 'Already Initialized', 104: 'Content Instance Terminated', 111: 'General Termination Failure',
    112: 'Termination Before Initialization', 113: 'Termination After Termination',
    122: 'Retrieve Data Before Initialization', 123: 'Retrieve Data After Termination',
    132: 'Store Data Before Initialization', 133: 'Store Data After Termination',
    142: 'Commit Before Initialization', 143: 'Commit After Termination', 201: 'General Argument Error',
    301: 'General Get Failure', 351: 'General Set Failure', 391: 'General Commit Failure',
    401: 'Undefined Data Model Element', 402: 'Unimplemented Data Model Element',
    403: 'Data Model Element Value Not Initialized', 404: 'Data Model Element Is Read Only',
    405: 'Data Model Element Is Write Only', 406: 'Data Model Element Type Mismatch',
    407: 'Data Model Element Value Out Of Range', 408: 'Data Model Dependency Not Established' };
  for (const [version, table] of [['1.2', v12], ['2004', v2004]]) {
    const rt = runtime(version);
    for (const [code, text] of Object.entries(table)) {
      assert.strictEqual(rt.GetErrorString(code), text, `${version} ${code}`);
      assert.strictEqual(rt.GetErrorString(Number(code)), text, `${version} ${code} as number`);
    }
    assert.strictEqual(Object.keys(LMS.ERROR_STRINGS[version]).length, Object.keys(table).length);
    assert.strictEqual(rt.GetErrorString('999'), '');
    assert.strictEqual(rt.GetErrorString(''), '');
  }
});

test('2004 state machine: 103, 104, 112, 113, 122, 123, 132, 133, 142, 143, 201', () => {
  const rt = runtime('2004', { 'cmi.location': 'x' });
  assert.strictEqual(rt.state, 'not-initialized');
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 122);
  expectCall(assert, rt, 'SetValue', ['cmi.location', 'y'], 'false', 132);
  expectCall(assert, rt, 'Commit', [''], 'false', 142);
  expectCall(assert, rt, 'Terminate', [''], 'false', 112);
  expectCall(assert, rt, 'Initialize', ['x'], 'false', 201);
  expectCall(assert, rt, 'Initialize', [''], 'true', 0);
  assert.strictEqual(rt.state, 'running');
  expectCall(assert, rt, 'Initialize', [''], 'false', 103);
  expectCall(assert, rt, 'Commit', ['x'], 'false', 201);
  expectCall(assert, rt, 'Terminate', ['x'], 'false', 201);
  expectCall(assert, rt, 'Commit', [''], 'true', 0);
  expectCall(assert, rt, 'Terminate', [''], 'true', 0);
  assert.strictEqual(rt.state, 'terminated');
  expectCall(assert, rt, 'Initialize', [''], 'false', 104);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 123);
  expectCall(assert, rt, 'SetValue', ['cmi.location', 'y'], 'false', 133);
  expectCall(assert, rt, 'Commit', [''], 'false', 143);
  expectCall(assert, rt, 'Terminate', [''], 'false', 113);
});

test('2004 failures of the LMS: 102 (initialize), 391 (commit), 111 (terminate), 101 (exception)', () => {
  let accept = false;
  const rt = runtime('2004', {}, {
    initialize: () => accept,
    commit: () => accept,
    navValid: () => { throw new Error('sequencer down'); }
  });
  expectCall(assert, rt, 'Initialize', [''], 'false', 102);
  accept = true;
  expectCall(assert, rt, 'Initialize', [''], 'true', 0);
  accept = false;
  expectCall(assert, rt, 'Commit', [''], 'false', 391);
  expectCall(assert, rt, 'GetValue', ['adl.nav.request_valid.continue'], '', 101);
  assert.match(rt.GetDiagnostic(''), /sequencer down/);
  expectCall(assert, rt, 'Terminate', [''], 'false', 111);
  // A failed Terminate still ends the session (RTE4 §3.1.4.2: the state is terminated).
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 123);
});

test('1.2 state machine: 301 before LMSInitialize, 101 twice / after LMSFinish, 201 arguments', () => {
  const rt = LMS.adapter12(runtime('1.2', { 'cmi.core.lesson_location': 'x' }));
  const call = (m, args, result, code) => {
    const r = rt[m].apply(null, args);
    assert.deepStrictEqual([r, rt.LMSGetLastError()], [result, String(code)], `${m}(${args})`);
  };
  call('LMSGetValue', ['cmi.core.lesson_location'], '', 301);
  call('LMSSetValue', ['cmi.core.lesson_location', 'y'], 'false', 301);
  call('LMSCommit', [''], 'false', 301);
  call('LMSFinish', [''], 'false', 301);
  call('LMSInitialize', ['x'], 'false', 201);
  call('LMSInitialize', [''], 'true', 0);
  call('LMSInitialize', [''], 'false', 101);
  call('LMSCommit', ['x'], 'false', 201);
  call('LMSFinish', ['x'], 'false', 201);
  call('LMSGetValue', [''], '', 201);
  call('LMSSetValue', ['', 'x'], 'false', 201);
  call('LMSFinish', [''], 'true', 0);
  call('LMSInitialize', [''], 'false', 101);
  call('LMSGetValue', ['cmi.core.lesson_location'], '', 101);
  call('LMSSetValue', ['cmi.core.lesson_location', 'y'], 'false', 101);
  call('LMSCommit', [''], 'false', 101);
  call('LMSFinish', [''], 'false', 101);
});

test('1.2 data model errors: 201, 202, 203, 401, 402, 403, 404, 405', () => {
  const { rt } = running('1.2', { unimplemented: ['cmi.student_preference'] });
  expectCall(assert, rt, 'GetValue', ['cmi.core.nothing'], '', 201);
  expectCall(assert, rt, 'SetValue', ['cmi.nothing', 'x'], 'false', 201);
  expectCall(assert, rt, 'GetValue', ['cmi.core.lesson_location._children'], '', 202);
  expectCall(assert, rt, 'GetValue', ['cmi.core._count'], '', 203);
  expectCall(assert, rt, 'GetValue', ['cmi.student_preference.audio'], '', 401);
  expectCall(assert, rt, 'SetValue', ['cmi.student_preference.audio', '1'], 'false', 401);
  expectCall(assert, rt, 'SetValue', ['cmi.core._children', 'x'], 'false', 402);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives._count', '1'], 'false', 402);
  expectCall(assert, rt, 'SetValue', ['cmi._version', '3.4'], 'false', 402);
  expectCall(assert, rt, 'SetValue', ['cmi.core.student_id', 'x'], 'false', 403);
  expectCall(assert, rt, 'GetValue', ['cmi.core.exit'], '', 404);
  expectCall(assert, rt, 'GetValue', ['cmi.core.session_time'], '', 404);
  expectCall(assert, rt, 'SetValue', ['cmi.core.score.raw', 'abc'], 'false', 405);
  expectCall(assert, rt, 'SetValue', ['cmi.core.score.raw', '101'], 'false', 405);
  // GetDiagnostic names the element; GetLastError does not change the error.
  assert.match(rt.GetDiagnostic(''), /cmi\.core\.score\.raw/);
  assert.strictEqual(rt.GetLastError(), '405');
  assert.strictEqual(rt.GetDiagnostic('201'), 'Invalid argument error');
  // A successful call resets the error to 0.
  expectCall(assert, rt, 'GetValue', ['cmi.core.lesson_status'], 'not attempted', 0);
  assert.strictEqual(rt.GetDiagnostic(''), '');
});

test('2004 data model errors: 301, 351, 401, 402, 403, 404, 405, 406, 407, 408', () => {
  const { rt } = running('2004', { unimplemented: ['cmi.learner_preference'] });
  expectCall(assert, rt, 'GetValue', [''], '', 301);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.id'], '', 301);
  expectCall(assert, rt, 'GetValue', ['cmi.location._children'], '', 301);
  expectCall(assert, rt, 'GetValue', ['cmi.location._count'], '', 301);
  expectCall(assert, rt, 'SetValue', ['', 'x'], 'false', 351);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.1.id', 'o2'], 'false', 351);
  expectCall(assert, rt, 'GetValue', ['cmi.nothing'], '', 401);
  expectCall(assert, rt, 'GetValue', ['cmi.core.lesson_status'], '', 401);
  expectCall(assert, rt, 'SetValue', ['cmi.nothing', 'x'], 'false', 401);
  expectCall(assert, rt, 'GetValue', ['cmi.learner_preference.language'], '', 402);
  expectCall(assert, rt, 'GetValue', ['cmi.location'], '', 403);
  expectCall(assert, rt, 'GetValue', ['cmi.score.raw'], '', 403);
  expectCall(assert, rt, 'SetValue', ['cmi.learner_id', 'x'], 'false', 404);
  expectCall(assert, rt, 'SetValue', ['cmi._version', '1.0'], 'false', 404);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions._count', '1'], 'false', 404);
  expectCall(assert, rt, 'SetValue', ['cmi.score._children', 'x'], 'false', 404);
  expectCall(assert, rt, 'GetValue', ['cmi.exit'], '', 405);
  expectCall(assert, rt, 'GetValue', ['cmi.session_time'], '', 405);
  expectCall(assert, rt, 'SetValue', ['cmi.score.scaled', 'high'], 'false', 406);
  expectCall(assert, rt, 'SetValue', ['cmi.score.scaled', '1.5'], 'false', 407);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.result', 'correct'], 'false', 408);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.id', 'q1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.learner_response', 'a'], 'false', 408);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.0.pattern', 'a'], 'false', 408);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.0.success_status', 'passed'], 'false', 408);
  // A failed SetValue stores nothing.
  expectCall(assert, rt, 'GetValue', ['cmi.score.scaled'], '', 403);
});

test('GetDiagnostic: the last error in detail, or the string of a code asked for', () => {
  const { rt } = running('2004');
  rt.SetValue('cmi.objectives.3.id', 'x');
  assert.strictEqual(rt.GetLastError(), '351');
  assert.match(rt.GetDiagnostic(''), /_count is 0/);
  assert.match(rt.GetDiagnostic('351'), /_count is 0/);
  assert.strictEqual(rt.GetDiagnostic('406'), 'Data Model Element Type Mismatch');
  assert.strictEqual(rt.GetDiagnostic('12345'), '');
});

test('every API call is logged with result, error, diagnostic and time', () => {
  const calls = [];
  let t = 1000;
  const rt = runtime('2004', {}, { log: (e) => calls.push(e) }, { now: () => (t += 5) });
  rt.Initialize('');
  rt.SetValue('cmi.score.scaled', '2');
  rt.GetLastError();
  assert.strictEqual(calls.length, 2);
  assert.deepStrictEqual(calls[0], { method: 'Initialize', args: [''], result: 'true', error: '0', diagnostic: '', t_ms: 5 });
  assert.strictEqual(calls[1].method, 'SetValue');
  assert.deepStrictEqual(calls[1].args, ['cmi.score.scaled', '2']);
  assert.strictEqual(calls[1].result, 'false');
  assert.strictEqual(calls[1].error, '407');
  assert.match(calls[1].diagnostic, /out of range/);
});
