'use strict';
/*
 * 2004 interaction formats per type: cmi.interactions.n.correct_responses.n.pattern
 * (RTE4 §4.2.9.1, Table 4.2.9.1a) and cmi.interactions.n.learner_response (§4.2.9.2, Table 4.2.9.2a).
 */
const test = require('node:test');
const assert = require('node:assert');
const { running, expectCall } = require('./helpers');

/* type: { pattern: [valid], badPattern: [...], response: [valid], badResponse: [...] } */
const FORMATS = {
  'true-false': { pattern: ['true', 'false'], badPattern: ['True', 't', '1'], response: ['true', 'false'], badResponse: ['yes', ''] },
  choice: { pattern: ['a', 'a[,]b[,]c', ''], badPattern: ['a[,]a', 'a b'], response: ['a[,]c', 'b'], badResponse: ['x[,]x', 'a[,] b'] },
  'fill-in': { pattern: ['helmet', '{case_matters=true}Helmet', '{order_matters=false}{case_matters=true}a[,]b', '{lang=en}hard hat'],
    badPattern: ['{case_matters=yes}a', '{case_matters=true}{case_matters=false}a', 'x'.repeat(251)],
    response: ['hard hat', 'a[,]b'], badResponse: ['x'.repeat(251)] },
  'long-fill-in': { pattern: ['{case_matters=false}' + 'x'.repeat(4000)], badPattern: ['{order_matters=true}x', 'x'.repeat(4001)],
    response: ['An essay.'], badResponse: ['x'.repeat(4001)] },
  likert: { pattern: ['agree'], badPattern: ['agree strongly', ''], response: ['agree'], badResponse: [''] },
  matching: { pattern: ['1[.]a[,]2[.]b'], badPattern: ['1.a,2.b', '1[.]a[.]b', '[.]a'], response: ['1[.]b'], badResponse: ['1'] },
  performance: { pattern: ['{order_matters=true}step1[.]answer[,]step2[.]1[:]5', '[.]answer'], badPattern: ['[.]', 'step1', '{case_matters=true}s[.]a'],
    response: ['step1[.]answer[,][.]x'], badResponse: ['stepwithoutanswer'] },
  sequencing: { pattern: ['a[,]b[,]c', 'a[,]a'], badPattern: ['', 'a b'], response: ['c[,]b[,]a'], badResponse: [''] },
  numeric: { pattern: ['40[:]45', '[:]45', '40[:]', '42[:]42'], badPattern: ['42', '45[:]40', 'a[:]b'], response: ['42', '-3.5'], badResponse: ['forty', '40[:]45'] },
  other: { pattern: ['anything at all'], badPattern: ['x'.repeat(4001)], response: ['anything'], badResponse: ['x'.repeat(4001)] }
};

for (const [type, f] of Object.entries(FORMATS)) {
  test(`2004 ${type}: correct_responses pattern and learner_response formats`, () => {
    const { rt } = running('2004');
    expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.id', 'q1'], 'true', 0);
    expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.type', type], 'true', 0);
    for (const v of f.pattern) {
      expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.0.pattern', v], 'true', 0);
      expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.correct_responses.0.pattern'], v, 0);
    }
    for (const v of f.badPattern) expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.0.pattern', v], 'false', 406);
    for (const v of f.response) {
      expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.learner_response', v], 'true', 0);
      expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.learner_response'], v, 0);
    }
    for (const v of f.badResponse) expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.learner_response', v], 'false', 406);
  });
}

test('2004: true-false, likert, numeric and other hold a single correct response pattern (351)', () => {
  for (const [type, v] of [['true-false', 'true'], ['likert', 'a'], ['numeric', '1[:]2'], ['other', 'x']]) {
    const { rt } = running('2004');
    rt.SetValue('cmi.interactions.0.id', 'q1');
    rt.SetValue('cmi.interactions.0.type', type);
    expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.0.pattern', v], 'true', 0);
    expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.1.pattern', v], 'false', 351);
  }
  const { rt } = running('2004');
  rt.SetValue('cmi.interactions.0.id', 'q1');
  rt.SetValue('cmi.interactions.0.type', 'choice');
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.0.pattern', 'a'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.correct_responses.1.pattern', 'b'], 'true', 0);
  expectCall(assert, rt, 'GetValue', ['cmi.interactions.0.correct_responses._count'], '2', 0);
});

test('1.2: CMIFeedback up to 255 characters, results use "wrong"', () => {
  const { rt } = running('1.2');
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.id', 'q1'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.type', 'choice'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.student_response', 'a,b'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.result', 'wrong'], 'true', 0);
  expectCall(assert, rt, 'SetValue', ['cmi.interactions.0.result', 'incorrect'], 'false', 405);
});
