/*
 * Course Export Studio - the test LMS run-time.
 *
 * The SCORM 1.2 and 2004 data models and API state machines, written from the ADL books:
 * SCORM 1.2 RTE (2001) §3.3 (API, error codes) and §3.4 (data model); SCORM 2004 4th Ed RTE
 * §3.1 (API, state model, error codes §3.1.7) and §4 (data model; types §4.1, elements §4.2).
 *
 * Two layers:
 *   - createRuntime(cfg): one SCO session's API (Initialize ... Terminate). Pure: no DOM, no
 *     network. Hooks: cfg.hooks.commit(kind, runtime) -> boolean (persist; kind 'commit' or
 *     'terminate'), cfg.hooks.log(entry) (every API call), cfg.hooks.navValid(kind, target).
 *   - createLms(cfg): the LMS side (attempts, sessions, entry/exit, total_time, status
 *     evaluation against the manifest's values, mastery override, auto-complete, the record).
 *
 * Classic script, no build step: in a page it defines window.CourseLms; in Node
 * `require('assets/lms/runtime.js')`.
 */
(function (root) {
  'use strict';

  // ---------------------------------------------------------------------------
  // Error codes and strings (RTE12 §3.3.3 error code table; RTE4 §3.1.7 Table 3.1.7a)
  // ---------------------------------------------------------------------------

  var ERROR_STRINGS = {
    '1.2': {
      '0': 'No error',
      '101': 'General exception',
      '201': 'Invalid argument error',
      '202': 'Element cannot have children',
      '203': 'Element not an array - cannot have count',
      '301': 'Not initialized',
      '401': 'Not implemented error',
      '402': 'Invalid set value, element is a keyword',
      '403': 'Element is read only',
      '404': 'Element is write only',
      '405': 'Incorrect data type'
    },
    '2004': {
      '0': 'No Error',
      '101': 'General Exception',
      '102': 'General Initialization Failure',
      '103': 'Already Initialized',
      '104': 'Content Instance Terminated',
      '111': 'General Termination Failure',
      '112': 'Termination Before Initialization',
      '113': 'Termination After Termination',
      '122': 'Retrieve Data Before Initialization',
      '123': 'Retrieve Data After Termination',
      '132': 'Store Data Before Initialization',
      '133': 'Store Data After Termination',
      '142': 'Commit Before Initialization',
      '143': 'Commit After Termination',
      '201': 'General Argument Error',
      '301': 'General Get Failure',
      '351': 'General Set Failure',
      '391': 'General Commit Failure',
      '401': 'Undefined Data Model Element',
      '402': 'Unimplemented Data Model Element',
      '403': 'Data Model Element Value Not Initialized',
      '404': 'Data Model Element Is Read Only',
      '405': 'Data Model Element Is Write Only',
      '406': 'Data Model Element Type Mismatch',
      '407': 'Data Model Element Value Out Of Range',
      '408': 'Data Model Dependency Not Established'
    }
  };

  /* Which code each failure gets in each version. 1.2 has no terminated state of its own and
   * no range or dependency codes: calls after LMSFinish are 101 (general exception), an
   * out-of-range number is 405 (incorrect data type), an undefined element is 201 (invalid
   * argument: RTE12 §3.3.3 "an argument represents an invalid data model element"). */
  var CODES = {
    '1.2': {
      initAlready: 101, initAfterTerm: 101, initFail: 101,
      termBefore: 301, termAfter: 101, termFail: 101,
      getBefore: 301, getAfter: 101, setBefore: 301, setAfter: 101,
      commitBefore: 301, commitAfter: 101, commitFail: 101,
      general: 101, arg: 201, getFail: 201, setFail: 201, undef: 201, unimpl: 401, notInit: 0,
      ro: 403, wo: 404, keywordSet: 402, type: 405, range: 405, dep: 201,
      noChildren: 202, noCount: 203
    },
    '2004': {
      initAlready: 103, initAfterTerm: 104, initFail: 102,
      termBefore: 112, termAfter: 113, termFail: 111,
      getBefore: 122, getAfter: 123, setBefore: 132, setAfter: 133,
      commitBefore: 142, commitAfter: 143, commitFail: 391,
      general: 101, arg: 201, getFail: 301, setFail: 351, undef: 401, unimpl: 402, notInit: 403,
      ro: 404, wo: 405, keywordSet: 404, type: 406, range: 407, dep: 408,
      noChildren: 301, noCount: 301
    }
  };

  // ---------------------------------------------------------------------------
  // Data types (RTE12 §3.4.1 / Appendix A; RTE4 §4.1). A validator returns
  // null when the value is valid, 'type' for a type mismatch, 'range' for out of range.
  // ---------------------------------------------------------------------------

  var RE = {
    decimal12: /^-?\d+(\.\d+)?$/,
    real: /^-?(\d+(\.\d*)?|\.\d+)$/,
    sinteger: /^-?\d+$/,
    identifier12: /^[\x21-\x7E]{1,255}$/,
    timespan12: /^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$/,
    time12: /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,2})?$/,
    interval: /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/,
    time2004: /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,2})?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/,
    lang: /^(?:[a-zA-Z]{2,3}|i|x)(?:-[a-zA-Z0-9]{1,8})*$/,
    langPrefix: /^\{lang=([^}]*)\}/,
    shortId: /^\S{1,250}$/,
    longId: /^\S{1,4000}$/,
    urn: /^urn:([A-Za-z0-9][A-Za-z0-9-]{0,31}):(\S+)$/i
  };

  function vocab(list) {
    return function (v) { return list.indexOf(v) >= 0 ? null : 'type'; };
  }
  function maxLen(n) {
    return function (v) { return v.length <= n ? null : 'type'; };
  }
  function decimal12(min, max, blank) {
    return function (v) {
      if (v === '' && blank) return null;
      if (!RE.decimal12.test(v)) return 'type';
      var x = Number(v);
      if (min != null && (x < min || x > max)) return 'range';
      return null;
    };
  }
  function sinteger12(min, max) {
    return function (v) {
      if (!RE.sinteger.test(v)) return 'type';
      var x = Number(v);
      return x < min || x > max ? 'range' : null;
    };
  }
  function real(min, max) {
    return function (v) {
      if (!RE.real.test(v)) return 'type';
      var x = Number(v);
      if (!isFinite(x)) return 'type';
      if (min != null && x < min) return 'range';
      if (max != null && x > max) return 'range';
      return null;
    };
  }
  function timespan12(v) {
    return RE.timespan12.test(v) ? null : 'type';
  }
  function time12(v) {
    return RE.time12.test(v) ? null : 'type';
  }
  function interval(v) {
    if (v === 'P' || /T$/.test(v) || !RE.interval.test(v)) return 'type';
    return null;
  }
  function time2004(v) {
    var m = RE.time2004.exec(v);
    if (!m) return 'type';
    var y = Number(m[1]);
    if (y < 1970 || y > 2038) return 'type';
    if (m[2] != null && (Number(m[2]) < 1 || Number(m[2]) > 12)) return 'type';
    if (m[3] != null && (Number(m[3]) < 1 || Number(m[3]) > 31)) return 'type';
    if (m[4] != null && Number(m[4]) > 23) return 'type';
    if (m[5] != null && Number(m[5]) > 59) return 'type';
    if (m[6] != null && Number(m[6]) > 59) return 'type';
    return null;
  }
  function langTag(v) {
    return RE.lang.test(v) ? null : 'type';
  }
  function language(v) {
    return v === '' ? null : langTag(v);
  }
  function localized(spm) {
    return function (v) {
      var m = RE.langPrefix.exec(v);
      if (m) {
        if (langTag(m[1])) return 'type';
        v = v.slice(m[0].length);
      }
      return v.length <= spm ? null : 'type';
    };
  }
  function longId(v) {
    if (!RE.longId.test(v)) return 'type';
    if (/^urn:/i.test(v) && !RE.urn.test(v)) return 'type';
    return null;
  }
  function shortId(v) {
    return RE.shortId.test(v) ? null : 'type';
  }

  // --- interaction formats (RTE4 §4.2.9.1 correct_responses, §4.2.9.2 learner_response) ---

  function splitList(v) {
    return v === '' ? [] : v.split('[,]');
  }
  function allUnique(list) {
    var seen = {};
    for (var i = 0; i < list.length; i++) {
      if (Object.prototype.hasOwnProperty.call(seen, list[i])) return false;
      seen[list[i]] = true;
    }
    return true;
  }
  /** Strips leading {case_matters=..} / {order_matters=..} delimiters (each at most once). */
  function stripFlags(v, allowed) {
    var seen = {};
    for (;;) {
      var m = /^\{(case_matters|order_matters)=([^}]*)\}/.exec(v);
      if (!m) return v;
      if (allowed.indexOf(m[1]) < 0 || seen[m[1]] || (m[2] !== 'true' && m[2] !== 'false')) return null;
      seen[m[1]] = true;
      v = v.slice(m[0].length);
    }
  }
  function checkLocalizedList(v, max, spm) {
    var items = splitList(v);
    if (items.length > max) return 'type';
    for (var i = 0; i < items.length; i++) if (localized(spm)(items[i])) return 'type';
    return null;
  }
  function checkIdList(v, unique, max) {
    var items = splitList(v);
    if (items.length > max) return 'type';
    for (var i = 0; i < items.length; i++) if (shortId(items[i])) return 'type';
    if (unique && !allUnique(items)) return 'type';
    return null;
  }
  function checkMatching(v) {
    var items = splitList(v);
    if (items.length === 0 || items.length > 36) return 'type';
    for (var i = 0; i < items.length; i++) {
      var p = items[i].split('[.]');
      if (p.length !== 2 || shortId(p[0]) || shortId(p[1])) return 'type';
    }
    return null;
  }
  function checkPerformance(v, pattern) {
    var items = splitList(v);
    if (items.length === 0 || items.length > 125) return 'type';
    for (var i = 0; i < items.length; i++) {
      var p = items[i].split('[.]');
      if (p.length !== 2 || (p[0] === '' && p[1] === '')) return 'type';
      if (p[0] !== '' && shortId(p[0])) return 'type';
      if (p[1] !== '') {
        if (pattern && p[1].indexOf('[:]') >= 0) {
          if (checkNumericRange(p[1])) return 'type';
        } else if (p[1].length > 250) return 'type';
      }
    }
    return null;
  }
  function checkNumericRange(v) {
    var p = v.split('[:]');
    if (p.length !== 2) return 'type';
    if (p[0] !== '' && real()(p[0])) return 'type';
    if (p[1] !== '' && real()(p[1])) return 'type';
    if (p[0] !== '' && p[1] !== '' && Number(p[0]) > Number(p[1])) return 'type';
    return null;
  }

  /** learner_response (pattern=false) or correct_responses.n.pattern (pattern=true) of a type. */
  function checkResponse(type, v, pattern) {
    switch (type) {
      case 'true-false': return v === 'true' || v === 'false' ? null : 'type';
      case 'choice': return checkIdList(v, true, 36);
      case 'fill-in': {
        var f = pattern ? stripFlags(v, ['case_matters', 'order_matters']) : v;
        if (f == null) return 'type';
        return checkLocalizedList(f, 10, 250);
      }
      case 'long-fill-in': {
        var l = pattern ? stripFlags(v, ['case_matters']) : v;
        if (l == null) return 'type';
        return localized(4000)(l);
      }
      case 'likert': return shortId(v);
      case 'matching': return checkMatching(v);
      case 'performance': {
        var p = pattern ? stripFlags(v, ['order_matters']) : v;
        if (p == null) return 'type';
        return checkPerformance(p, pattern);
      }
      case 'sequencing': {
        var s = splitList(v);
        if (s.length === 0) return 'type';
        return checkIdList(v, false, 36);
      }
      case 'numeric': return pattern ? checkNumericRange(v) : real()(v);
      case 'other': return v.length <= 4000 ? null : 'type';
      default: return 'type';
    }
  }
  /** Types whose correct_responses hold at most one pattern (RTE4 §4.2.9.1 table). */
  var SINGLE_PATTERN = { 'true-false': 1, likert: 1, numeric: 1, other: 1 };

  // ---------------------------------------------------------------------------
  // Data model tables. Keys: element names with every array index replaced by "n".
  // [access, validator, spm-note]; access: 'ro' | 'wo' | 'rw'.
  // ---------------------------------------------------------------------------

  var STATUS12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'];
  var TYPES12 = ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'];
  var RESULT12 = ['correct', 'wrong', 'unanticipated', 'neutral'];
  var TYPES2004 = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance',
    'sequencing', 'likert', 'numeric', 'other'];
  var RESULT2004 = ['correct', 'incorrect', 'unanticipated', 'neutral'];
  var COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'];
  var SUCCESS = ['passed', 'failed', 'unknown'];

  function feedback12(v) { return v.length <= 255 ? null : 'type'; }
  function result12(v) {
    if (RESULT12.indexOf(v) >= 0) return null;
    return RE.decimal12.test(v) ? null : 'type';
  }
  function result2004(v) {
    if (RESULT2004.indexOf(v) >= 0) return null;
    return real()(v);
  }
  /* SCO may set every status but "not attempted" (RTE12 §3.4.4 cmi.core.lesson_status). */
  function lessonStatusSet(v) {
    return STATUS12.indexOf(v) >= 0 && v !== 'not attempted' ? null : 'type';
  }

  var DM12 = {
    'cmi.core.student_id': ['ro'],
    'cmi.core.student_name': ['ro'],
    'cmi.core.lesson_location': ['rw', maxLen(255)],
    'cmi.core.credit': ['ro'],
    'cmi.core.lesson_status': ['rw', lessonStatusSet],
    'cmi.core.entry': ['ro'],
    'cmi.core.score.raw': ['rw', decimal12(0, 100, true)],
    'cmi.core.score.min': ['rw', decimal12(0, 100, true)],
    'cmi.core.score.max': ['rw', decimal12(0, 100, true)],
    'cmi.core.total_time': ['ro'],
    'cmi.core.lesson_mode': ['ro'],
    'cmi.core.exit': ['wo', vocab(['time-out', 'suspend', 'logout', ''])],
    'cmi.core.session_time': ['wo', timespan12],
    'cmi.suspend_data': ['rw', maxLen(4096)],
    'cmi.launch_data': ['ro'],
    'cmi.comments': ['rw', maxLen(4096)],
    'cmi.comments_from_lms': ['ro'],
    'cmi.objectives.n.id': ['rw', function (v) { return RE.identifier12.test(v) ? null : 'type'; }],
    'cmi.objectives.n.score.raw': ['rw', decimal12(0, 100, true)],
    'cmi.objectives.n.score.min': ['rw', decimal12(0, 100, true)],
    'cmi.objectives.n.score.max': ['rw', decimal12(0, 100, true)],
    'cmi.objectives.n.status': ['rw', vocab(STATUS12)],
    'cmi.student_data.mastery_score': ['ro'],
    'cmi.student_data.max_time_allowed': ['ro'],
    'cmi.student_data.time_limit_action': ['ro'],
    'cmi.student_preference.audio': ['rw', sinteger12(-1, 100)],
    'cmi.student_preference.language': ['rw', maxLen(255)],
    'cmi.student_preference.speed': ['rw', sinteger12(-100, 100)],
    'cmi.student_preference.text': ['rw', sinteger12(-1, 1)],
    'cmi.interactions.n.id': ['wo', function (v) { return RE.identifier12.test(v) ? null : 'type'; }],
    'cmi.interactions.n.objectives.n.id': ['wo', function (v) { return RE.identifier12.test(v) ? null : 'type'; }],
    'cmi.interactions.n.time': ['wo', time12],
    'cmi.interactions.n.type': ['wo', vocab(TYPES12)],
    'cmi.interactions.n.correct_responses.n.pattern': ['wo', feedback12],
    'cmi.interactions.n.weighting': ['wo', decimal12(null, null, false)],
    'cmi.interactions.n.student_response': ['wo', feedback12],
    'cmi.interactions.n.result': ['wo', result12],
    'cmi.interactions.n.latency': ['wo', timespan12]
  };
  var CHILDREN12 = {
    'cmi': 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions',
    'cmi.core': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score': 'raw,min,max',
    'cmi.objectives': 'id,score,status',
    'cmi.objectives.n.score': 'raw,min,max',
    'cmi.student_data': 'mastery_score,max_time_allowed,time_limit_action',
    'cmi.student_preference': 'audio,language,speed,text',
    'cmi.interactions': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency'
  };
  var ARRAYS12 = ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives',
    'cmi.interactions.n.correct_responses'];

  var NAV = /^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_)$/;
  var NAV_TARGET = /^\{target=([^}]+)\}(choice|jump)$/;

  var DM2004 = {
    'cmi.comments_from_learner.n.comment': ['rw', localized(4000)],
    'cmi.comments_from_learner.n.location': ['rw', maxLen(250)],
    'cmi.comments_from_learner.n.timestamp': ['rw', time2004],
    'cmi.comments_from_lms.n.comment': ['ro'],
    'cmi.comments_from_lms.n.location': ['ro'],
    'cmi.comments_from_lms.n.timestamp': ['ro'],
    'cmi.completion_status': ['rw', vocab(COMPLETION)],
    'cmi.completion_threshold': ['ro'],
    'cmi.credit': ['ro'],
    'cmi.entry': ['ro'],
    'cmi.exit': ['wo', vocab(['time-out', 'suspend', 'logout', 'normal', ''])],
    'cmi.interactions.n.id': ['rw', longId],
    'cmi.interactions.n.type': ['rw', vocab(TYPES2004)],
    'cmi.interactions.n.objectives.n.id': ['rw', longId],
    'cmi.interactions.n.timestamp': ['rw', time2004],
    'cmi.interactions.n.correct_responses.n.pattern': ['rw', null],
    'cmi.interactions.n.weighting': ['rw', real()],
    'cmi.interactions.n.learner_response': ['rw', null],
    'cmi.interactions.n.result': ['rw', result2004],
    'cmi.interactions.n.latency': ['rw', interval],
    'cmi.interactions.n.description': ['rw', localized(250)],
    'cmi.launch_data': ['ro'],
    'cmi.learner_id': ['ro'],
    'cmi.learner_name': ['ro'],
    'cmi.learner_preference.audio_level': ['rw', real(0, null)],
    'cmi.learner_preference.language': ['rw', language],
    'cmi.learner_preference.delivery_speed': ['rw', real(0, null)],
    'cmi.learner_preference.audio_captioning': ['rw', vocab(['-1', '0', '1'])],
    'cmi.location': ['rw', maxLen(1000)],
    'cmi.max_time_allowed': ['ro'],
    'cmi.mode': ['ro'],
    'cmi.objectives.n.id': ['rw', longId],
    'cmi.objectives.n.score.scaled': ['rw', real(-1, 1)],
    'cmi.objectives.n.score.raw': ['rw', real()],
    'cmi.objectives.n.score.min': ['rw', real()],
    'cmi.objectives.n.score.max': ['rw', real()],
    'cmi.objectives.n.success_status': ['rw', vocab(SUCCESS)],
    'cmi.objectives.n.completion_status': ['rw', vocab(COMPLETION)],
    'cmi.objectives.n.progress_measure': ['rw', real(0, 1)],
    'cmi.objectives.n.description': ['rw', localized(250)],
    'cmi.progress_measure': ['rw', real(0, 1)],
    'cmi.scaled_passing_score': ['ro'],
    'cmi.score.scaled': ['rw', real(-1, 1)],
    'cmi.score.raw': ['rw', real()],
    'cmi.score.min': ['rw', real()],
    'cmi.score.max': ['rw', real()],
    'cmi.session_time': ['wo', interval],
    'cmi.success_status': ['rw', vocab(SUCCESS)],
    'cmi.suspend_data': ['rw', maxLen(64000)],
    'cmi.time_limit_action': ['ro'],
    'cmi.total_time': ['ro'],
    'adl.nav.request': ['rw', function (v) { return NAV.test(v) || NAV_TARGET.test(v) ? null : 'type'; }],
    'adl.data.n.id': ['ro'],
    'adl.data.n.store': ['rw', maxLen(64000)]
  };
  var CHILDREN2004 = {
    'cmi.comments_from_learner': 'comment,location,timestamp',
    'cmi.comments_from_lms': 'comment,location,timestamp',
    'cmi.interactions': 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
    'cmi.learner_preference': 'audio_level,language,delivery_speed,audio_captioning',
    'cmi.objectives': 'id,score,success_status,completion_status,progress_measure,description',
    'cmi.objectives.n.score': 'scaled,raw,min,max',
    'cmi.score': 'scaled,raw,min,max',
    'adl.data': 'id,store'
  };
  var ARRAYS2004 = ['cmi.comments_from_learner', 'cmi.comments_from_lms', 'cmi.interactions',
    'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses', 'cmi.objectives', 'adl.data'];
  /** Arrays whose records are created by setting their identifier first (RTE4 §4.2: 408). */
  var ID_FIRST2004 = { 'cmi.interactions': 'id', 'cmi.objectives': 'id' };

  var MODELS = {
    '1.2': { dm: DM12, children: CHILDREN12, arrays: ARRAYS12, version: '3.4', versionKey: 'cmi._version' },
    '2004': { dm: DM2004, children: CHILDREN2004, arrays: ARRAYS2004, version: '1.0', versionKey: 'cmi._version' }
  };

  // ---------------------------------------------------------------------------
  // Element names
  // ---------------------------------------------------------------------------

  /**
   * Splits an element name into its normalized key ("cmi.interactions.n.id") and the arrays it
   * indexes into ([{path: "cmi.interactions", index: 0}]). Returns null when a segment is empty.
   */
  function parseName(name) {
    var parts = String(name).split('.');
    var norm = [];
    var real = [];
    var arrays = [];
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (p === '') return null;
      if (/^(0|[1-9]\d*)$/.test(p)) {
        arrays.push({ path: real.join('.'), norm: norm.join('.'), index: Number(p) });
        norm.push('n');
      } else if (/^\d+$/.test(p)) {
        return null;
      } else {
        norm.push(p);
      }
      real.push(p);
    }
    return { norm: norm.join('.'), arrays: arrays, parts: parts };
  }

  // ---------------------------------------------------------------------------
  // Time arithmetic
  // ---------------------------------------------------------------------------

  /** Centiseconds of a 1.2 CMITimespan or a 2004 timeinterval; null when invalid. */
  function durationCs(v) {
    var m = RE.timespan12.exec(v);
    if (m) return Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] + (m[4] || ''))) * 100);
    if (v === 'P' || /T$/.test(v)) return null;
    m = RE.interval.exec(v);
    if (!m) return null;
    // Years and months have no fixed length; the RTE leaves the conversion to the LMS:
    // 365 and 30 days, as the ADL sample run-time.
    var s = (Number(m[1] || 0) * 365 + Number(m[2] || 0) * 30 + Number(m[3] || 0)) * 86400 +
      Number(m[4] || 0) * 3600 + Number(m[5] || 0) * 60 + Number(m[6] || 0);
    return Math.round(s * 100);
  }
  function pad(n, w) {
    var s = String(n);
    while (s.length < w) s = '0' + s;
    return s;
  }
  /** 1.2 CMITimespan HHHH:MM:SS.SS (hours capped at 9999). */
  function formatTimespan12(cs) {
    var h = Math.floor(cs / 360000);
    if (h > 9999) { h = 9999; cs = 9999 * 360000 + 359999; }
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    var c = cs % 100;
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(c, 2);
  }
  /** 2004 timeinterval: PT#H#M#S, zero = PT0S. */
  function formatInterval(cs) {
    if (cs <= 0) return 'PT0S';
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    var out = 'PT';
    if (h) out += h + 'H';
    if (m) out += m + 'M';
    if (s || (!h && !m)) out += String(Number(s.toFixed(2))) + 'S';
    return out;
  }

  // ---------------------------------------------------------------------------
  // Status evaluation (LMS side of the RTE)
  // ---------------------------------------------------------------------------

  function num(v) {
    if (v == null || v === '') return null;
    var x = Number(v);
    return isFinite(x) ? x : null;
  }

  /**
   * 2004 cmi.completion_status as the LMS reports it (RTE4 §4.2.4.1): with a completion
   * threshold, the progress measure decides (none reported: "unknown"); without one, the
   * SCO's value, "unknown" when it set none.
   */
  function evalCompletion(data) {
    var threshold = num(data['cmi.completion_threshold']);
    var set = data['cmi.completion_status'];
    if (threshold != null) {
      var pm = num(data['cmi.progress_measure']);
      if (pm == null) return 'unknown';
      return pm >= threshold ? 'completed' : 'incomplete';
    }
    return set == null || set === '' ? 'unknown' : set;
  }
  /**
   * 2004 cmi.success_status (RTE4 §4.2.22.1): with a scaled passing score, the scaled score
   * decides (none reported: "unknown"); without one, the SCO's value or "unknown".
   */
  function evalSuccess(data) {
    var sps = num(data['cmi.scaled_passing_score']);
    var set = data['cmi.success_status'];
    if (sps != null) {
      var sc = num(data['cmi.score.scaled']);
      if (sc == null) return 'unknown';
      return sc >= sps ? 'passed' : 'failed';
    }
    return set == null || set === '' ? 'unknown' : set;
  }

  // ---------------------------------------------------------------------------
  // The run-time (one SCO session)
  // ---------------------------------------------------------------------------

  /**
   * cfg.version  '1.2' | '2004'
   * cfg.edition  '3rd' | '4th' (2004; 4th adds adl.nav jump and adl.data)
   * cfg.data     flattened element -> string map the LMS starts the session with
   * cfg.hooks    { commit(kind, rt) -> bool (store; false = failure 391/111), after(kind, rt) (once the
   *               successful Commit/Terminate is logged), log(entry), navValid(kind, target) -> 'true'|'false'|'unknown' }
   * cfg.now      () -> ms (default Date.now)
   */
  function createRuntime(cfg) {
    var version = cfg.version === '1.2' ? '1.2' : '2004';
    var model = MODELS[version];
    var codes = CODES[version];
    var strings = ERROR_STRINGS[version];
    var hooks = cfg.hooks || {};
    var now = cfg.now || function () { return Date.now(); };
    var t0 = now();
    var data = {};
    var counts = {};
    var state = 'not-initialized';
    var lastError = '0';
    var lastDiagnostic = '';
    var setBySco = {};
    /* Elements this LMS pretends not to implement (to see how content copes: 1.2 LMSs may
     * leave every non-core group out, RTE12 §3.4 "Mandatory" column): name prefixes. */
    var unimplemented = cfg.unimplemented || [];
    function isUnimplemented(name) {
      for (var i = 0; i < unimplemented.length; i++) {
        var u = unimplemented[i];
        if (name === u || name.indexOf(u + '.') === 0) return true;
      }
      return false;
    }

    load(cfg.data || {});

    function load(flat) {
      data = {};
      counts = {};
      Object.keys(flat).forEach(function (k) {
        data[k] = String(flat[k]);
        var p = parseName(k);
        if (!p) return;
        p.arrays.forEach(function (a) {
          counts[a.path] = Math.max(counts[a.path] || 0, a.index + 1);
        });
      });
    }

    function fail(key, diagnostic) {
      lastError = String(codes[key]);
      lastDiagnostic = diagnostic || strings[lastError] || '';
      return lastError;
    }
    function ok() {
      lastError = '0';
      lastDiagnostic = '';
    }

    function isArray(norm) {
      return model.arrays.indexOf(norm) >= 0;
    }

    var NAMES12 = { Initialize: 'LMSInitialize', Terminate: 'LMSFinish', GetValue: 'LMSGetValue',
      SetValue: 'LMSSetValue', Commit: 'LMSCommit' };
    function log(method, args, result) {
      if (version === '1.2') method = NAMES12[method];
      if (hooks.log) {
        hooks.log({ method: method, args: args, result: result, error: lastError,
          diagnostic: lastError === '0' ? '' : lastDiagnostic, t_ms: Math.max(0, Math.round(now() - t0)) });
      }
      return result;
    }

    /** Checks every array index of the element: each must be < _count (get) or <= (set). */
    function checkIndexes(p, forSet) {
      for (var i = 0; i < p.arrays.length; i++) {
        var a = p.arrays[i];
        var c = counts[a.path] || 0;
        if (a.index < c) continue;
        // A set may append the next record (index == _count); the LMS alone creates adl.data
        // records, from the manifest's adlcp:data map (RTE4 §4.3).
        if (forSet && a.index === c && a.norm !== 'adl.data') continue;
        return { index: a, count: c };
      }
      return null;
    }

    function navValid(kind, target) {
      var v = hooks.navValid ? hooks.navValid(kind, target) : 'unknown';
      return v === 'true' || v === 'false' ? v : 'unknown';
    }

    // --- GetValue -------------------------------------------------------------

    function getValue(name) {
      if (state === 'not-initialized') { fail('getBefore'); return ''; }
      if (state === 'terminated') { fail('getAfter'); return ''; }
      if (name === '') { fail('getFail', 'GetValue needs a data model element name.'); return ''; }
      if (name === model.versionKey) { ok(); return model.version; }
      if (version === '2004' && /^adl\.nav\.request_valid\./.test(name)) return getNavValid(name);
      var p = parseName(name);
      if (!p) { fail('undef', 'Undefined data model element: ' + name); return ''; }
      var last = p.parts[p.parts.length - 1];
      if (last === '_children' || last === '_count' || last === '_version') return getKeyword(name, p, last);
      var def = model.dm[p.norm];
      if (!def) { fail('undef', 'Undefined data model element: ' + name); return ''; }
      if (version === '2004' && p.norm.indexOf('adl.data') === 0 && cfg.edition === '3rd') {
        fail('undef', 'adl.data is defined by SCORM 2004 4th Edition only.'); return '';
      }
      if (isUnimplemented(name)) { fail('unimpl', name + ' is not implemented by this LMS (test setting).'); return ''; }
      if (def[0] === 'wo') { fail('wo', name + ' is write only.'); return ''; }
      var bad = checkIndexes(p, false);
      if (bad) {
        fail('getFail', 'Index ' + bad.index.index + ' of ' + bad.index.path + ' does not exist (_count is ' + bad.count + ').');
        return '';
      }
      if (name === 'adl.nav.request') { ok(); return data[name] || '_none_'; }
      if (version === '2004' && name === 'cmi.completion_status') { ok(); return evalCompletion(data); }
      if (version === '2004' && name === 'cmi.success_status') { ok(); return evalSuccess(data); }
      if (!Object.prototype.hasOwnProperty.call(data, name)) {
        // An objective's statuses start as "unknown" (RTE4 §4.2.17 success_status, completion_status).
        if (p.norm === 'cmi.objectives.n.success_status' || p.norm === 'cmi.objectives.n.completion_status') {
          ok();
          return 'unknown';
        }
        if (codes.notInit) { fail('notInit', name + ' has no value yet.'); return ''; }
        ok();
        return '';
      }
      ok();
      return data[name];
    }

    function getKeyword(name, p, last) {
      var base = p.norm.slice(0, p.norm.length - last.length - 1);
      var baseReal = p.parts.slice(0, -1).join('.');
      if (last === '_version') {
        // Only cmi._version exists (handled before); elsewhere the keyword is undefined.
        fail('undef', name + ' is not defined: only ' + model.versionKey + ' exists.');
        return '';
      }
      var known = model.dm[base] || model.children[base] || isArray(base) || base === 'cmi' ||
        Object.keys(model.dm).some(function (k) { return k.indexOf(base + '.') === 0; });
      if (!known) { fail('undef', 'Undefined data model element: ' + baseReal); return ''; }
      var bad = checkIndexes({ arrays: p.arrays }, false);
      if (bad) {
        fail('getFail', 'Index ' + bad.index.index + ' of ' + bad.index.path + ' does not exist (_count is ' + bad.count + ').');
        return '';
      }
      if (last === '_children') {
        if (!model.children[base]) { fail('noChildren', baseReal + ' does not have children.'); return ''; }
        ok();
        return model.children[base];
      }
      if (!isArray(base)) { fail('noCount', baseReal + ' is not an array: it has no _count.'); return ''; }
      ok();
      return String(counts[baseReal] || 0);
    }

    function getNavValid(name) {
      var rest = name.slice('adl.nav.request_valid.'.length);
      if (rest === 'continue' || rest === 'previous') { ok(); return navValid(rest, null); }
      var m = /^(choice|jump)\.\{target=([^}]+)\}$/.exec(rest);
      if (m && !(m[1] === 'jump' && cfg.edition === '3rd')) { ok(); return navValid(m[1], m[2]); }
      fail('undef', 'Undefined data model element: ' + name);
      return '';
    }

    // --- SetValue -------------------------------------------------------------

    function setValue(name, value) {
      if (state === 'not-initialized') return fail('setBefore');
      if (state === 'terminated') return fail('setAfter');
      if (name === '') return fail('setFail', 'SetValue needs a data model element name.');
      value = value == null ? '' : String(value);
      if (name === model.versionKey) return fail('keywordSet', name + ' is a keyword (read only).');
      if (version === '2004' && /^adl\.nav\.request_valid\./.test(name)) {
        if (getNavValid(name) === '' && lastError !== '0') return lastError;
        return fail('ro', name + ' is read only.');
      }
      var p = parseName(name);
      if (!p) return fail('undef', 'Undefined data model element: ' + name);
      var last = p.parts[p.parts.length - 1];
      if (last === '_children' || last === '_count' || last === '_version') {
        var base = p.norm.slice(0, p.norm.length - last.length - 1);
        // Only the keywords an element has are defined: cmi.location._count is no element at all.
        var has = last === '_children' ? !!model.children[base] : last === '_count' ? isArray(base) : false;
        if (!has) return fail('undef', 'Undefined data model element: ' + name);
        return fail('keywordSet', name + ' is a keyword (read only).');
      }
      var def = model.dm[p.norm];
      if (!def) return fail('undef', 'Undefined data model element: ' + name);
      if (version === '2004' && p.norm.indexOf('adl.data') === 0 && cfg.edition === '3rd') {
        return fail('undef', 'adl.data is defined by SCORM 2004 4th Edition only.');
      }
      if (isUnimplemented(name)) return fail('unimpl', name + ' is not implemented by this LMS (test setting).');
      if (def[0] === 'ro') return fail('ro', name + ' is read only.');
      var bad = checkIndexes(p, true);
      if (bad) {
        return fail('setFail', 'Index ' + bad.index.index + ' of ' + bad.index.path +
          ' is out of order: _count is ' + bad.count + ', set index ' + bad.count + ' first.');
      }
      // 2004: a new interaction or objective record starts with its id (RTE4 §4.2.9, §4.2.17).
      var field = p.parts[p.parts.length - 1];
      var top = p.arrays.length ? p.arrays[0] : null;
      if (version === '2004' && top && ID_FIRST2004[top.norm]) {
        var recordId = top.path + '.' + top.index + '.id';
        if (!Object.prototype.hasOwnProperty.call(data, recordId) && name !== recordId) {
          return fail('dep', top.path + '.' + top.index + '.id must be set before ' + name + '.');
        }
      }
      var check = def[1];
      if (version === '2004' && (p.norm === 'cmi.interactions.n.learner_response' ||
          p.norm === 'cmi.interactions.n.correct_responses.n.pattern')) {
        var typeKey = top.path + '.' + top.index + '.type';
        var type = data[typeKey];
        if (type == null) return fail('dep', typeKey + ' must be set before ' + name + '.');
        var r = checkResponse(type, value, p.norm !== 'cmi.interactions.n.learner_response');
        if (r) return fail(r, 'Value "' + clip(value) + '" is not a valid ' + type + ' response for ' + name + '.');
        if (p.arrays.length === 2 && SINGLE_PATTERN[type] && p.arrays[1].index > 0) {
          return fail('setFail', 'A ' + type + ' interaction holds one correct response pattern.');
        }
      } else if (check) {
        var res = check(value);
        if (res) {
          return fail(res, res === 'range'
            ? 'Value "' + clip(value) + '" is out of range for ' + name + '.'
            : 'Value "' + clip(value) + '" does not have the type of ' + name + '.');
        }
      }
      // Identifier uniqueness within the array (RTE4 §4.2.17.1, §4.2.9 objectives.n.id).
      if (version === '2004' && field === 'id' && p.arrays.length) {
        var arr = p.arrays[p.arrays.length - 1];
        var own = data[name];
        if (own != null && own !== value && (arr.norm === 'cmi.objectives' || arr.norm === 'cmi.interactions')) {
          return fail('setFail', name + ' is already "' + own + '": an identifier cannot change once set.');
        }
        var n = counts[arr.path] || 0;
        for (var i = 0; i < n; i++) {
          if (i !== arr.index && data[arr.path + '.' + i + '.id'] === value &&
              (arr.norm === 'cmi.objectives' || arr.norm === 'cmi.interactions.n.objectives')) {
            return fail('setFail', 'Identifier "' + clip(value) + '" is already used by ' + arr.path + '.' + i + '.');
          }
        }
      }
      data[name] = value;
      setBySco[name] = true;
      p.arrays.forEach(function (a) {
        counts[a.path] = Math.max(counts[a.path] || 0, a.index + 1);
      });
      ok();
      return '0';
    }

    function clip(v) {
      return v.length > 60 ? v.slice(0, 57) + '...' : v;
    }

    // --- session methods ------------------------------------------------------

    function initialize(arg) {
      if (arg !== '') return fail('arg', 'The argument must be the empty string.');
      if (state === 'running') return fail('initAlready');
      if (state === 'terminated') return fail('initAfterTerm');
      if (hooks.initialize && hooks.initialize(api) === false) {
        return fail('initFail', 'The LMS could not start the session.');
      }
      state = 'running';
      ok();
      return '0';
    }

    function commit(arg, kind) {
      var saved = true;
      if (hooks.commit) {
        try { saved = hooks.commit(kind, api) !== false; } catch (e) { saved = false; }
      }
      return saved;
    }

    function doCommit(arg) {
      if (arg !== '') return fail('arg', 'The argument must be the empty string.');
      if (state === 'not-initialized') return fail('commitBefore');
      if (state === 'terminated') return fail('commitAfter');
      if (!commit(arg, 'commit')) return fail('commitFail', 'The LMS could not store the data.');
      ok();
      return '0';
    }

    function terminate(arg) {
      if (arg !== '') return fail('arg', 'The argument must be the empty string.');
      if (state === 'not-initialized') return fail('termBefore');
      if (state === 'terminated') return fail('termAfter');
      state = 'terminated';
      if (!commit(arg, 'terminate')) return fail('termFail', 'The LMS could not store the data.');
      ok();
      return '0';
    }

    function errorString(code) {
      code = String(code);
      return Object.prototype.hasOwnProperty.call(strings, code) ? strings[code] : '';
    }
    function diagnostic(code) {
      code = String(code);
      if (code === '' || code === lastError) return lastError === '0' && code === '' ? '' : lastDiagnostic;
      return errorString(code);
    }

    function bool(code) {
      return code === '0' ? 'true' : 'false';
    }

    var api = {
      version: version,
      get state() { return state; },
      Initialize: function (a) { return log('Initialize', [a], bool(initialize(str(a)))); },
      Terminate: function (a) { return after('terminate', log('Terminate', [a], bool(terminate(str(a))))); },
      GetValue: function (e) {
        var v;
        try { v = getValue(str(e)); } catch (x) { fail('general', 'Internal error: ' + x); v = ''; }
        return log('GetValue', [e], v);
      },
      SetValue: function (e, v) {
        var c;
        try { c = setValue(str(e), v); } catch (x) { c = fail('general', 'Internal error: ' + x); }
        return log('SetValue', [e, v], bool(c));
      },
      Commit: function (a) { return after('commit', log('Commit', [a], bool(doCommit(str(a))))); },
      GetLastError: function () { return lastError; },
      GetErrorString: function (c) { return errorString(c); },
      GetDiagnostic: function (c) { return diagnostic(c == null ? '' : c); },
      /** The data as the LMS records it: statuses evaluated, keys sorted. */
      snapshot: function () {
        var out = {};
        Object.keys(data).sort().forEach(function (k) { out[k] = data[k]; });
        if (version === '2004') {
          out['cmi.completion_status'] = evalCompletion(data);
          out['cmi.success_status'] = evalSuccess(data);
        }
        return out;
      },
      /** Raw stored values (what the SCO set, before evaluation). */
      raw: function () { return data; },
      setBySco: function (name) { return !!setBySco[name]; },
      elapsedMs: function () { return now() - t0; }
    };
    function str(a) {
      return a == null ? '' : String(a);
    }
    /* After a Commit/Terminate is logged (so the record holds the call itself), the LMS may persist. */
    function after(kind, result) {
      if (result === 'true' && hooks.after) {
        try { hooks.after(kind, api); } catch (e) { /* persisting is the LMS's business */ }
      }
      return result;
    }
    return api;
  }

  /** window.API (1.2 names) over a runtime. */
  function adapter12(rt) {
    return {
      LMSInitialize: function (a) { return rt.Initialize(a); },
      LMSFinish: function (a) { return rt.Terminate(a); },
      LMSGetValue: function (e) { return rt.GetValue(e); },
      LMSSetValue: function (e, v) { return rt.SetValue(e, v); },
      LMSCommit: function (a) { return rt.Commit(a); },
      LMSGetLastError: function () { return rt.GetLastError(); },
      LMSGetErrorString: function (c) { return rt.GetErrorString(c); },
      LMSGetDiagnostic: function (c) { return rt.GetDiagnostic(c); }
    };
  }
  /** window.API_1484_11 over a runtime. */
  function adapter2004(rt) {
    return {
      version: '1.0',
      Initialize: function (a) { return rt.Initialize(a); },
      Terminate: function (a) { return rt.Terminate(a); },
      GetValue: function (e) { return rt.GetValue(e); },
      SetValue: function (e, v) { return rt.SetValue(e, v); },
      Commit: function (a) { return rt.Commit(a); },
      GetLastError: function () { return rt.GetLastError(); },
      GetErrorString: function (c) { return rt.GetErrorString(c); },
      GetDiagnostic: function (c) { return rt.GetDiagnostic(c); }
    };
  }

  // ---------------------------------------------------------------------------
  // The LMS side: attempts, sessions, entry/exit, total time, statuses, the record
  // ---------------------------------------------------------------------------

  /** Elements that live for one session only and never carry over to the next launch. */
  var SESSION_ONLY = {
    '1.2': ['cmi.core.exit', 'cmi.core.session_time', 'cmi.core.entry'],
    '2004': ['cmi.exit', 'cmi.session_time', 'cmi.entry', 'adl.nav.request']
  };

  /**
   * cfg.version    '1.2' | '2004'; cfg.edition '3rd' | '4th' | null
   * cfg.schemaversion  manifest text, for the record's "version"
   * cfg.package    package name
   * cfg.scos       [{ id, title, masteryScore, completionThreshold, scaledPassingScore, launchData,
   *                   maxTimeAllowed, timeLimitAction, completionSetByContent, objectiveSetByContent }]
   * cfg.options    { newAttempt: 'reset'|'keep', masteryOverride, autoComplete }
   * cfg.learner    { id, name }
   * cfg.expected   what the status table predicts (our packages) or null
   * cfg.persist    (record, reason) -> bool: store the record (reason 'commit'|'terminate'|'end')
   * cfg.log        (scoId, entry) called for every API call
   * cfg.record     an earlier record to continue (kept runs)
   * cfg.now        () -> ms
   */
  function createLms(cfg) {
    var version = cfg.version === '1.2' ? '1.2' : '2004';
    var options = cfg.options || {};
    var learner = cfg.learner || { id: 'learner-1', name: 'Learner, Test' };
    var scos = cfg.scos || [];
    var record = cfg.record || {
      package: cfg.package || '',
      version: recordVersion(cfg),
      expected: cfg.expected || null,
      reached: null,
      attempts: []
    };
    /* Per attempt and SCO: the exit of its last session and whether it ended. */
    var scoState = {};
    if (cfg.record && record.attempts.length) {
      // Continuing a record (the page was reloaded): every session in it has ended.
      record.attempts[record.attempts.length - 1].sessions.forEach(function (s) {
        scoState[s.sco] = { exit: s.exit || '', ended: true };
      });
    }
    var current = null; // { sco, runtime, session }

    function recordVersion(c) {
      var sv = String(c.schemaversion || '').trim();
      if (version === '1.2') return '1.2';
      if (/3rd/i.test(sv)) return '2004-3rd';
      if (/4th/i.test(sv)) return '2004-4th';
      return '2004';
    }

    function sco(id) {
      for (var i = 0; i < scos.length; i++) if (scos[i].id === id) return scos[i];
      return null;
    }
    function attempt() {
      if (!record.attempts.length) newAttemptRecord();
      return record.attempts[record.attempts.length - 1];
    }
    function newAttemptRecord() {
      record.attempts.push({ number: record.attempts.length + 1, sessions: [], cmi: {} });
      scoState = {};
    }

    /** What the LMS initializes for a SCO that has no data in this attempt. */
    function freshData(s) {
      var d = {};
      var has = function (v) { return v != null && v !== ''; };
      if (version === '1.2') {
        d['cmi.core.student_id'] = learner.id;
        d['cmi.core.student_name'] = learner.name;
        d['cmi.core.credit'] = 'credit';
        d['cmi.core.lesson_status'] = 'not attempted';
        d['cmi.core.lesson_mode'] = 'normal';
        d['cmi.core.total_time'] = '0000:00:00.00';
        if (has(s.launchData)) d['cmi.launch_data'] = String(s.launchData);
        if (has(s.masteryScore)) d['cmi.student_data.mastery_score'] = String(s.masteryScore);
        if (has(s.maxTimeAllowed)) d['cmi.student_data.max_time_allowed'] = String(s.maxTimeAllowed);
        if (has(s.timeLimitAction)) d['cmi.student_data.time_limit_action'] = String(s.timeLimitAction);
      } else {
        d['cmi.learner_id'] = learner.id;
        d['cmi.learner_name'] = learner.name;
        d['cmi.credit'] = 'credit';
        d['cmi.mode'] = 'normal';
        d['cmi.completion_status'] = 'unknown';
        d['cmi.success_status'] = 'unknown';
        d['cmi.total_time'] = 'PT0S';
        d['cmi.time_limit_action'] = has(s.timeLimitAction) ? String(s.timeLimitAction) : 'continue,no message';
        d['cmi.learner_preference.audio_level'] = '1';
        d['cmi.learner_preference.language'] = '';
        d['cmi.learner_preference.delivery_speed'] = '1';
        d['cmi.learner_preference.audio_captioning'] = '0';
        if (has(s.launchData)) d['cmi.launch_data'] = String(s.launchData);
        if (has(s.completionThreshold)) d['cmi.completion_threshold'] = String(s.completionThreshold);
        if (has(s.scaledPassingScore)) d['cmi.scaled_passing_score'] = String(s.scaledPassingScore);
        if (has(s.maxTimeAllowed)) d['cmi.max_time_allowed'] = String(s.maxTimeAllowed);
      }
      return d;
    }

    function entryKey() { return version === '1.2' ? 'cmi.core.entry' : 'cmi.entry'; }
    function exitKey() { return version === '1.2' ? 'cmi.core.exit' : 'cmi.exit'; }

    /**
     * Launches a SCO: decides entry and data from how its last session ended (RTE12 §3.4.4
     * cmi.core.entry; RTE4 §4.2.7 cmi.entry, §4.2.8 cmi.exit). A relaunch after a non-suspend
     * exit starts a new attempt (options.newAttempt 'reset') or reopens the data ('keep').
     */
    function launch(scoId, hooks, relaunching) {
      var s = sco(scoId);
      if (!s) throw new Error('no SCO ' + scoId);
      if (current && current.runtime.state !== 'terminated') endSession();
      var st = scoState[scoId];
      var entry;
      var fresh = false;
      if (!st) {
        entry = attempt().cmi[scoId] ? '' : 'ab-initio';
      } else if (st.exit === 'suspend') {
        entry = 'resume';
      } else if (relaunching && options.newAttempt !== 'keep') {
        // The package is launched again after a non-suspend exit: a new attempt.
        newAttemptRecord();
        entry = 'ab-initio';
      } else if (!relaunching && version === '2004') {
        // Navigating back to a SCO that ended normally: a new attempt on that activity,
        // with new run-time data (RTE4 §4.2.7 cmi.entry), inside the package's attempt.
        entry = 'ab-initio';
        fresh = true;
      } else {
        entry = '';
      }
      var a = attempt();
      var data = entry === 'ab-initio' || fresh ? freshData(s) : copy(a.cmi[scoId] || freshData(s));
      SESSION_ONLY[version].forEach(function (k) { delete data[k]; });
      data[entryKey()] = entry;
      var session = { sco: scoId, entry: entry, exit: '', terminated: false, calls: [] };
      a.sessions.push(session);
      if (!a.cmi[scoId]) a.cmi[scoId] = copy(data);
      hooks = hooks || {};
      var rt = createRuntime({
        version: version,
        edition: cfg.edition,
        unimplemented: cfg.unimplemented,
        data: data,
        now: cfg.now,
        hooks: {
          commit: function (kind, r) { return store(scoId, session, r, kind); },
          after: function (kind) { persist(kind); },
          log: function (e) {
            session.calls.push(e);
            if (cfg.log) cfg.log(scoId, e);
          },
          navValid: hooks.navValid
        }
      });
      current = { sco: scoId, runtime: rt, session: session };
      scoState[scoId] = { exit: null, ended: false };
      return rt;
    }

    /** Commit/terminate: the LMS takes the SCO's data, applies its own rules, persists. */
    function store(scoId, session, rt, kind) {
      var d = rt.snapshot();
      var a = attempt();
      var exit = d[exitKey()] || '';
      session.exit = exit;
      if (kind === 'terminate') {
        session.terminated = true;
        d = finish(scoId, d, rt);
        scoState[scoId] = { exit: exit, ended: true };
      } else {
        scoState[scoId] = { exit: exit, ended: false };
      }
      a.cmi[scoId] = d;
      record.reached = reached();
      return true;
    }

    function persist(reason) {
      if (!cfg.persist) return true;
      try { return cfg.persist(record, reason) !== false; } catch (e) { return false; }
    }

    /** LMS rules applied when a session ends (terminated, or abandoned by the learner). */
    function finish(scoId, d, rt) {
      var s = sco(scoId) || {};
      var timeKey = version === '1.2' ? 'cmi.core.total_time' : 'cmi.total_time';
      var sessKey = version === '1.2' ? 'cmi.core.session_time' : 'cmi.session_time';
      var total = durationCs(d[timeKey] || '') || 0;
      var sess = d[sessKey] != null ? durationCs(d[sessKey]) : null;
      if (sess != null) total += sess;
      d[timeKey] = version === '1.2' ? formatTimespan12(total) : formatInterval(total);
      if (version === '1.2') {
        var raw = num(d['cmi.core.score.raw']);
        var mastery = num(d['cmi.student_data.mastery_score']);
        if (options.masteryOverride && mastery != null && raw != null && d['cmi.core.credit'] === 'credit') {
          d['cmi.core.lesson_status'] = raw >= mastery ? 'passed' : 'failed';
        }
        if (options.autoComplete && d['cmi.core.lesson_status'] === 'not attempted') {
          d['cmi.core.lesson_status'] = 'completed';
        }
      } else if (options.autoComplete && (d['cmi.completion_status'] === 'unknown' || d['cmi.completion_status'] === 'not attempted')) {
        d['cmi.completion_status'] = 'completed';
      }
      return d;
    }

    /**
     * The outcome the LMS holds for the package. 2004 also applies the sequencing defaults of
     * deliveryControls (SN4 §3.13.2 / §4.2.1 "Content Delivery Environment"): without
     * completionSetByContent the activity is completed when the SCO reported no completion,
     * without objectiveSetByContent it is satisfied (passed) when the SCO reported no success.
     */
    function reached() {
      var a = attempt();
      var ids = scos.map(function (x) { return x.id; });
      var per = {};
      ids.forEach(function (id) {
        var d = a.cmi[id];
        if (!d) return;
        var s = sco(id) || {};
        if (version === '1.2') {
          per[id] = { lesson_status: d['cmi.core.lesson_status'] || 'not attempted',
            score: num(d['cmi.core.score.raw']) };
        } else {
          var comp = d['cmi.completion_status'] || 'unknown';
          var succ = d['cmi.success_status'] || 'unknown';
          var ended = scoState[id] && scoState[id].ended;
          if (ended && comp === 'unknown' && !s.completionSetByContent) comp = 'completed';
          if (ended && succ === 'unknown' && !s.objectiveSetByContent) succ = 'passed';
          per[id] = { completion_status: comp, success_status: succ,
            score: num(d['cmi.score.scaled']) };
        }
      });
      if (ids.length === 1) return per[ids[0]] || null;
      return rollup(ids.map(function (id) { return per[id] || null; }), per);
    }

    /**
     * The package's outcome from its SCOs. Simplified default rollup (SN4 §4.6 without
     * manifest rollup rules): completed when every SCO is, incomplete once one was launched;
     * failed when one failed, passed when every SCO passed. 1.2 has no rollup in the books:
     * the same rule on lesson_status.
     */
    function rollup(list, per) {
      var started = list.some(function (x) { return x; });
      if (version === '1.2') {
        var st = list.map(function (x) { return x ? x.lesson_status : 'not attempted'; });
        var status = st.indexOf('failed') >= 0 ? 'failed'
          : st.every(function (v) { return v === 'passed' || v === 'completed'; })
            ? (st.indexOf('passed') >= 0 ? 'passed' : 'completed')
            : started ? 'incomplete' : 'not attempted';
        return { lesson_status: status, score: null, scos: per };
      }
      var comp = list.every(function (x) { return x && x.completion_status === 'completed'; }) ? 'completed'
        : started ? 'incomplete' : 'unknown';
      var succ = list.some(function (x) { return x && x.success_status === 'failed'; }) ? 'failed'
        : list.every(function (x) { return x && x.success_status === 'passed'; }) ? 'passed' : 'unknown';
      return { completion_status: comp, success_status: succ, score: null, scos: per };
    }

    /** Ends the running session as the SCO left it (no Terminate: the last commit stands). */
    function endSession() {
      if (!current) return;
      var id = current.sco;
      var a = attempt();
      var d = a.cmi[id];
      if (current.runtime.state !== 'terminated' && d) {
        scoState[id] = { exit: d[exitKey()] || current.session.exit || '', ended: true };
        a.cmi[id] = finish(id, copy(d), current.runtime);
        record.reached = reached();
        persist('end');
      }
      current = null;
    }

    function copy(o) {
      var out = {};
      Object.keys(o).forEach(function (k) { out[k] = o[k]; });
      return out;
    }

    return {
      version: version,
      launch: launch,
      endSession: endSession,
      /** Ends the session and launches the same SCO again (entry per the exit it left). */
      relaunch: function (hooks) {
        var id = current ? current.sco : (scos[0] && scos[0].id);
        endSession();
        return launch(id, hooks, true);
      },
      newAttempt: function () { endSession(); newAttemptRecord(); persist('end'); },
      resetLearner: function () {
        endSession();
        record.attempts = [];
        record.reached = null;
        scoState = {};
        persist('end');
      },
      record: function () { return record; },
      current: function () { return current; },
      reached: reached
    };
  }

  /** The panel's summary of one SCO's data. */
  function summary(version, d) {
    d = d || {};
    if (version === '1.2') {
      return { lesson_status: d['cmi.core.lesson_status'] || '', score: d['cmi.core.score.raw'] || '',
        location: d['cmi.core.lesson_location'] || '', suspend_data: (d['cmi.suspend_data'] || '').length,
        suspend_limit: 4096, location_limit: 255 };
    }
    return { completion_status: evalCompletion(d), success_status: evalSuccess(d),
      score: d['cmi.score.scaled'] || '', location: d['cmi.location'] || '',
      suspend_data: (d['cmi.suspend_data'] || '').length, suspend_limit: 64000, location_limit: 1000 };
  }

  var CourseLms = {
    createRuntime: createRuntime,
    createLms: createLms,
    adapter12: adapter12,
    adapter2004: adapter2004,
    summary: summary,
    evalCompletion: evalCompletion,
    evalSuccess: evalSuccess,
    durationCs: durationCs,
    formatTimespan12: formatTimespan12,
    formatInterval: formatInterval,
    checkResponse: checkResponse,
    ERROR_STRINGS: ERROR_STRINGS,
    CODES: CODES,
    DM12: DM12,
    DM2004: DM2004,
    CHILDREN12: CHILDREN12,
    CHILDREN2004: CHILDREN2004
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = CourseLms;
  else root.CourseLms = CourseLms;
})(typeof window !== 'undefined' ? window : this);
