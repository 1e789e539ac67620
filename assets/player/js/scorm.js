/*
 * Course Export Studio - course player, part 2 of 7, scorm.js:
 * the SCORM side: status table, time formats, interactions, API discovery and the LMS wrapper.
 *
 * The player is 7 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): strings.js, scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
 * No ES modules (they fail from file:// and in some LMS frames), no build step. In the browser
 * the namespace is window.CourseExportPlayer; in Node each part is a module that requires the
 * part before it and exports the whole namespace so far, for the unit tests.
 */
(function (CE) {
  'use strict';

  var EVENTS = ['start', 'pass', 'fail', 'viewed'];

  /** The row of the status table for a format and event: {completion, success}, null = not applicable. */
  function statusRow(table, format, event) {
    if (!table || !table.formats || !table.formats[format]) {
      throw new Error('unknown status format: ' + format);
    }
    var row = table.formats[format][event];
    if (!row) throw new Error('unknown status event: ' + event);
    return {
      completion: row.completion == null ? null : row.completion,
      success: row.success == null ? null : row.success
    };
  }

  /** SCORM 1.2: the one lesson_status for a (completion, success) pair, from the table. */
  function lessonStatus12(table, completion, success) {
    var rows = (table && table.scorm12_lesson_status) || [];
    var c = completion == null ? null : completion;
    var s = success == null ? null : success;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (r.completion === c && (r.success == null ? null : r.success) === s) return r.lesson_status;
    }
    // Pairs the table does not list (e.g. after merging with an LMS value).
    if (s === 'passed') return 'passed';
    if (s === 'failed') return 'failed';
    if (c === 'completed') return 'completed';
    if (c === 'incomplete') return 'incomplete';
    return null;
  }

  /** SCORM 1.2: the (completion, success) pair that a stored lesson_status stands for. */
  function pairFromLessonStatus(table, format, lessonStatus) {
    switch (lessonStatus) {
      case 'passed': return { completion: 'completed', success: 'passed' };
      case 'completed': return { completion: 'completed', success: null };
      case 'failed': {
        var fail = statusRow(table, format, 'fail');
        return { completion: fail.success === 'failed' && fail.completion ? fail.completion : 'completed', success: 'failed' };
      }
      case 'incomplete': return { completion: 'incomplete', success: null };
      default: return { completion: null, success: null };
    }
  }

  var COMPLETION_RANK = { 'not attempted': 0, unknown: 0, incomplete: 1, completed: 2 };

  var LESSON_RANK = { '': 0, 'not attempted': 0, browsed: 0, incomplete: 1, failed: 2, completed: 3, passed: 4 };

  /**
   * Merge a table row into the current status pair, never going backwards:
   * `completed` and `passed` are final; null (not applicable) leaves the element alone.
   */
  function mergeStatus(current, row) {
    var cur = current || { completion: null, success: null };
    var next = { completion: cur.completion == null ? null : cur.completion, success: cur.success == null ? null : cur.success };
    if (row.completion != null && next.completion !== 'completed') {
      if ((COMPLETION_RANK[row.completion] || 0) >= (COMPLETION_RANK[next.completion] || 0)) next.completion = row.completion;
    }
    if (row.success != null && next.success !== 'passed') {
      // `unknown` only clears a failure when it comes with completion (a pass row, e.g.
      // completed-failed); a start or fail row does not erase a recorded failure.
      if (!(row.success === 'unknown' && next.success === 'failed' && row.completion !== 'completed')) next.success = row.success;
    }
    return next;
  }

  /** True when `current` already holds everything `row` would write (or better). */
  function dominates(current, row) {
    var cur = current || {};
    var okC = row.completion == null || cur.completion === row.completion || cur.completion === 'completed';
    var okS = row.success == null || cur.success === row.success || cur.success === 'passed';
    return okC && okS;
  }

  /**
   * Apply a status event. Returns {pair, write: {completion, success}, ignored}.
   * `write` lists the values to send (null = don't write that element).
   * A fail after the course was passed (the pass row is already held) is ignored.
   */
  function applyStatusEvent(table, format, current, event) {
    var row = statusRow(table, format, event);
    var cur = current || { completion: null, success: null };
    if (event === 'fail' && dominates(cur, statusRow(table, format, 'pass'))) {
      return { pair: cur, write: { completion: null, success: null }, ignored: true };
    }
    var pair = mergeStatus(cur, row);
    return {
      pair: pair,
      write: {
        completion: row.completion == null ? null : pair.completion,
        success: row.success == null ? null : pair.success
      },
      ignored: false
    };
  }

  /** SCORM 1.2 lesson_status to write for a pair, never lower than the one the LMS holds. */
  function lessonStatusToWrite(table, pair, lmsStatus) {
    var ls = lessonStatus12(table, pair.completion, pair.success);
    if (ls == null) return null;
    var held = lmsStatus || '';
    if ((LESSON_RANK[held] || 0) > (LESSON_RANK[ls] || 0)) return null;
    if (held === 'completed' && ls === 'failed') return null;
    return ls;
  }

  /** True when the pair means the course (this SCO) is finished. */
  function isFinished(pair) {
    return !!pair && pair.completion === 'completed';
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  /** SCORM 1.2 CMITimespan HHHH:MM:SS.SS, clamped at 9999:59:59.99. */
  function formatTimespan12(ms) {
    var cs = Math.round(Math.max(0, Number(ms) || 0) / 10);
    var maxCs = (((9999 * 60) + 59) * 60 + 59) * 100 + 99;
    if (cs > maxCs) cs = maxCs;
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    var c = cs % 100;
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(c, 2);
  }

  /** SCORM 2004 timeinterval (second,10,2): ISO 8601 duration, e.g. PT1H2M3.5S, PT0S for zero. */
  function formatDuration2004(ms) {
    var cs = Math.round(Math.max(0, Number(ms) || 0) / 10);
    if (cs === 0) return 'PT0S';
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var scs = cs % 6000;
    var out = 'PT';
    if (h) out += h + 'H';
    if (m) out += m + 'M';
    if (scs) {
      var whole = Math.floor(scs / 100);
      var frac = scs % 100;
      var sec = String(whole);
      if (frac) sec += '.' + pad(frac, 2).replace(/0+$/, '');
      out += sec + 'S';
    }
    return out;
  }

  /** SCORM 1.2 CMITime (time of day) HH:MM:SS. */
  function formatTime12(date) {
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }

  /**
   * SCORM 2004 time (second,10,0) in UTC: YYYY-MM-DDThh:mm:ss.sZ. In the spec's notation
   * YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]] a time zone may only follow fractional seconds.
   */
  function formatTimestamp2004(date) {
    return date.getUTCFullYear() + '-' + pad(date.getUTCMonth() + 1, 2) + '-' + pad(date.getUTCDate(), 2) +
      'T' + pad(date.getUTCHours(), 2) + ':' + pad(date.getUTCMinutes(), 2) + ':' + pad(date.getUTCSeconds(), 2) +
      '.' + Math.floor(date.getUTCMilliseconds() / 100) + 'Z';
  }

  /** A real number as a plain decimal string with at most `digits` decimals (no exponent). */
  function formatReal(x, digits) {
    var d = digits == null ? 7 : digits;
    var s = Number(x).toFixed(d);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (s === '-0') s = '0';
    return s;
  }

  function parseNumber(text) {
    var t = String(text == null ? '' : text).trim();
    if (t.indexOf(',') >= 0 && t.indexOf('.') < 0) t = t.replace(',', '.');
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return NaN;
    return Number(t);
  }

  var CHARS12 = 'abcdefghijklmnopqrstuvwxyz0123456789';

  function interactionType(q) {
    switch (q.type) {
      case 'single-choice':
      case 'multiple-choice': return 'choice';
      case 'true-false': return 'true-false';
      case 'fill-in': return 'fill-in';
      case 'numeric': return 'numeric';
      default: return 'other';
    }
  }

  /** SCORM 2004 short identifiers for the options of a choice question (unique, readable). */
  function optionIds2004(q) {
    var seen = {};
    return q.options.map(function (text, i) {
      var slug = String(text).normalize ? String(text).normalize('NFKD') : String(text);
      slug = slug.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
      var id = slug ? slug : 'option_' + (i + 1);
      if (seen[id.toLowerCase()]) id = id + '_' + (i + 1);
      seen[id.toLowerCase()] = true;
      return id;
    });
  }

  function cleanText(s, max) {
    // No delimiter sequences or braces at the start; keep within the SPM.
    var t = String(s == null ? '' : s).replace(/\[[,.:]\]/g, ' ').replace(/[\r\n\t]+/g, ' ').trim();
    if (t.charAt(0) === '{') t = '(' + t.slice(1);
    return t.length > max ? t.slice(0, max) : t;
  }

  function escapeId12(s) {
    return String(s).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 255);
  }

  /**
   * The cmi.interactions.n.* fields for one answered question, in the order they must be
   * set (id, type first). Returns [[suffix, value], ...]. opts: {version, answer, correct,
   * latencyMs, now, objectiveId}.
   */
  function interactionFields(q, opts) {
    var v12 = opts.version === '1.2';
    var type = interactionType(q);
    var ans = opts.answer;
    var fields = [];
    var id = v12 ? escapeId12(q.sectionId + '_' + q.id) : q.sectionId + '_' + q.id;
    fields.push(['id', id]);
    fields.push(['type', type]);
    if (opts.objectiveId) fields.push(['objectives.0.id', v12 ? escapeId12(opts.objectiveId) : opts.objectiveId]);
    if (v12) fields.push(['time', formatTime12(opts.now)]);
    else fields.push(['timestamp', formatTimestamp2004(opts.now)]);
    // 1.2 weighting is a CMIDecimal of -100..100 in the reference run-time.
    fields.push(['weighting', formatReal(v12 ? Math.min(q.weight, 100) : q.weight, 7)]);

    var response = '';
    var patterns = [];
    if (type === 'choice' || type === 'true-false') {
      var idx = Array.isArray(ans) ? ans.slice().sort(function (a, b) { return a - b; }) : [];
      var correctIdx = q.correct.map(function (c) { return q.options.indexOf(c); }).filter(function (i) { return i >= 0; }).sort(function (a, b) { return a - b; });
      if (type === 'true-false') {
        var tf = function (i) { return q.options[i] === 'True' ? (v12 ? 't' : 'true') : (v12 ? 'f' : 'false'); };
        response = idx.length ? tf(idx[0]) : '';
        patterns.push(correctIdx.length ? tf(correctIdx[0]) : '');
      } else if (v12) {
        var ch = function (i) { return CHARS12.charAt(i); };
        if (q.options.length <= CHARS12.length) {
          response = idx.map(ch).join(',');
          patterns.push(correctIdx.map(ch).join(','));
        }
      } else {
        var ids = optionIds2004(q);
        response = idx.map(function (i) { return ids[i]; }).join('[,]');
        patterns.push(correctIdx.map(function (i) { return ids[i]; }).join('[,]'));
      }
    } else if (type === 'fill-in') {
      response = cleanText(ans, v12 ? 255 : 250);
      q.correct.slice(0, 5).forEach(function (c) {
        patterns.push(v12 ? cleanText(c, 255) : '{case_matters=false}' + cleanText(c, 250));
      });
    } else if (type === 'numeric') {
      var n = parseNumber(ans);
      response = isFinite(n) ? formatReal(n, 7) : '';
      var first = String(q.correct[0] == null ? '' : q.correct[0]).trim();
      var colon = first.indexOf(':');
      if (colon > 0) {
        var lo = parseNumber(first.slice(0, colon));
        var hi = parseNumber(first.slice(colon + 1));
        // SCORM 1.2 has no range pattern: no correct response is written for a range.
        if (!v12 && isFinite(lo) && isFinite(hi)) patterns.push(formatReal(lo, 7) + '[:]' + formatReal(hi, 7));
      } else {
        var x = parseNumber(first);
        if (isFinite(x)) patterns.push(v12 ? formatReal(x, 7) : formatReal(x, 7) + '[:]' + formatReal(x, 7));
      }
    }
    if (response !== '' || v12) {
      fields.push([v12 ? 'student_response' : 'learner_response', response]);
    }
    patterns.forEach(function (p, i) {
      if (p !== '') fields.push(['correct_responses.' + i + '.pattern', p]);
    });
    fields.push(['result', opts.correct ? 'correct' : (v12 ? 'wrong' : 'incorrect')]);
    fields.push(['latency', v12 ? formatTimespan12(opts.latencyMs) : formatDuration2004(opts.latencyMs)]);
    if (!v12) fields.push(['description', cleanText(q.prompt, 250)]);
    return fields;
  }

  function apiName(version) { return version === '1.2' ? 'API' : 'API_1484_11'; }

  function apiMaxTries(version) { return version === '1.2' ? 7 : 500; }

  function probe(win, name) {
    try {
      var api = win[name];
      if (api && typeof api === 'object' || typeof api === 'function') return api || null;
    } catch (e) { /* cross-origin frame */ }
    return null;
  }

  function scanWindow(win, name, maxTries) {
    var w = win;
    var tries = 0;
    while (w) {
      var api = probe(w, name);
      if (api) return { api: api, win: w };
      var parent = null;
      try { parent = w.parent; } catch (e) { parent = null; }
      if (!parent || parent === w) return null;
      tries++;
      if (tries > maxTries) return null;
      w = parent;
    }
    return null;
  }

  /**
   * The standard discovery for the exported version only: the parent chain (1.2: 7 levels,
   * 2004: 500), then the opener and its parents. Returns {api, win} or null.
   */
  function findApi(win, version) {
    var name = apiName(version);
    var max = apiMaxTries(version);
    var found = scanWindow(win, name, max);
    if (found) return found;
    var opener = null;
    try { opener = win.opener; } catch (e) { opener = null; }
    if (!opener) {
      try { opener = win.top && win.top !== win ? win.top.opener : null; } catch (e2) { opener = null; }
    }
    if (opener) {
      try { found = scanWindow(opener, name, max); } catch (e3) { found = null; }
    }
    return found || null;
  }

  var METHODS = {
    '1.2': { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', err: 'LMSGetLastError', str: 'LMSGetErrorString', diag: 'LMSGetDiagnostic' },
    '2004': { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit', err: 'GetLastError', str: 'GetErrorString', diag: 'GetDiagnostic' }
  };

  function Lms(version, found, hooks) {
    this.version = version;
    this.v12 = version === '1.2';
    this.m = METHODS[this.v12 ? '1.2' : '2004'];
    this.api = found ? found.api : null;
    this.win = found ? found.win : null;
    this.name = apiName(version);
    this.hooks = hooks || {};
    this.verbose = !!this.hooks.verbose;
  }

  Lms.prototype.present = function () {
    if (!this.api) return false;
    if (this.win && !this.win.__ceLocal) {
      try {
        if (this.win[this.name] !== this.api) return false;
      } catch (e) { return false; }
    }
    return true;
  };

  Lms.prototype.call = function (kind, args) {
    var fn = this.m[kind];
    var entry = { time: new Date(), fn: fn, args: args, result: 'false', code: '0', message: '', diagnostic: '' };
    if (!this.present()) {
      entry.code = 'n/a';
      entry.message = 'API not available (the LMS API object vanished)';
      entry.vanished = true;
    } else {
      try {
        var r = this.api[fn].apply(this.api, args);
        entry.result = r == null ? '' : String(r);
      } catch (e) {
        entry.code = 'exception';
        entry.message = String(e && e.message || e);
        entry.threw = true;
      }
      if (!entry.threw) {
        try {
          entry.code = String(this.api[this.m.err]());
          if (entry.code !== '0' || this.verbose) {
            entry.message = String(this.api[this.m.str](entry.code));
            entry.diagnostic = String(this.api[this.m.diag](entry.code));
          }
        } catch (e2) {
          entry.code = 'exception';
          entry.message = String(e2 && e2.message || e2);
        }
      }
    }
    entry.ok = kind === 'get' ? entry.code === '0' : (entry.result === 'true' && (entry.code === '0' || entry.code === ''));
    // 2004 403 on GetValue = "not initialized" (e.g. no bookmark yet): expected, not an LMS error.
    entry.expected = kind === 'get' && !this.v12 && entry.code === '403';
    if (this.hooks.log) this.hooks.log(entry);
    if (!entry.ok && !entry.expected && this.hooks.error) this.hooks.error(entry);
    return entry;
  };

  Lms.prototype.initialize = function () { return this.call('init', ['']).ok; };
  Lms.prototype.terminate = function () { return this.call('finish', ['']).ok; };
  Lms.prototype.commit = function () { return this.call('commit', ['']).ok; };
  Lms.prototype.get = function (el) {
    var e = this.call('get', [el]);
    return e.ok ? e.result : '';
  };
  Lms.prototype.set = function (el, value) { return this.call('set', [el, String(value)]); };

  /** A stand-in API used when no LMS is found: keeps the data in localStorage. */
  function LocalApi(version, storageKey, storage) {
    var v12 = version === '1.2';
    var data = {};
    var inited = false;
    var load = function () {
      try {
        var raw = storage && storage.getItem(storageKey);
        if (raw) data = JSON.parse(raw) || {};
      } catch (e) { data = {}; }
    };
    var save = function () {
      try { if (storage) storage.setItem(storageKey, JSON.stringify(data)); return true; } catch (e) { return false; }
    };
    var defaults = v12
      ? { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio', 'cmi.core.lesson_mode': 'normal', 'cmi.core.credit': 'credit' }
      : { 'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown', 'cmi.entry': 'ab-initio', 'cmi.mode': 'normal', 'cmi.credit': 'credit' };
    var api = {
      init: function () {
        load();
        var exitKey = v12 ? 'cmi.core.exit' : 'cmi.exit';
        data[v12 ? 'cmi.core.entry' : 'cmi.entry'] = data[exitKey] === 'suspend' ? 'resume' : 'ab-initio';
        inited = true;
        return 'true';
      },
      get: function (el) {
        if (/\._count$/.test(el)) return '0';
        return Object.prototype.hasOwnProperty.call(data, el) ? String(data[el]) : (defaults[el] || '');
      },
      set: function (el, v) { if (/^cmi\.(interactions|objectives)\./.test(el)) return 'true'; data[el] = String(v); return 'true'; },
      commit: function () { return save() ? 'true' : 'false'; },
      finish: function () { inited = false; return save() ? 'true' : 'false'; },
      err: function () { return '0'; },
      str: function () { return 'No error'; },
      diag: function () { return ''; }
    };
    var m = METHODS[v12 ? '1.2' : '2004'];
    var out = {};
    Object.keys(m).forEach(function (k) { out[m[k]] = api[k]; });
    out.isInitialized = function () { return inited; };
    return out;
  }

  CE.EVENTS = EVENTS;
  CE.statusRow = statusRow;
  CE.lessonStatus12 = lessonStatus12;
  CE.pairFromLessonStatus = pairFromLessonStatus;
  CE.COMPLETION_RANK = COMPLETION_RANK;
  CE.LESSON_RANK = LESSON_RANK;
  CE.mergeStatus = mergeStatus;
  CE.dominates = dominates;
  CE.applyStatusEvent = applyStatusEvent;
  CE.lessonStatusToWrite = lessonStatusToWrite;
  CE.isFinished = isFinished;
  CE.pad = pad;
  CE.formatTimespan12 = formatTimespan12;
  CE.formatDuration2004 = formatDuration2004;
  CE.formatTime12 = formatTime12;
  CE.formatTimestamp2004 = formatTimestamp2004;
  CE.formatReal = formatReal;
  CE.parseNumber = parseNumber;
  CE.CHARS12 = CHARS12;
  CE.interactionType = interactionType;
  CE.optionIds2004 = optionIds2004;
  CE.cleanText = cleanText;
  CE.escapeId12 = escapeId12;
  CE.interactionFields = interactionFields;
  CE.apiName = apiName;
  CE.apiMaxTries = apiMaxTries;
  CE.probe = probe;
  CE.scanWindow = scanWindow;
  CE.findApi = findApi;
  CE.METHODS = METHODS;
  CE.Lms = Lms;
  CE.LocalApi = LocalApi;
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./strings.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
