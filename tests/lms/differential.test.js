'use strict';
/*
 * Differential test: generated call sequences against our run-time and scorm-again (the
 * run-time the browser tests host) must give the same results and error codes, except where
 * scorm-again departs from the books: each departure is a rule in DEPARTURES below, with the
 * book's section (also listed in docs/architecture.md ("Differential test against scorm-again")). A difference no rule explains fails the test.
 *
 * scorm-again comes from tests/browser/node_modules (cd tests/browser && npm ci).
 * DIFF_SEQUENCES=N runs more sequences (default 400 per version); DIFF_SEED=S another seed.
 */
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { LMS } = require('./helpers');
const { CASES12, CASES2004 } = require('./cases');

const SA = path.join(__dirname, '..', 'browser', 'node_modules', 'scorm-again', 'dist', 'esm', 'scorm-again.js');

function prng(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* What both LMSs start with (a first launch). */
const START = {
  '1.2': { 'cmi.core.student_id': 'learner-1', 'cmi.core.student_name': 'Learner, Test', 'cmi.core.credit': 'credit',
    'cmi.core.lesson_status': 'not attempted', 'cmi.core.lesson_mode': 'normal', 'cmi.core.entry': 'ab-initio',
    'cmi.core.total_time': '0000:00:00.00', 'cmi.student_data.mastery_score': '80' },
  '2004': { 'cmi.learner_id': 'learner-1', 'cmi.learner_name': 'Learner, Test', 'cmi.credit': 'credit', 'cmi.mode': 'normal',
    'cmi.entry': 'ab-initio', 'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown', 'cmi.total_time': 'PT0S',
    'cmi.time_limit_action': 'continue,no message', 'cmi.learner_preference.audio_level': '1',
    'cmi.learner_preference.language': '', 'cmi.learner_preference.delivery_speed': '1',
    'cmi.learner_preference.audio_captioning': '0', 'cmi.completion_threshold': '0.6', 'cmi.scaled_passing_score': '0.8' }
};

function pools(version) {
  const cases = version === '1.2' ? CASES12 : CASES2004;
  const elements = [];
  const values = ['', 'x', '0', '0.5', '1', '2', '-1', 'abc', 'true', 'choice', 'q1', 'completed', 'passed', 'suspend'];
  for (const [el, , valid, invalid, range] of cases) {
    elements.push(el);
    for (const v of [].concat(valid || [], invalid || [], range || [])) if (v.length < 300) values.push(v);
    if (/\.0\./.test(el)) {
      elements.push(el.replace('.0.', '.1.'));
      elements.push(el.replace(/\.0\.([a-z_]+)$/, '.2.$1'));
    }
  }
  const arrays = version === '1.2'
    ? ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.0.objectives', 'cmi.interactions.0.correct_responses']
    : ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.0.objectives', 'cmi.interactions.0.correct_responses', 'cmi.comments_from_learner', 'cmi.comments_from_lms'];
  for (const a of arrays) elements.push(a + '._count', a + '._children');
  elements.push('cmi._version', 'cmi._children', 'cmi.score._children', 'cmi.core._children', 'cmi.core.score._children',
    'cmi.location._children', 'cmi.suspend_data._count', 'cmi.nothing', 'cmi', '', 'cmi.objectives.x.id', 'cmi.core');
  return { elements, values, cases };
}

function generate(version, rnd, length) {
  const p = pools(version);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const calls = [];
  if (rnd() < 0.95) calls.push(['Initialize', ['']]);
  for (let i = 0; i < length; i++) {
    const r = rnd();
    if (r < 0.5) {
      // Mostly a value meant for this element, sometimes any value.
      const el = pick(p.elements);
      const c = p.cases.find((x) => x[0] === el.replace(/\.[12]\./, '.0.'));
      const own = c ? [].concat(c[2] || [], c[3] || [], c[4] || []).filter((v) => v.length < 300) : [];
      calls.push(['SetValue', [el, own.length && rnd() < 0.7 ? pick(own) : pick(p.values)]]);
    } else if (r < 0.88) calls.push(['GetValue', [pick(p.elements)]]);
    else if (r < 0.93) calls.push(['Commit', [rnd() < 0.9 ? '' : 'x']]);
    else if (r < 0.96) calls.push(['Initialize', [rnd() < 0.9 ? '' : 'x']]);
    else calls.push(['Terminate', [rnd() < 0.9 ? '' : 'x']]);
  }
  return calls;
}

/**
 * Known departures of scorm-again from the books. Each: (version, call, ours, theirs) -> bool.
 * Filled from the differences this test found; each one is in docs/architecture.md ("Differential test against scorm-again") with its section.
 */
const el = (d) => String(d.args[0] == null ? '' : d.args[0]);
const isSet = (d) => d.m === 'SetValue';
const isGet = (d) => d.m === 'GetValue';
const ourDiag = (d) => d.diag || '';
const indexProblem = (d) => /does not exist|out of order/.test(ourDiag(d));
const refusedBoth = (d) => d.ours[0] === 'false' && d.theirs[0] === 'false';
const DEPARTURES = [
  { id: 'after-finish-12', section: 'RTE12 §3.3 (LMSFinish ends the communication session)',
    match: (v, d) => v === '1.2' && d.stateBefore === 'terminated' },
  { id: 'undefined-12', section: 'RTE12 §3.3.3 error codes (201: an invalid data model element; 401: a valid one the LMS lacks)',
    match: (v, d) => v === '1.2' && d.ours[1] === '201' && d.theirs[1] === '401' && /Undefined/.test(ourDiag(d)) },
  { id: 'container-not-element', section: 'RTE12 §3.4 / RTE4 §4.2 (cmi, cmi.core are categories, not data model elements)',
    match: (v, d) => /^(cmi|cmi\.core)$/.test(el(d)) && (isGet(d) || isSet(d)) },
  { id: 'empty-name-12', section: 'RTE12 §3.3.2 LMSGetValue/LMSSetValue (an empty element name is an invalid argument, 201)',
    match: (v, d) => v === '1.2' && el(d) === '' && (isGet(d) || isSet(d)) && d.ours[1] === '201' },
  { id: 'array-order', section: 'RTE12 §3.4.2 / RTE4 §4.1 collections (a new record is the next index, n = _count; 1.2: 201, 2004: 351)',
    match: (v, d) => ((v === '1.2' && d.ours[1] === '201') || (v === '2004' && d.ours[1] === '351')) && indexProblem(d) },
  { id: 'exit-vocabulary-12', section: 'RTE12 §3.4.4 cmi.core.exit (time-out, suspend, logout, ""; "normal" is 2004 only)',
    match: (v, d) => v === '1.2' && isSet(d) && el(d) === 'cmi.core.exit' && d.ours[1] === '405' && d.theirs[1] === '0' },
  { id: 'timespan-12', section: 'RTE12 Appendix A CMITimespan (HHHH:MM:SS.SS: 2-4 digit hours, minutes and seconds 00-59)',
    match: (v, d) => v === '1.2' && isSet(d) && /(session_time|latency)$/.test(el(d)) && d.ours[1] === '405' && d.theirs[1] === '0' },
  { id: 'weighting-range-12', section: 'RTE12 §3.4.4 cmi.interactions.n.weighting (CMIDecimal, no range)',
    match: (v, d) => v === '1.2' && isSet(d) && /weighting$/.test(el(d)) && d.ours[1] === '0' && d.theirs[1] === '405' },
  { id: 'audio-captioning-state', section: 'RTE4 §4.2.12 cmi.learner_preference.audio_captioning (state -1, 0, 1: another value is a type mismatch, 406)',
    match: (v, d) => v === '2004' && el(d) === 'cmi.learner_preference.audio_captioning' && d.ours[1] === '406' && d.theirs[1] === '407' },
  { id: 'preference-range', section: 'RTE4 §4.2.12 cmi.learner_preference.audio_level, delivery_speed (real(10,7), range 0..*: 0 and any larger number are in range)',
    match: (v, d) => v === '2004' && /delivery_speed$|audio_level$/.test(el(d)) && Number(d.args[1]) >= 0 && d.ours[1] === '0' && d.theirs[1] === '407' },
  { id: 'comment-not-initialized', section: 'RTE4 §3.1.7.6 (403: an element of a record that was never set has no value)',
    match: (v, d) => v === '2004' && isGet(d) && /^cmi\.comments_from_learner\.\d+\./.test(el(d)) && d.ours[1] === '403' && d.theirs[1] === '0' },
  { id: 'localized-string', section: 'RTE4 §4.1 localized_string_type (only a leading {lang=..} is a delimiter; other text is the value)',
    match: (v, d) => v === '2004' && isSet(d) && /^\{/.test(d.args[1]) && !/^\{lang=/.test(d.args[1]) && d.ours[1] === '0' && d.theirs[1] === '406' },
  { id: 'nav-choice-target', section: 'RTE4 §4.4.1 adl.nav.request (choice and jump need {target=ID})',
    match: (v, d) => v === '2004' && isSet(d) && el(d) === 'adl.nav.request' && /^(choice|jump)$/.test(d.args[1]) && d.ours[1] === '406' },
  { id: 'language-tag', section: 'RTE4 §4.1 language_type (RFC 3066: a 2-3 letter ISO 639 code, i or x, then subtags)',
    match: (v, d) => v === '2004' && /language$/.test(el(d)) && d.ours[1] === '406' && d.theirs[1] === '0' },
  { id: 'real-lexical', section: 'RTE4 §4.1 real(10,7) (a decimal number; ".5" is one, as in XML Schema decimal)',
    match: (v, d) => v === '2004' && isSet(d) && /^-?\.\d+$/.test(d.args[1]) && d.ours[1] === '0' && d.theirs[1] === '406' },
  { id: 'spm-strict (our policy)', section: 'RTE4 §4.1 SPM: an LMS must store at least the SPM; this test LMS stores exactly that much and refuses more (406), so content that relies on more shows up',
    match: (v, d) => v === '2004' && isSet(d) && d.ours[1] === '406' && d.theirs[1] === '0' && /does not have the type/.test(ourDiag(d)) && String(d.args[1]).length > 250 },
  { id: 'no-cmi-children-2004', section: 'RTE4 §4.2 (2004 defines cmi._version, no cmi._children)',
    match: (v, d) => v === '2004' && el(d) === 'cmi._children' },
  { id: 'identifier-12', section: 'RTE12 Appendix A CMIIdentifier (no white space, 1-255 characters)',
    match: (v, d) => v === '1.2' && isSet(d) && /\.id$/.test(el(d)) && d.ours[1] === '405' && d.theirs[1] === '0' },
  { id: 'result-12', section: 'RTE12 §3.4.4 cmi.interactions.n.result (correct, wrong, unanticipated, neutral or a CMIDecimal, which may be negative)',
    match: (v, d) => v === '1.2' && isSet(d) && /\.result$/.test(el(d)) && (d.args[1] === 'incorrect' || /^-/.test(d.args[1])) },
  { id: 'feedback-12', section: 'RTE12 Appendix A CMIFeedback (at most 255 characters)',
    match: (v, d) => v === '1.2' && isSet(d) && /(pattern|student_response)$/.test(el(d)) && d.ours[1] === '405' && String(d.args[1]).length > 255 },
  { id: 'score-max-default-12', section: 'RTE12 §3.4.4 cmi.core.score.max, cmi.objectives.n.score.max (no initial value: "")',
    match: (v, d) => v === '1.2' && isGet(d) && /score\.max$/.test(el(d)) && d.ours[0] === '' && d.theirs[0] === '100' },
  { id: 'total-time-load-12', section: '(harness) scorm-again sets cmi.core.total_time itself: the same duration, written 00:00:00',
    match: (v, d) => v === '1.2' && el(d) === 'cmi.core.total_time' && LMS.durationCs(d.ours[0]) === LMS.durationCs(d.theirs[0]) },
  { id: 'nested-children', section: 'RTE12 §3.4.4 / RTE4 §4.2.9 (cmi.interactions.n.objectives and .correct_responses have _count, no _children)',
    match: (v, d) => /interactions\.\d+\.(objectives|correct_responses)\._children$/.test(el(d)) },
  { id: 'get-beyond-count-2004', section: 'RTE4 §3.1.7.5 (301 General Get Failure: an index beyond _count)',
    match: (v, d) => v === '2004' && isGet(d) && d.ours[1] === '301' && indexProblem(d) },
  { id: 'id-first-2004', section: 'RTE4 §4.2.9 cmi.interactions, §4.2.17 cmi.objectives (408: the id is set first)',
    match: (v, d) => v === '2004' && isSet(d) && d.ours[1] === '408' && /\.id must be set/.test(ourDiag(d)) },
  { id: 'adl-data-records', section: 'RTE4 §4.3 adl.data (records come from the manifest\'s adlcp:data map only)',
    match: (v, d) => v === '2004' && /^adl\.data\./.test(el(d)) && d.ours[1] !== '0' },
  { id: 'check-order', section: '(none: the books do not order the checks; both refuse the call)',
    match: (v, d) => refusedBoth(d) && (indexProblem(d) || /read only/.test(ourDiag(d))) },
  { id: 'children-order', section: 'RTE4 §4.2 (_children: the same list, in another order)',
    match: (v, d) => isGet(d) && /\._children$/.test(el(d)) && d.ours[0].split(',').sort().join() === d.theirs[0].split(',').sort().join() },
  { id: 'timeinterval', section: 'RTE4 §4.1 timeinterval (second,10,2): "P" alone or a trailing "T" is not a duration',
    match: (v, d) => v === '2004' && isSet(d) && /^PT?$/.test(d.args[1]) && d.ours[1] === '406' },
  { id: 'time-second', section: 'RTE4 §4.1 time (second,10,0): years 1970-2038, a time zone may follow the seconds',
    match: (v, d) => v === '2004' && isSet(d) && /timestamp$/.test(el(d)) && /^(2039|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-])/.test(d.args[1]) },
  { id: 'launch-data-403', section: 'RTE4 §4.2.11 cmi.launch_data (no dataFromLMS in the manifest: 403)',
    match: (v, d) => v === '2004' && el(d) === 'cmi.launch_data' && d.ours[1] === '403' },
  { id: 'nav-request-readable', section: 'RTE4 §4.4.1 adl.nav.request (read/write, "_none_" until a request is set)',
    match: (v, d) => v === '2004' && isGet(d) && el(d) === 'adl.nav.request' },
  { id: 'stale-error', section: 'RTE4 §3.1.7 / RTE12 §3.3.3 (a successful call sets the error code to 0)',
    match: (v, d) => d.ours[1] === '0' && d.theirs[0] === d.ours[0] && d.theirs[1] !== '0' },
  { id: 'empty-characterstring', section: 'RTE4 §4.1 characterstring (the empty string is a value)',
    match: (v, d) => v === '2004' && isSet(d) && d.args[1] === '' && d.ours[1] === '0' && d.theirs[1] === '406' },
  { id: 'long-identifier', section: 'RTE4 §4.1 long_identifier_type (a URI: no white space)',
    match: (v, d) => v === '2004' && isSet(d) && /\.id$/.test(el(d)) && d.ours[1] === '406' && d.theirs[1] === '0' },
  { id: 'refused-set-creates-record', section: 'RTE4 §3.1.7 / RTE12 §3.3.3 (a refused SetValue changes nothing)',
    match: (v, d) => isGet(d) && /\._count$/.test(el(d)) && Number(d.theirs[0]) > Number(d.ours[0]) }
];

function run(version, SAapi, calls) {
  const ours = LMS.createRuntime({ version, edition: '4th', data: START[version] });
  const api12 = version === '1.2';
  const theirs = api12
    ? new SAapi.Scorm12API({ logLevel: 5, autocommit: false, lmsCommitUrl: false })
    : new SAapi.Scorm2004API({ logLevel: 5, autocommit: false, lmsCommitUrl: false });
  theirs.loadFromFlattenedJSON(Object.assign({}, START[version]));
  const name = (m) => (api12 ? { Initialize: 'LMSInitialize', Terminate: 'LMSFinish', GetValue: 'LMSGetValue',
    SetValue: 'LMSSetValue', Commit: 'LMSCommit', GetLastError: 'LMSGetLastError' }[m] : m);
  const out = [];
  for (const [m, args] of calls) {
    const stateBefore = ours.state;
    const a = ours[m].apply(null, args);
    const ae = ours.GetLastError();
    const diag = ours.GetDiagnostic('');
    let b;
    try { b = theirs[name(m)].apply(theirs, args); } catch (e) { b = 'THROW ' + e.message; }
    const be = String(theirs[name('GetLastError')]());
    out.push({ m, args, stateBefore, diag, ours: [String(a), ae], theirs: [String(b), be] });
  }
  return out;
}

function key(version, d) {
  const el = d.args.length && d.m !== 'Commit' && d.m !== 'Initialize' && d.m !== 'Terminate'
    ? String(d.args[0]).replace(/\.\d+(?=\.|$)/g, '.n') : '';
  return `${version} ${d.m}(${el}) ours=${d.ours[1]} theirs=${d.theirs[1]}`;
}

/*
 * Only the first difference of a sequence is judged: after it the two run-times hold different
 * data or states, and what follows is a consequence.
 */
test('differential: our run-time and scorm-again agree except where scorm-again departs from the books', async () => {
  if (!fs.existsSync(SA)) {
    assert.fail(`scorm-again is missing (${SA}): run \`cd tests/browser && npm ci\` (or link tests/browser/node_modules)`);
  }
  const SAapi = await import(pathToFileURL(SA).href);
  const n = Number(process.env.DIFF_SEQUENCES || 400);
  const seed = Number(process.env.DIFF_SEED || 13);
  const unexplained = new Map();
  const explained = new Map();
  let total = 0;
  for (const version of ['1.2', '2004']) {
    const rnd = prng(seed + (version === '1.2' ? 0 : 1000));
    for (let i = 0; i < n; i++) {
      const calls = generate(version, rnd, 10 + Math.floor(rnd() * 30));
      for (const d of run(version, SAapi, calls)) {
        total++;
        if (d.ours[0] === d.theirs[0] && d.ours[1] === d.theirs[1]) continue;
        const dep = DEPARTURES.find((x) => x.match(version, d));
        const k = key(version, d) + (dep ? ' [' + dep.id + ']' : '');
        const map = dep ? explained : unexplained;
        if (!map.has(k)) map.set(k, { count: 0, example: d });
        map.get(k).count++;
        // The two now hold different data or states: later differences are consequences.
        break;
      }
    }
  }
  const report = [...unexplained.entries()].map(([k, v]) =>
    `${k}  x${v.count}  e.g. ${v.example.m}(${v.example.args.map((a) => JSON.stringify(String(a).slice(0, 40))).join(', ')}) ours ${JSON.stringify(v.example.ours)} scorm-again ${JSON.stringify(v.example.theirs)}`);
  if (process.env.DIFF_REPORT) {
    console.log([...explained.entries()].map(([k, v]) => `${k} x${v.count}`).join('\n'));
    console.log('UNEXPLAINED\n' + report.join('\n'));
  }
  assert.ok(total > 1000, 'too few calls compared');
  assert.deepStrictEqual(report, [], `${report.length} unexplained differences in ${total} calls`);
});

module.exports = { DEPARTURES };
