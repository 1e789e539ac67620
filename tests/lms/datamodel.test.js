'use strict';
/*
 * Every data model element of both versions: access (read-only / write-only / read-write),
 * a valid value, an invalid one, out-of-range numbers, smallest permitted maximums.
 * Written from SCORM 1.2 RTE §3.4.4 (element tables) and SCORM 2004 4th Ed RTE §4.2.
 */
const test = require('node:test');
const assert = require('node:assert');
const { LMS, running, expectCall } = require('./helpers');

const { CASES12, CASES2004 } = require('./cases');

const ERR = {
  '1.2': { ro: '403', wo: '404', type: '405', range: '405' },
  '2004': { ro: '404', wo: '405', type: '406', range: '407' }
};

/** Creates the records an element in an array needs (2004: id first, type for responses). */
function prepare(rt, version, element) {
  if (version !== '2004') return;
  if (element.startsWith('cmi.interactions.0.') && element !== 'cmi.interactions.0.id') {
    assert.strictEqual(rt.SetValue('cmi.interactions.0.id', 'q1'), 'true');
    if (/pattern|learner_response/.test(element)) assert.strictEqual(rt.SetValue('cmi.interactions.0.type', 'choice'), 'true');
  }
  if (element.startsWith('cmi.objectives.0.') && element !== 'cmi.objectives.0.id') {
    assert.strictEqual(rt.SetValue('cmi.objectives.0.id', 'obj-0'), 'true');
  }
}

for (const [version, cases, dm] of [['1.2', CASES12, LMS.DM12], ['2004', CASES2004, LMS.DM2004]]) {
  test(`${version}: the cases cover every element of the data model`, () => {
    const covered = cases.map((c) => c[0].replace(/\.\d+(?=\.|$)/g, '.n'));
    assert.deepStrictEqual(covered.slice().sort(), Object.keys(dm).sort());
  });

  for (const [element, access, valid, invalid, range] of cases) {
    test(`${version} ${element} (${access})`, () => {
      const { rt } = running(version);
      const e = ERR[version];
      if (element.startsWith('adl.data.')) {
        // No adlcp:data map in the manifest: adl.data has no records (RTE4 §4.3), index 0 does not exist.
        expectCall(assert, rt, 'GetValue', ['adl.data._count'], '0', 0);
        expectCall(assert, rt, 'GetValue', ['adl.data._children'], 'id,store', 0);
        if (access === 'ro') expectCall(assert, rt, 'SetValue', [element, 'x'], 'false', '404');
        else expectCall(assert, rt, 'SetValue', [element, 'x'], 'false', '351');
        expectCall(assert, rt, 'GetValue', [element], '', '301');
        return;
      }
      prepare(rt, version, element);
      if (access === 'ro') {
        const before = rt.GetValue(element);
        expectCall(assert, rt, 'SetValue', [element, before || 'x'], 'false', e.ro);
        return;
      }
      if (access === 'wo') {
        expectCall(assert, rt, 'GetValue', [element], '', e.wo);
      }
      for (const v of valid || []) {
        if (/\.id$/.test(element) && version === '2004') {
          // An identifier cannot change once set: each valid id on a new record.
          const fresh = running(version).rt;
          prepare(fresh, version, element);
          expectCall(assert, fresh, 'SetValue', [element, v], 'true', 0);
          expectCall(assert, fresh, 'GetValue', [element], v, 0);
          continue;
        }
        expectCall(assert, rt, 'SetValue', [element, v], 'true', 0);
        if (access === 'rw' && version === '2004' && element === 'cmi.completion_status') continue;
        if (access === 'rw') expectCall(assert, rt, 'GetValue', [element], v, 0);
      }
      for (const v of invalid || []) {
        expectCall(assert, rt, 'SetValue', [element, v], 'false', e.type);
      }
      for (const v of range || []) {
        expectCall(assert, rt, 'SetValue', [element, v], 'false', e.range);
      }
    });
  }
}

test('_version, _children and _count', () => {
  const a = running('1.2').rt;
  expectCall(assert, a, 'GetValue', ['cmi._version'], '3.4', 0);
  expectCall(assert, a, 'GetValue', ['cmi._children'], 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions', 0);
  expectCall(assert, a, 'GetValue', ['cmi.core._children'], 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time', 0);
  expectCall(assert, a, 'GetValue', ['cmi.core.score._children'], 'raw,min,max', 0);
  expectCall(assert, a, 'GetValue', ['cmi.objectives._children'], 'id,score,status', 0);
  expectCall(assert, a, 'GetValue', ['cmi.student_data._children'], 'mastery_score,max_time_allowed,time_limit_action', 0);
  expectCall(assert, a, 'GetValue', ['cmi.student_preference._children'], 'audio,language,speed,text', 0);
  expectCall(assert, a, 'GetValue', ['cmi.interactions._children'], 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency', 0);
  expectCall(assert, a, 'GetValue', ['cmi.objectives._count'], '0', 0);
  expectCall(assert, a, 'GetValue', ['cmi.interactions._count'], '0', 0);
  expectCall(assert, a, 'SetValue', ['cmi.interactions.0.id', 'q1'], 'true', 0);
  expectCall(assert, a, 'SetValue', ['cmi.interactions.0.objectives.0.id', 'o1'], 'true', 0);
  expectCall(assert, a, 'GetValue', ['cmi.interactions._count'], '1', 0);
  expectCall(assert, a, 'GetValue', ['cmi.interactions.0.objectives._count'], '1', 0);
  expectCall(assert, a, 'GetValue', ['cmi.interactions.0.correct_responses._count'], '0', 0);
  expectCall(assert, a, 'GetValue', ['cmi.core.score._count'], '', 203);
  expectCall(assert, a, 'GetValue', ['cmi.suspend_data._children'], '', 202);

  const b = running('2004').rt;
  expectCall(assert, b, 'GetValue', ['cmi._version'], '1.0', 0);
  expectCall(assert, b, 'GetValue', ['cmi.score._children'], 'scaled,raw,min,max', 0);
  expectCall(assert, b, 'GetValue', ['cmi.objectives._children'], 'id,score,success_status,completion_status,progress_measure,description', 0);
  expectCall(assert, b, 'GetValue', ['cmi.interactions._children'], 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description', 0);
  expectCall(assert, b, 'GetValue', ['cmi.comments_from_learner._children'], 'comment,location,timestamp', 0);
  expectCall(assert, b, 'GetValue', ['cmi.comments_from_lms._children'], 'comment,location,timestamp', 0);
  expectCall(assert, b, 'GetValue', ['cmi.learner_preference._children'], 'audio_level,language,delivery_speed,audio_captioning', 0);
  expectCall(assert, b, 'GetValue', ['cmi.comments_from_lms._count'], '0', 0);
  expectCall(assert, b, 'GetValue', ['cmi.comments_from_learner._count'], '0', 0);
  expectCall(assert, b, 'SetValue', ['cmi.objectives.0.id', 'o1'], 'true', 0);
  expectCall(assert, b, 'GetValue', ['cmi.objectives.0.score._children'], 'scaled,raw,min,max', 0);
  expectCall(assert, b, 'GetValue', ['cmi.objectives._count'], '1', 0);
  expectCall(assert, b, 'GetValue', ['cmi.score._count'], '', 301);
  expectCall(assert, b, 'GetValue', ['cmi.objectives.0.score._version'], '', 401);
});

test('LMS-initialized values of a first launch', () => {
  const a = running('1.2', { sco: { masteryScore: '80', launchData: 'cfg=1', maxTimeAllowed: '0001:00:00', timeLimitAction: 'exit,message' } }).rt;
  const want12 = { 'cmi.core.student_id': 'learner-1', 'cmi.core.student_name': 'Learner, Test',
    'cmi.core.credit': 'credit', 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio',
    'cmi.core.lesson_mode': 'normal', 'cmi.core.total_time': '0000:00:00.00', 'cmi.launch_data': 'cfg=1',
    'cmi.student_data.mastery_score': '80', 'cmi.student_data.max_time_allowed': '0001:00:00',
    'cmi.student_data.time_limit_action': 'exit,message', 'cmi.core.lesson_location': '', 'cmi.suspend_data': '',
    'cmi.core.score.raw': '', 'cmi.comments_from_lms': '' };
  for (const [k, v] of Object.entries(want12)) expectCall(assert, a, 'GetValue', [k], v, 0);

  const b = running('2004', { sco: { completionThreshold: '0.6', scaledPassingScore: '0.8', launchData: 'x' } }).rt;
  const want2004 = { 'cmi.learner_id': 'learner-1', 'cmi.learner_name': 'Learner, Test', 'cmi.credit': 'credit',
    'cmi.mode': 'normal', 'cmi.entry': 'ab-initio', 'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown',
    'cmi.total_time': 'PT0S', 'cmi.completion_threshold': '0.6', 'cmi.scaled_passing_score': '0.8',
    'cmi.launch_data': 'x', 'cmi.time_limit_action': 'continue,no message',
    'cmi.learner_preference.audio_level': '1', 'cmi.learner_preference.language': '',
    'cmi.learner_preference.delivery_speed': '1', 'cmi.learner_preference.audio_captioning': '0',
    'adl.nav.request': '_none_', 'adl.nav.request_valid.continue': 'unknown',
    'adl.nav.request_valid.previous': 'unknown', 'adl.nav.request_valid.choice.{target=sco1}': 'unknown',
    'adl.nav.request_valid.jump.{target=sco1}': 'unknown' };
  for (const [k, v] of Object.entries(want2004)) expectCall(assert, b, 'GetValue', [k], v, 0);
  for (const k of ['cmi.location', 'cmi.suspend_data', 'cmi.progress_measure', 'cmi.score.scaled', 'cmi.max_time_allowed']) {
    expectCall(assert, b, 'GetValue', [k], '', 403);
  }
  expectCall(assert, b, 'SetValue', ['adl.nav.request_valid.continue', 'true'], 'false', 404);
  expectCall(assert, b, 'GetValue', ['adl.nav.request_valid.sideways'], '', 401);
});

test('2004 3rd Edition has no jump request and no adl.data', () => {
  const rt = LMS.createRuntime({ version: '2004', edition: '3rd', data: {} });
  rt.Initialize('');
  expectCall(assert, rt, 'GetValue', ['adl.nav.request_valid.jump.{target=a}'], '', 401);
  expectCall(assert, rt, 'GetValue', ['adl.data.0.store'], '', 401);
});

test('2004 array rules: append only, id first, ids unique, an id never changes', () => {
  const { rt } = running('2004');
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.1.id', 'o2'], 'false', 351);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.0.id', 'o1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.0.id', 'o1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.0.id', 'o9'], 'false', 351);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.1.id', 'o1'], 'false', 351);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives._count'], '1', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.1.id', 'o2'], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives._count'], '2', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives.2.id'], '', 301);
  // Interactions: nested objectives need the interaction, their ids are unique per interaction.
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.0.id', 'o1'], 'false', 408);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.id', 'q1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.1.id', 'o1'], 'false', 351);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.0.id', 'o1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.1.id', 'o1'], 'false', 351);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.1.id', 'o2'], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.objectives._count'], '2', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.1.id', 'q1'], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions._count'], '2', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.id', 'q0'], 'false', 351);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives.0.success_status'], 'unknown', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives.0.completion_status'], 'unknown', 0);
  // Comments have no id: any field appends a record.
  expectCall(assert, rt, 'SetValue', ['cmi.comments_from_learner.0.location', 'p1'], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.comments_from_learner.0.comment'], '', 403);
  expectCall(assert, rt, 'SetValue', ['cmi.comments_from_learner.2.comment', 'x'], 'false', 351);
  expectCall(assert, rt, 'SetValue', ['cmi.comments_from_lms.0.comment', 'x'], 'false', 404);
});

test('1.2 array rules: append only (201 otherwise), interactions write-only, objectives readable', () => {
  const { rt } = running('1.2');
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.1.id', 'o2'], 'false', 201);
  expectCall(assert, rt, 'SetValue', ['cmi.objectives.0.status', 'passed'], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives.0.status'], 'passed', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives.0.id'], '', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.objectives.1.id'], '', 201);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.0.id', 'o1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.objectives.2.id', 'o1'], 'false', 201);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions._count'], '1', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.objectives._count'], '1', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.result'], '', 404);
});
