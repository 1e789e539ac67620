/*
 * Course Export Studio - course player.
 *
 * Shipped unchanged in every exported package as player/player.js. It reads
 * window.COURSE_DATA (content/course-data.js, see docs/architecture.md), talks to the
 * SCORM run-time of the exported version only, and renders the course.
 *
 * The pure logic (status table, time formats, state encoding, grading, interaction
 * formats, API discovery) is exported for Node unit tests: `require('player.js')`.
 * The DOM player only boots when `window` and `document` exist.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------
  // Status table (data comes from COURSE_DATA.status_table, never duplicated here)
  // ---------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------
  // Time formats
  // ---------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------
  // Course model
  // ---------------------------------------------------------------------------

  function normalizeQuestion(q) {
    var type = q.type;
    var options = Array.isArray(q.options) ? q.options.map(String) : [];
    if (type === 'true-false' && options.length === 0) options = ['True', 'False'];
    var correct = (Array.isArray(q.correct) ? q.correct : [q.correct]).map(function (c) {
      if (c === true) return 'True';
      if (c === false) return 'False';
      return String(c);
    });
    var weight = Number(q.weight);
    if (!(weight > 0)) weight = 1;
    return { id: String(q.id), type: type, prompt: String(q.prompt == null ? '' : q.prompt), options: options, correct: correct, weight: weight };
  }

  /**
   * The model of one SCO: its sections, its questions (flattened, in order) and its quizzes.
   * scoId '' (or missing) = the only / first SCO.
   */
  function buildModel(data, scoId) {
    var all = Array.isArray(data.sections) ? data.sections : [];
    var scos = Array.isArray(data.scos) && data.scos.length ? data.scos : [{ id: '', sections: all.map(function (s) { return s.id; }) }];
    var sco = null;
    if (scoId) {
      for (var i = 0; i < scos.length; i++) if (scos[i].id === scoId) sco = scos[i];
      if (!sco) throw new Error('This package has no SCO "' + scoId + '".');
    } else {
      sco = scos[0];
    }
    var byId = {};
    all.forEach(function (s) { byId[s.id] = s; });
    var sections = [];
    (sco.sections || []).forEach(function (id) { if (byId[id]) sections.push(byId[id]); });
    if (!sections.length) throw new Error('This SCO has no sections.');
    var questions = [];
    var quizzes = [];
    sections.forEach(function (s, si) {
      if (s.kind === 'quiz' && s.quiz) {
        var qz = { sectionIndex: si, id: s.id, title: s.title, passThreshold: Number(s.quiz.pass_threshold_percent), questions: [] };
        if (!(qz.passThreshold >= 0)) qz.passThreshold = 100;
        (s.quiz.questions || []).forEach(function (raw) {
          var q = normalizeQuestion(raw);
          q.index = questions.length;
          q.quizIndex = quizzes.length;
          q.sectionId = s.id;
          questions.push(q);
          qz.questions.push(q);
        });
        quizzes.push(qz);
      }
    });
    // A SCO may carry its own tracking (multi export: content SCOs under quiz tracking complete
    // when viewed, as only the final quiz's SCO can pass or fail).
    var tracking = sco.tracking || data.tracking || { mode: 'course-completion', pass_threshold_percent: 100 };
    var finalQuiz = null;
    if (tracking.mode === 'quiz-results') {
      quizzes.forEach(function (qz) { if (qz.id === tracking.final_quiz) finalQuiz = qz; });
    }
    return {
      scoId: sco.id || '',
      sections: sections,
      questions: questions,
      quizzes: quizzes,
      finalQuiz: finalQuiz,
      tracking: tracking,
      statusFormat: sco.status_format || data.status_format,
      signature: modelSignature(sections, questions)
    };
  }

  /** A short hash of the SCO's structure: saved state from another structure is not restored. */
  function modelSignature(sections, questions) {
    var s = sections.map(function (x) { return x.id; }).join(',') + '|' +
      questions.map(function (q) { return q.id + ':' + q.type + ':' + q.options.length; }).join(',');
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(36);
  }

  // ---------------------------------------------------------------------------
  // Grading and scores
  // ---------------------------------------------------------------------------

  function parseNumber(text) {
    var t = String(text == null ? '' : text).trim();
    if (t.indexOf(',') >= 0 && t.indexOf('.') < 0) t = t.replace(',', '.');
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return NaN;
    return Number(t);
  }

  function numericMatches(entry, value) {
    var e = String(entry).trim();
    var colon = e.indexOf(':');
    if (colon > 0) {
      var min = parseNumber(e.slice(0, colon));
      var max = parseNumber(e.slice(colon + 1));
      return value >= min && value <= max;
    }
    var x = parseNumber(e);
    return Math.abs(value - x) < 1e-9;
  }

  /**
   * Is an answer correct? Choice answers are arrays of option indexes (graded by option
   * text), fill-in and numeric answers are strings.
   */
  function isCorrect(q, answer) {
    if (answer == null) return false;
    switch (q.type) {
      case 'single-choice':
      case 'true-false':
      case 'multiple-choice': {
        if (!Array.isArray(answer) || !answer.length) return false;
        var chosen = answer.map(function (i) { return q.options[i]; }).filter(function (x) { return x != null; });
        var a = chosen.slice().sort();
        var c = q.correct.slice().sort();
        if (q.type !== 'multiple-choice' && a.length !== 1) return false;
        if (a.length !== c.length) return false;
        for (var i = 0; i < a.length; i++) if (a[i] !== c[i]) return false;
        return true;
      }
      case 'fill-in': {
        var t = String(answer).trim().toLowerCase();
        if (!t) return false;
        return q.correct.some(function (c2) { return String(c2).trim().toLowerCase() === t; });
      }
      case 'numeric': {
        var v = parseNumber(answer);
        if (!isFinite(v)) return false;
        return q.correct.some(function (c3) { return numericMatches(c3, v); });
      }
      default:
        return false;
    }
  }

  function isAnswered(q, answer) {
    if (answer == null) return false;
    if (Array.isArray(answer)) return answer.length > 0;
    return String(answer).trim() !== '';
  }

  /** Grade a quiz: answers is indexed like quiz.questions. */
  function gradeQuiz(quiz, answers) {
    var correctCount = 0, weightCorrect = 0, weightTotal = 0;
    var results = quiz.questions.map(function (q, i) {
      var ok = isCorrect(q, answers[i]);
      weightTotal += q.weight;
      if (ok) { correctCount++; weightCorrect += q.weight; }
      return ok;
    });
    var percent = weightTotal > 0 ? Math.round(weightCorrect / weightTotal * 100) : 0;
    return {
      results: results,
      correctCount: correctCount,
      questionCount: quiz.questions.length,
      weightCorrect: weightCorrect,
      weightTotal: weightTotal,
      percent: percent,
      passed: percent >= quiz.passThreshold
    };
  }

  /** The score sent to the LMS: percentage (0-100, max 100) or points (correct answers, max = questions). */
  function scoreFor(grade, scoreFormat) {
    var raw, max;
    if (scoreFormat === 'points') {
      raw = grade.correctCount;
      max = grade.questionCount;
    } else {
      raw = grade.percent;
      max = 100;
    }
    return { raw: raw, min: 0, max: max, scaled: max > 0 ? raw / max : 0 };
  }

  // ---------------------------------------------------------------------------
  // Interactions (extended analytics)
  // ---------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------
  // Resume state: compact, versioned suspend_data
  // ---------------------------------------------------------------------------
  //
  //   1|<signature>|<viewed bitset>|<answers>|<quizzes>|<flags>
  //
  //   bitset   : 6 bits per character (A-Za-z0-9-_), bit i = item i, trailing zero chars dropped
  //   answers  : one token per question, comma separated, in question order; `!n` = n unanswered;
  //              choice = bitset of chosen options; text = the text with % , | ! escaped as %XX
  //   quizzes  : per quiz `attempts.best.submitted` (attempts base 36, best percent or empty)
  //   flags    : `a` = the pass / viewed status has been reached

  var STATE_VERSION = '1';
  var MAX_TEXT_ANSWER = 250;
  var MAX_NUMERIC_ANSWER = 40;
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function encodeBits(bools) {
    var out = '';
    for (var i = 0; i < bools.length; i += 6) {
      var v = 0;
      for (var b = 0; b < 6; b++) if (bools[i + b]) v |= (1 << b);
      out += B64.charAt(v);
    }
    return out.replace(/A+$/, '');
  }

  function decodeBits(str, length) {
    var out = [];
    for (var i = 0; i < length; i++) out.push(false);
    for (var c = 0; c < str.length; c++) {
      var v = B64.indexOf(str.charAt(c));
      if (v < 0) throw new Error('bad bitset');
      for (var b = 0; b < 6; b++) {
        var k = c * 6 + b;
        if (v & (1 << b)) {
          if (k >= length) throw new Error('bitset too long');
          out[k] = true;
        }
      }
    }
    return out;
  }

  function escapeText(s) {
    return String(s).replace(/[%,|!\u0000-\u001f]/g, function (ch) {
      return '%' + pad(ch.charCodeAt(0).toString(16).toUpperCase(), 2);
    });
  }

  function unescapeText(s) {
    return s.replace(/%([0-9A-Fa-f]{2})/g, function (_, h) { return String.fromCharCode(parseInt(h, 16)); });
  }

  function isChoice(q) {
    return q.type === 'single-choice' || q.type === 'multiple-choice' || q.type === 'true-false';
  }

  /** A fresh state for a model. */
  function emptyState(model) {
    return {
      viewed: model.sections.map(function () { return false; }),
      answers: model.questions.map(function () { return null; }),
      quizzes: model.quizzes.map(function () { return { attempts: 0, best: null, submitted: false }; }),
      achieved: false
    };
  }

  /** Encode a state. opts.withAnswers === false leaves the answers out. */
  function encodeState(model, state, opts) {
    var withAnswers = !opts || opts.withAnswers !== false;
    var tokens = [];
    var gap = 0;
    var flushGap = function () {
      if (gap === 1) tokens.push('');
      else if (gap > 1) tokens.push('!' + gap);
      gap = 0;
    };
    if (withAnswers) {
      model.questions.forEach(function (q, i) {
        var a = state.answers[i];
        if (!isAnswered(q, a)) { gap++; return; }
        flushGap();
        if (isChoice(q)) {
          var bits = q.options.map(function () { return false; });
          a.forEach(function (k) { if (k >= 0 && k < bits.length) bits[k] = true; });
          tokens.push(encodeBits(bits));
        } else {
          tokens.push(escapeText(a));
        }
      });
    }
    var quizzes = state.quizzes.map(function (z) {
      return z.attempts.toString(36) + '.' + (z.best == null ? '' : String(z.best)) + '.' + (z.submitted ? '1' : '0');
    }).join(',');
    var flags = state.achieved ? 'a' : '';
    return [STATE_VERSION, model.signature, encodeBits(state.viewed), tokens.join(','), quizzes, flags].join('|');
  }

  /** Decode suspend_data. Returns null when it is empty, of another version or another course structure. */
  function decodeState(model, str) {
    if (!str) return null;
    var parts = String(str).split('|');
    if (parts.length !== 6 || parts[0] !== STATE_VERSION || parts[1] !== model.signature) return null;
    var state = emptyState(model);
    state.viewed = decodeBits(parts[2], model.sections.length);
    if (parts[3] !== '') {
      var tokens = parts[3].split(',');
      var qi = 0;
      tokens.forEach(function (t) {
        if (t.charAt(0) === '!') {
          var n = parseInt(t.slice(1), 10);
          if (!(n > 0)) throw new Error('bad gap');
          qi += n;
          return;
        }
        var q = model.questions[qi];
        if (!q) throw new Error('too many answers');
        if (t !== '') {
          if (isChoice(q)) {
            var bits = decodeBits(t, q.options.length);
            var chosen = [];
            bits.forEach(function (b, k) { if (b) chosen.push(k); });
            state.answers[qi] = chosen;
          } else {
            state.answers[qi] = unescapeText(t);
          }
        }
        qi++;
      });
      if (qi > model.questions.length) throw new Error('too many answers');
    }
    if (parts[4] !== '') {
      var zs = parts[4].split(',');
      if (zs.length !== model.quizzes.length) throw new Error('quiz count mismatch');
      state.quizzes = zs.map(function (z) {
        var f = z.split('.');
        if (f.length !== 3) throw new Error('bad quiz state');
        var best = f[1] === '' ? null : Number(f[1]);
        return { attempts: parseInt(f[0], 36) || 0, best: isFinite(best) ? best : null, submitted: f[2] === '1' };
      });
    } else if (model.quizzes.length) {
      throw new Error('quiz count mismatch');
    }
    state.achieved = parts[5].indexOf('a') >= 0;
    return state;
  }

  /** suspend_data limit of the SCORM version (SPM): 4096 on 1.2, 64000 on 2004 3rd/4th. */
  function suspendDataLimit(version) {
    return version === '1.2' ? 4096 : 64000;
  }

  /**
   * The suspend_data to write within the version's limit. Never truncates: when the full
   * state does not fit, the answers are left out and `overflow` says so; when even that
   * does not fit, value is null (write nothing) and `overflow` is 'all'.
   */
  function suspendDataFor(model, state, version) {
    var limit = suspendDataLimit(version);
    var full = encodeState(model, state);
    if (full.length <= limit) return { value: full, overflow: null, length: full.length, limit: limit };
    var reduced = encodeState(model, state, { withAnswers: false });
    if (reduced.length <= limit) return { value: reduced, overflow: 'answers', length: full.length, limit: limit };
    return { value: null, overflow: 'all', length: reduced.length, limit: limit };
  }

  /**
   * The suspend_data length for a SCO when every question is answered, for export-time warnings
   * (the engine can mirror this formula). `textChars` = assumed length of each fill-in / numeric
   * answer; the worst case is 3 x MAX_TEXT_ANSWER / MAX_NUMERIC_ANSWER (every character escaped).
   * Attempts are assumed below 36^2.
   */
  function suspendDataEstimate(model, textChars) {
    var n = 2 + model.signature.length + 1;                  // "1|<sig>|"
    n += Math.ceil(model.sections.length / 6) + 1;           // viewed bitset + "|"
    model.questions.forEach(function (q, i) {
      if (i > 0) n += 1;                                     // ","
      if (isChoice(q)) n += Math.ceil(q.options.length / 6);
      else if (textChars == null) n += 3 * (q.type === 'numeric' ? MAX_NUMERIC_ANSWER : MAX_TEXT_ANSWER);
      else n += Math.min(textChars, q.type === 'numeric' ? MAX_NUMERIC_ANSWER : MAX_TEXT_ANSWER);
    });
    n += 1;                                                  // "|"
    model.quizzes.forEach(function (z, i) { n += (i > 0 ? 1 : 0) + 2 + 1 + 3 + 1 + 1; }); // "aa.100.1"
    n += 1 + 1;                                              // "|a"
    return n;
  }

  /** The bookmark for a section: its id, or `#index` when the id is too long for the element. */
  function locationFor(model, index, version) {
    var id = model.sections[index].id;
    var max = version === '1.2' ? 255 : 1000;
    return id.length <= max && id.charAt(0) !== '#' ? id : '#' + index;
  }

  function sectionFromLocation(model, loc) {
    if (!loc) return -1;
    if (loc.charAt(0) === '#') {
      var i = parseInt(loc.slice(1), 10);
      return i >= 0 && i < model.sections.length ? i : -1;
    }
    for (var k = 0; k < model.sections.length; k++) if (model.sections[k].id === loc) return k;
    return -1;
  }

  // ---------------------------------------------------------------------------
  // API discovery
  // ---------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------
  // LMS wrapper: every call checked, logged (debug), failures reported
  // ---------------------------------------------------------------------------

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

  // ---------------------------------------------------------------------------
  // The DOM player
  // ---------------------------------------------------------------------------

  function el(doc, tag, attrs, text) {
    var e = doc.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] == null || attrs[k] === false) return;
        if (k === 'className') e.className = attrs[k];
        else e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
      });
    }
    if (text != null) e.textContent = text;
    return e;
  }

  function Player(win, data, scoId) {
    this.win = win;
    this.doc = win.document;
    this.data = data;
    this.version = data.scorm_version === '1.2' ? '1.2' : '2004';
    this.v12 = this.version === '1.2';
    this.model = buildModel(data, scoId);
    this.table = data.status_table;
    this.format = this.model.statusFormat;
    this.saveOn = Array.isArray(data.save_on) ? data.save_on : ['navigation', 'unload'];
    this.debug = !!data.debug;
    this.analytics = !!data.extended_analytics;
    this.state = emptyState(this.model);
    this.current = 0;
    this.pair = { completion: null, success: null };
    this.lmsLessonStatus = '';
    this.dirty = false;
    this.initialized = false;
    this.terminated = false;
    this.local = false;
    this.logEntries = [];
    this.quizShownAt = {};
    this.interactionsBroken = false;
    this.objectivesBroken = false;
    this.startTime = Date.now();
  }

  Player.prototype.start = function () {
    this.renderShell();
    this.connect();
    this.restore();
    this.show(this.current, { initial: true });
    this.installSaveHandlers();
    this.win.__coursePlayer = this;
  };

  // --- LMS connection ---------------------------------------------------------

  Player.prototype.connect = function () {
    var self = this;
    var hooks = {
      verbose: this.debug,
      log: function (entry) { self.logCall(entry); },
      error: function (entry) { self.onLmsError(entry); }
    };
    var found = null;
    try { found = findApi(this.win, this.version); } catch (e) { found = null; }
    if (found) {
      this.lms = new Lms(this.version, found, hooks);
      if (this.lms.initialize()) {
        this.initialized = true;
      } else {
        this.notice('lms', 'The course could not connect to the LMS. Your progress is kept in this browser only.', 'warn');
        this.lmsNoticeShown = true;
        found = null;
      }
    }
    if (!found) {
      this.local = true;
      var key = 'course-export:' + (this.data.title || '') + ':' + this.model.signature + ':' + this.model.scoId + ':' + this.version;
      var storage = null;
      try { storage = this.win.localStorage; } catch (e) { storage = null; }
      var localWin = { __ceLocal: true };
      localWin[apiName(this.version)] = LocalApi(this.version, key, storage);
      this.lms = new Lms(this.version, { api: localWin[apiName(this.version)], win: localWin }, hooks);
      this.initialized = this.lms.initialize();
      this.analytics = false;
      if (!this.lmsNoticeShown) {
        this.notice('no-lms', 'No LMS found: this course runs on its own and keeps your progress in this browser only.', 'info');
      }
    }
    this.sessionStart = Date.now();
  };

  Player.prototype.el = function (suffix) {
    // Element names of the exported version.
    var names12 = {
      status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', entry: 'cmi.core.entry',
      exit: 'cmi.core.exit', session: 'cmi.core.session_time', raw: 'cmi.core.score.raw',
      min: 'cmi.core.score.min', max: 'cmi.core.score.max', suspend: 'cmi.suspend_data'
    };
    var names04 = {
      completion: 'cmi.completion_status', success: 'cmi.success_status', location: 'cmi.location', entry: 'cmi.entry',
      exit: 'cmi.exit', session: 'cmi.session_time', raw: 'cmi.score.raw', min: 'cmi.score.min',
      max: 'cmi.score.max', scaled: 'cmi.score.scaled', suspend: 'cmi.suspend_data', progress: 'cmi.progress_measure'
    };
    return (this.v12 ? names12 : names04)[suffix];
  };

  Player.prototype.restore = function () {
    var lms = this.lms;
    var entry = lms.get(this.el('entry'));
    var firstLaunch;
    if (this.v12) {
      this.lmsLessonStatus = lms.get(this.el('status'));
      this.pair = pairFromLessonStatus(this.table, this.format, this.lmsLessonStatus);
      firstLaunch = this.lmsLessonStatus === '' || this.lmsLessonStatus === 'not attempted' || this.lmsLessonStatus === 'browsed';
    } else {
      var c = lms.get(this.el('completion'));
      var s = lms.get(this.el('success'));
      this.pair = {
        completion: c === 'completed' || c === 'incomplete' ? c : null,
        success: s === 'passed' || s === 'failed' ? s : (s === 'unknown' ? 'unknown' : null)
      };
      firstLaunch = !(c === 'completed' || c === 'incomplete');
    }
    // Saved state: always on 1.2 (entry is LMS-specific there), on 2004 only when resuming.
    if (this.v12 || entry === 'resume' || entry === '') {
      var loc = '';
      var sd = '';
      if (this.v12 || entry === 'resume') {
        loc = lms.get(this.el('location'));
        sd = lms.get(this.el('suspend'));
      }
      var decoded = null;
      try { decoded = decodeState(this.model, sd); } catch (e) {
        this.logNote('suspend_data could not be read (' + e.message + '); starting with a fresh state');
        decoded = null;
      }
      if (decoded) this.state = decoded;
      var idx = sectionFromLocation(this.model, loc);
      if (idx >= 0) this.current = idx;
    }
    if (this.state.achieved === false) {
      this.state.achieved = this.passRowHeld();
    }
    // Review mode (the LMS shows a finished attempt again): nothing is graded or recorded.
    var mode = lms.get(this.v12 ? 'cmi.core.lesson_mode' : 'cmi.mode');
    this.review = mode === 'review';
    if (this.review) {
      this.analytics = false;
      this.logNote('review mode: statuses, scores and interactions are not written');
    }
    if (firstLaunch && !this.review) {
      this.statusEvent('start');
    }
  };

  Player.prototype.passRowHeld = function () {
    var ev = this.model.finalQuiz ? 'pass' : 'viewed';
    var row = statusRow(this.table, this.format, ev);
    if (row.completion == null && row.success == null) return false;
    return dominates(this.pair, row);
  };

  /** Write the status of an event (table + never-backwards rule) and commit. */
  Player.prototype.statusEvent = function (event) {
    if (this.review) return false;
    var res = applyStatusEvent(this.table, this.format, this.pair, event);
    if (res.ignored) {
      this.logNote('status event "' + event + '" ignored: the course was already passed/completed');
      return false;
    }
    this.pair = res.pair;
    var wrote = false;
    if (this.v12) {
      if (res.write.completion != null || res.write.success != null) {
        var ls = lessonStatusToWrite(this.table, this.pair, this.lmsLessonStatus);
        if (ls) {
          if (this.lms.set(this.el('status'), ls).ok) this.lmsLessonStatus = ls;
          wrote = true;
        }
      }
    } else {
      if (res.write.completion != null) { this.lms.set(this.el('completion'), res.write.completion); wrote = true; }
      if (res.write.success != null) { this.lms.set(this.el('success'), res.write.success); wrote = true; }
    }
    if (event === 'pass' || event === 'viewed') {
      if (wrote || dominates(this.pair, statusRow(this.table, this.format, event))) this.state.achieved = true;
    }
    this.writeState();
    this.commit('status');
    return wrote;
  };

  Player.prototype.writeState = function () {
    if (this.terminated) return;
    var loc = locationFor(this.model, this.current, this.version);
    if (loc !== this.lastLocation) {
      if (this.lms.set(this.el('location'), loc).ok) this.lastLocation = loc;
      this.dirty = true;
    }
    var sd = suspendDataFor(this.model, this.state, this.version);
    if (sd.overflow) {
      var msg = sd.overflow === 'answers'
        ? 'Your answers are too large for this LMS to store (' + sd.length + ' of ' + sd.limit + ' characters): your position and results are saved, but answers will not be restored.'
        : 'Your progress is too large for this LMS to store (' + sd.length + ' of ' + sd.limit + ' characters) and was not saved.';
      this.notice('overflow', msg, 'warn');
      if (!this.overflowLogged) { this.logNote('suspend_data overflow: ' + msg); this.overflowLogged = true; }
    }
    if (sd.value != null && sd.value !== this.lastSuspend) {
      if (this.lms.set(this.el('suspend'), sd.value).ok) this.lastSuspend = sd.value;
      this.dirty = true;
    }
  };

  /** Commit with bounded retries; a failure shows the "progress not saved" notice. */
  Player.prototype.commit = function (reason) {
    if (!this.initialized || this.terminated) return false;
    var ok = false;
    for (var attempt = 0; attempt < 3 && !ok; attempt++) {
      ok = this.lms.commit();
    }
    if (ok) {
      this.dirty = false;
      this.retryRound = 0;
      this.clearNotice('save-failed');
    } else {
      this.dirty = true;
      this.saveFailed();
      this.scheduleRetry();
    }
    return ok;
  };

  /** After a failed commit: a few more attempts later (5 s, 10 s, 20 s), then wait for the next save. */
  Player.prototype.scheduleRetry = function () {
    var self = this;
    if (this.retryTimer || this.terminated || (this.retryRound || 0) >= 3) return;
    var delay = 5000 * Math.pow(2, this.retryRound || 0);
    this.retryRound = (this.retryRound || 0) + 1;
    this.retryTimer = this.win.setTimeout(function () {
      self.retryTimer = null;
      if (self.dirty && !self.terminated) self.commit('retry');
    }, delay);
  };

  Player.prototype.saveFailed = function () {
    this.notice('save-failed', 'Progress not saved: the LMS did not accept the data. Keep this window open; the course will try again.', 'warn');
  };

  Player.prototype.finish = function () {
    if (!this.initialized || this.terminated) return;
    this.writeState();
    var elapsed = Date.now() - this.sessionStart;
    this.lms.set(this.el('session'), this.v12 ? formatTimespan12(elapsed) : formatDuration2004(elapsed));
    var finished = isFinished(this.pair);
    this.lms.set(this.el('exit'), finished ? (this.v12 ? '' : 'normal') : 'suspend');
    this.terminated = true;
    if (this.intervalId) { this.win.clearInterval(this.intervalId); this.intervalId = null; }
    if (this.retryTimer) { this.win.clearTimeout(this.retryTimer); this.retryTimer = null; }
    if (!this.lms.terminate()) this.saveFailed();
  };

  Player.prototype.installSaveHandlers = function () {
    var self = this;
    var win = this.win;
    if (this.saveOn.indexOf('interval') >= 0) {
      var secs = Number(this.data.save_interval_seconds);
      if (!(secs > 0)) secs = 30;
      this.intervalId = win.setInterval(function () {
        if (self.dirty && !self.terminated) self.commit('interval');
      }, Math.max(1, secs) * 1000);
    }
    var unload = this.saveOn.indexOf('unload') >= 0;
    this.doc.addEventListener('visibilitychange', function () {
      if (self.doc.visibilityState === 'hidden' && unload && !self.terminated) {
        self.writeState();
        if (self.dirty) self.commit('unload');
      }
    });
    win.addEventListener('pagehide', function () {
      // Terminate persists everything (no Commit right before it).
      self.finish();
    });
  };

  // --- learner actions -------------------------------------------------------

  Player.prototype.go = function (index) {
    if (this.terminated || index < 0 || index >= this.model.sections.length || index === this.current) return;
    this.current = index;
    this.show(index, {});
  };

  Player.prototype.show = function (index, opts) {
    this.current = index;
    this.renderSection(index, !opts.initial);
    var statusChanged = false;
    if (!this.state.viewed[index]) {
      this.state.viewed[index] = true;
      statusChanged = this.onProgress();
    }
    this.writeState();
    if (!statusChanged && !opts.initial && this.saveOn.indexOf('navigation') >= 0) {
      this.commit('navigation');
    }
    this.updateToc();
  };

  /** After a newly viewed section: progress_measure (2004) and the viewed threshold. */
  Player.prototype.onProgress = function () {
    var model = this.model;
    var viewed = this.state.viewed.filter(Boolean).length;
    var total = model.sections.length;
    var courseCompletion = model.tracking.mode !== 'quiz-results';
    if (!this.v12 && courseCompletion && !this.review) {
      this.lms.set(this.el('progress'), formatReal(viewed / total, 7));
      this.dirty = true;
    }
    if (model.finalQuiz || this.state.achieved) return false;
    var threshold = courseCompletion ? Number(model.tracking.pass_threshold_percent) : 100;
    if (!(threshold >= 0)) threshold = 100;
    if (viewed * 100 >= threshold * total) {
      this.state.achieved = true;
      var row = statusRow(this.table, this.format, 'viewed');
      if (row.completion == null && row.success == null) {
        this.logNote('viewed threshold reached; the status format sends nothing for it (not applicable)');
        return false;
      }
      this.statusEvent('viewed');
      return true;
    }
    return false;
  };

  Player.prototype.exit = function () {
    if (this.terminated) return;
    this.finish();
    var main = this.mainEl;
    main.textContent = '';
    var h = el(this.doc, 'h1', { className: 'ce-section-title', tabindex: '-1' }, 'You have left the course');
    main.appendChild(h);
    main.appendChild(el(this.doc, 'p', null, this.local
      ? 'Your progress is kept in this browser. You can close this window.'
      : 'Your progress has been saved. You can close this window.'));
    [this.prevBtn, this.nextBtn, this.exitBtn].forEach(function (b) { b.disabled = true; });
    h.focus();
  };

  // --- rendering -------------------------------------------------------------

  Player.prototype.renderShell = function () {
    var doc = this.doc;
    var self = this;
    var root = doc.getElementById('course-player') || doc.body;
    root.textContent = '';
    root.classList.add('ce-app');
    doc.title = this.data.title || 'Course';

    var skip = el(doc, 'a', { className: 'ce-skip', href: '#ce-main' }, 'Skip to content');
    var header = el(doc, 'header', { className: 'ce-header' });
    header.appendChild(el(doc, 'p', { className: 'ce-course-title' }, this.data.title || ''));
    this.noticesEl = el(doc, 'div', { className: 'ce-notices', role: 'status', 'aria-live': 'polite' });

    var layout = el(doc, 'div', { className: 'ce-layout' });
    var nav = el(doc, 'nav', { className: 'ce-toc', 'aria-label': 'Table of contents' });
    nav.appendChild(el(doc, 'h2', { className: 'ce-toc-title' }, 'Contents'));
    // On narrow screens the list folds away behind this button (CSS shows it there only).
    var tocToggle = el(doc, 'button', { type: 'button', className: 'ce-btn ce-toc-toggle', 'aria-expanded': 'false', 'aria-controls': 'ce-toc-list' }, 'Show contents');
    tocToggle.addEventListener('click', function () {
      var open = !nav.classList.contains('ce-toc-open');
      nav.classList.toggle('ce-toc-open', open);
      tocToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      tocToggle.textContent = open ? 'Hide contents' : 'Show contents';
    });
    this.tocToggle = tocToggle;
    nav.appendChild(tocToggle);
    var ol = el(doc, 'ol', { id: 'ce-toc-list' });
    this.tocLinks = this.model.sections.map(function (s, i) {
      var li = el(doc, 'li');
      var a = el(doc, 'a', { href: '#' + s.id });
      var label = el(doc, 'span', { className: 'ce-toc-label' }, s.title);
      var tick = el(doc, 'span', { className: 'ce-tick', 'aria-hidden': 'true' }, '\u2713');
      var sr = el(doc, 'span', { className: 'ce-visually-hidden' }, '');
      a.appendChild(tick);
      a.appendChild(label);
      a.appendChild(sr);
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        if (nav.classList.contains('ce-toc-open')) tocToggle.click();
        self.go(i);
      });
      li.appendChild(a);
      ol.appendChild(li);
      return { a: a, tick: tick, sr: sr };
    });
    nav.appendChild(ol);

    var mainCol = el(doc, 'div', { className: 'ce-main-col' });
    this.mainEl = el(doc, 'main', { id: 'ce-main', className: 'ce-main', tabindex: '-1' });
    var controls = el(doc, 'div', { className: 'ce-controls' });
    this.prevBtn = el(doc, 'button', { type: 'button', className: 'ce-btn' }, 'Previous');
    this.nextBtn = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-primary' }, 'Next');
    this.exitBtn = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-exit' }, 'Exit');
    this.progressEl = el(doc, 'span', { className: 'ce-progress' });
    this.prevBtn.addEventListener('click', function () { self.go(self.current - 1); });
    this.nextBtn.addEventListener('click', function () { self.go(self.current + 1); });
    this.exitBtn.addEventListener('click', function () { self.exit(); });
    controls.appendChild(this.prevBtn);
    controls.appendChild(this.progressEl);
    controls.appendChild(this.nextBtn);
    controls.appendChild(this.exitBtn);
    mainCol.appendChild(this.mainEl);
    mainCol.appendChild(controls);
    layout.appendChild(nav);
    layout.appendChild(mainCol);

    root.appendChild(skip);
    root.appendChild(header);
    root.appendChild(this.noticesEl);
    root.appendChild(layout);
    if (this.debug) this.renderDebug(root, header);
  };

  Player.prototype.updateToc = function () {
    var self = this;
    var total = this.model.sections.length;
    this.tocLinks.forEach(function (t, i) {
      if (i === self.current) t.a.setAttribute('aria-current', 'page'); else t.a.removeAttribute('aria-current');
      var v = !!self.state.viewed[i];
      t.a.classList.toggle('ce-viewed', v);
      t.sr.textContent = v ? ' (viewed)' : '';
    });
    this.prevBtn.disabled = this.terminated || this.current === 0;
    this.nextBtn.disabled = this.terminated || this.current >= total - 1;
    this.progressEl.textContent = 'Section ' + (this.current + 1) + ' of ' + total;
  };

  Player.prototype.renderSection = function (index, focus) {
    var doc = this.doc;
    var s = this.model.sections[index];
    var main = this.mainEl;
    main.textContent = '';
    var heading = el(doc, 'h1', { className: 'ce-section-title', tabindex: '-1', id: 'ce-section-title' }, s.title);
    var focusTarget = heading;
    if (s.kind === 'quiz') {
      main.appendChild(heading);
      this.renderQuiz(main, index);
    } else {
      var content = el(doc, 'div', { className: 'ce-content' });
      content.innerHTML = s.html || '';
      var first = content.firstElementChild;
      if (first && /^H[1-6]$/.test(first.tagName) && first.textContent.trim().toLowerCase() === String(s.title).trim().toLowerCase()) {
        first.setAttribute('tabindex', '-1');
        focusTarget = first;
      } else {
        main.appendChild(heading);
      }
      main.appendChild(content);
    }
    if (focus) {
      try { focusTarget.focus({ preventScroll: false }); } catch (e) { /* ignore */ }
      try { this.win.scrollTo(0, 0); } catch (e2) { /* ignore */ }
    }
  };

  Player.prototype.quizIndexOfSection = function (sectionIndex) {
    for (var i = 0; i < this.model.quizzes.length; i++) if (this.model.quizzes[i].sectionIndex === sectionIndex) return i;
    return -1;
  };

  Player.prototype.renderQuiz = function (main, sectionIndex) {
    var doc = this.doc;
    var self = this;
    var zi = this.quizIndexOfSection(sectionIndex);
    var quiz = this.model.quizzes[zi];
    var qstate = this.state.quizzes[zi];
    if (!qstate.submitted) this.quizShownAt[zi] = Date.now();
    var form = el(doc, 'form', { className: 'ce-quiz', novalidate: true });
    form.appendChild(el(doc, 'p', { className: 'ce-quiz-intro' }, 'Pass mark: ' + quiz.passThreshold + '%.'));
    var controls = [];
    quiz.questions.forEach(function (q) {
      var base = 'ce-q-' + q.index;
      var fs = el(doc, 'fieldset', { className: 'ce-question', id: base });
      var legend = el(doc, 'legend', { id: base + '-legend' }, q.prompt);
      fs.appendChild(legend);
      var answer = self.state.answers[q.index];
      var inputs = [];
      if (isChoice(q)) {
        var multi = q.type === 'multiple-choice';
        q.options.forEach(function (opt, oi) {
          var id = base + '-o' + oi;
          var wrap = el(doc, 'div', { className: 'ce-option' });
          var input = el(doc, 'input', { type: multi ? 'checkbox' : 'radio', id: id, name: base, value: String(oi) });
          input.checked = Array.isArray(answer) && answer.indexOf(oi) >= 0;
          input.addEventListener('change', function () { self.onAnswer(q); });
          wrap.appendChild(input);
          wrap.appendChild(el(doc, 'label', { 'for': id }, opt));
          fs.appendChild(wrap);
          inputs.push(input);
        });
      } else {
        var input = el(doc, 'input', {
          type: 'text', id: base + '-input', name: base, 'aria-labelledby': base + '-legend',
          autocomplete: 'off', inputmode: q.type === 'numeric' ? 'decimal' : null, className: 'ce-text-answer',
          // Bounded answers keep suspend_data predictable (2004 fill-in responses: SPM 250).
          maxlength: String(q.type === 'numeric' ? MAX_NUMERIC_ANSWER : MAX_TEXT_ANSWER)
        });
        input.value = typeof answer === 'string' ? answer : '';
        input.addEventListener('change', function () { self.onAnswer(q); });
        input.addEventListener('input', function () { self.onAnswer(q, true); });
        fs.appendChild(input);
        inputs.push(input);
      }
      var fb = el(doc, 'p', { className: 'ce-feedback', id: base + '-feedback' });
      fb.hidden = true;
      fs.appendChild(fb);
      form.appendChild(fs);
      controls.push({ q: q, fs: fs, inputs: inputs, feedback: fb });
    });
    var actions = el(doc, 'div', { className: 'ce-quiz-actions' });
    var submit = el(doc, 'button', { type: 'submit', className: 'ce-btn ce-btn-primary' }, 'Submit');
    var retry = el(doc, 'button', { type: 'button', className: 'ce-btn' }, 'Retry');
    actions.appendChild(submit);
    actions.appendChild(retry);
    form.appendChild(actions);
    var result = el(doc, 'div', { className: 'ce-quiz-result', tabindex: '-1', role: 'status' });
    form.appendChild(result);
    main.appendChild(form);
    this.quizUi = { zi: zi, quiz: quiz, controls: controls, submit: submit, retry: retry, result: result };
    form.addEventListener('submit', function (ev) { ev.preventDefault(); self.submitQuiz(zi); });
    retry.addEventListener('click', function () { self.retryQuiz(zi); });
    this.updateQuizUi(false);
  };

  Player.prototype.readAnswer = function (q) {
    var c = null;
    var ui = this.quizUi;
    if (!ui) return null;
    ui.controls.forEach(function (x) { if (x.q === q) c = x; });
    if (!c) return null;
    if (isChoice(q)) {
      var chosen = [];
      c.inputs.forEach(function (inp, i) { if (inp.checked) chosen.push(i); });
      return chosen.length ? chosen : null;
    }
    var v = c.inputs[0].value;
    return v === '' ? null : v;
  };

  Player.prototype.onAnswer = function (q, typing) {
    if (this.terminated) return;
    this.state.answers[q.index] = this.readAnswer(q);
    if (!typing) this.writeState();
  };

  Player.prototype.updateQuizUi = function (focusResult) {
    var ui = this.quizUi;
    if (!ui) return;
    var qstate = this.state.quizzes[ui.zi];
    var submitted = qstate.submitted;
    var answers = ui.quiz.questions.map(function (q) { return this.state.answers[q.index]; }, this);
    var grade = submitted ? gradeQuiz(ui.quiz, answers) : null;
    var terminated = this.terminated;
    ui.controls.forEach(function (c, i) {
      c.inputs.forEach(function (inp) { inp.disabled = submitted || terminated; });
      if (submitted) {
        c.feedback.hidden = false;
        c.feedback.textContent = grade.results[i] ? 'Correct' : 'Incorrect';
        c.feedback.className = 'ce-feedback ' + (grade.results[i] ? 'ce-correct' : 'ce-incorrect');
        c.fs.classList.toggle('ce-q-correct', grade.results[i]);
        c.fs.classList.toggle('ce-q-incorrect', !grade.results[i]);
      } else {
        c.feedback.hidden = true;
        c.feedback.textContent = '';
        c.fs.classList.remove('ce-q-correct', 'ce-q-incorrect');
      }
    });
    ui.submit.hidden = submitted;
    ui.submit.disabled = terminated;
    ui.retry.hidden = !submitted;
    ui.retry.disabled = terminated;
    if (submitted) {
      var text = 'Your score: ' + grade.percent + '% (' + grade.correctCount + ' of ' + grade.questionCount + ' correct). ' +
        (grade.passed ? 'Passed' : 'Not passed') + ' (pass mark ' + ui.quiz.passThreshold + '%).';
      if (qstate.attempts > 1) text += ' Attempt ' + qstate.attempts + '.';
      ui.result.textContent = text;
      ui.result.className = 'ce-quiz-result ' + (grade.passed ? 'ce-passed' : 'ce-failed');
      ui.result.hidden = false;
      if (focusResult) { try { ui.result.focus(); } catch (e) { /* ignore */ } }
    } else {
      ui.result.textContent = '';
      ui.result.hidden = true;
    }
  };

  Player.prototype.submitQuiz = function (zi) {
    if (this.terminated) return;
    var self = this;
    var quiz = this.model.quizzes[zi];
    var qstate = this.state.quizzes[zi];
    if (qstate.submitted) return;
    quiz.questions.forEach(function (q) { self.state.answers[q.index] = self.readAnswer(q); });
    var answers = quiz.questions.map(function (q) { return self.state.answers[q.index]; });
    var grade = gradeQuiz(quiz, answers);
    qstate.attempts++;
    qstate.submitted = true;
    var isFinal = this.model.finalQuiz === quiz;
    var better = qstate.best == null || grade.percent >= qstate.best;
    if (better) qstate.best = grade.percent;
    if (this.analytics) this.writeAnalytics(quiz, grade, answers);
    if (isFinal) {
      // Score before status; the best attempt's score is kept (never backwards).
      if (better && !(this.state.achieved && !grade.passed)) this.writeScore(grade);
      this.statusEvent(grade.passed ? 'pass' : 'fail');
    } else {
      this.writeState();
      if (this.saveOn.indexOf('navigation') >= 0) this.commit('quiz');
    }
    this.updateQuizUi(true);
  };

  Player.prototype.retryQuiz = function (zi) {
    if (this.terminated) return;
    var self = this;
    var quiz = this.model.quizzes[zi];
    this.state.quizzes[zi].submitted = false;
    quiz.questions.forEach(function (q) { self.state.answers[q.index] = null; });
    this.quizUi.controls.forEach(function (c) {
      c.inputs.forEach(function (inp) { if (inp.type === 'text') inp.value = ''; else inp.checked = false; });
    });
    this.quizShownAt[zi] = Date.now();
    this.writeState();
    this.updateQuizUi(false);
    var first = this.quizUi.controls[0];
    if (first && first.inputs[0]) { try { first.inputs[0].focus(); } catch (e) { /* ignore */ } }
  };

  Player.prototype.writeScore = function (grade) {
    if (this.review) return;
    var sc = scoreFor(grade, this.model.tracking.score_format);
    var lms = this.lms;
    lms.set(this.el('min'), formatReal(sc.min, 7));
    lms.set(this.el('max'), formatReal(sc.max, 7));
    lms.set(this.el('raw'), formatReal(sc.raw, 7));
    if (!this.v12) lms.set(this.el('scaled'), formatReal(sc.scaled, 7));
    this.dirty = true;
  };

  Player.prototype.writeAnalytics = function (quiz, grade, answers) {
    var lms = this.lms;
    var self = this;
    var now = new Date();
    var shown = this.quizShownAt[quiz.questions.length ? quiz.questions[0].quizIndex : 0] || this.sessionStart;
    var latency = Math.max(0, now.getTime() - shown);
    var objectiveId = quiz.id;
    if (!this.interactionsBroken) {
      var n = parseInt(lms.get('cmi.interactions._count'), 10);
      if (!(n >= 0)) n = 0;
      quiz.questions.forEach(function (q, i) {
        if (self.interactionsBroken) return;
        var fields = interactionFields(q, {
          version: self.version, answer: answers[i], correct: grade.results[i],
          latencyMs: latency, now: now, objectiveId: objectiveId
        });
        for (var f = 0; f < fields.length; f++) {
          var r = lms.set('cmi.interactions.' + n + '.' + fields[f][0], fields[f][1]);
          if (!r.ok && f === 0 && (r.code === '401' || r.code === '402')) {
            self.interactionsBroken = true;
            self.logNote('the LMS does not support cmi.interactions; interactions are not sent');
            return;
          }
        }
        n++;
      });
    }
    if (!this.objectivesBroken) {
      var count = parseInt(lms.get('cmi.objectives._count'), 10);
      if (!(count >= 0)) count = 0;
      var idx = count;
      for (var k = 0; k < count; k++) {
        if (lms.get('cmi.objectives.' + k + '.id') === objectiveId) { idx = k; break; }
      }
      var p = 'cmi.objectives.' + idx + '.';
      var r0 = lms.set(p + 'id', this.v12 ? escapeId12(objectiveId) : objectiveId);
      if (!r0.ok && (r0.code === '401' || r0.code === '402')) {
        this.objectivesBroken = true;
        this.logNote('the LMS does not support cmi.objectives; objectives are not sent');
      } else {
        var best = this.state.quizzes[quiz.questions.length ? quiz.questions[0].quizIndex : 0].best;
        var pct = best == null ? grade.percent : best;
        var passed = pct >= quiz.passThreshold;
        if (!this.v12) lms.set(p + 'score.scaled', formatReal(pct / 100, 7));
        lms.set(p + 'score.raw', formatReal(pct, 7));
        lms.set(p + 'score.min', '0');
        lms.set(p + 'score.max', '100');
        if (this.v12) {
          lms.set(p + 'status', passed ? 'passed' : 'failed');
        } else {
          lms.set(p + 'success_status', passed ? 'passed' : 'failed');
          lms.set(p + 'completion_status', 'completed');
          lms.set(p + 'description', cleanText(quiz.title, 250));
        }
      }
    }
    this.dirty = true;
  };

  // --- notices ---------------------------------------------------------------

  Player.prototype.notice = function (id, text, kind) {
    if (!this.noticesEl) return;
    var existing = this.noticesEl.querySelector('[data-notice="' + id + '"]');
    if (existing) { existing.querySelector('.ce-notice-text').textContent = text; return; }
    var doc = this.doc;
    var n = el(doc, 'div', { className: 'ce-notice ce-notice-' + (kind || 'info'), 'data-notice': id });
    n.appendChild(el(doc, 'span', { className: 'ce-notice-text' }, text));
    var close = el(doc, 'button', { type: 'button', className: 'ce-notice-close', 'aria-label': 'Dismiss notice' }, '\u00d7');
    close.addEventListener('click', function () { n.remove(); });
    n.appendChild(close);
    this.noticesEl.appendChild(n);
  };

  Player.prototype.clearNotice = function (id) {
    if (!this.noticesEl) return;
    var existing = this.noticesEl.querySelector('[data-notice="' + id + '"]');
    if (existing) existing.remove();
  };

  // --- debug panel -----------------------------------------------------------

  Player.prototype.renderDebug = function (root, header) {
    var doc = this.doc;
    var self = this;
    var toggle = el(doc, 'button', {
      type: 'button', className: 'ce-btn ce-debug-toggle', 'aria-expanded': 'false',
      'aria-controls': 'ce-debug', 'aria-keyshortcuts': 'Control+Alt+D', title: 'Debug log (Ctrl+Alt+D)'
    }, 'Debug log');
    header.appendChild(toggle);
    var panel = el(doc, 'aside', { id: 'ce-debug', className: 'ce-debug', 'aria-label': 'SCORM debug log' });
    panel.hidden = true;
    var bar = el(doc, 'div', { className: 'ce-debug-bar' });
    bar.appendChild(el(doc, 'h2', null, 'SCORM debug log'));
    var copy = el(doc, 'button', { type: 'button', className: 'ce-btn' }, 'Copy log');
    var close = el(doc, 'button', { type: 'button', className: 'ce-btn' }, 'Close log');
    var copied = el(doc, 'span', { className: 'ce-debug-copied', role: 'status' });
    bar.appendChild(copy);
    bar.appendChild(close);
    bar.appendChild(copied);
    panel.appendChild(bar);
    var list = el(doc, 'ol', { className: 'ce-debug-list' });
    panel.appendChild(list);
    root.appendChild(panel);
    this.debugUi = { toggle: toggle, panel: panel, list: list, copied: copied };
    toggle.addEventListener('click', function () { self.setDebugOpen(panel.hidden); });
    close.addEventListener('click', function () { self.setDebugOpen(false); toggle.focus(); });
    copy.addEventListener('click', function () { self.copyLog(); });
    doc.addEventListener('keydown', function (ev) {
      if (ev.ctrlKey && ev.altKey && (ev.key === 'd' || ev.key === 'D' || ev.code === 'KeyD')) {
        ev.preventDefault();
        self.setDebugOpen(panel.hidden);
      }
    });
    this.logEntries.forEach(function (e) { self.appendLogLine(e); });
  };

  Player.prototype.setDebugOpen = function (open) {
    if (!this.debugUi) return;
    this.debugUi.panel.hidden = !open;
    this.debugUi.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  };

  function formatLogEntry(e) {
    var t = e.time.toISOString().slice(11, 23);
    if (e.note) return t + ' NOTE ' + e.note;
    var args = e.args.map(function (a) { return JSON.stringify(a); }).join(', ');
    var line = t + ' ' + e.fn + '(' + args + ') \u2192 ' + JSON.stringify(e.result) + ' [error ' + e.code;
    if (e.message) line += ' ' + e.message;
    if (e.diagnostic) line += ' | ' + e.diagnostic;
    return line + ']';
  }

  Player.prototype.logCall = function (entry) {
    if (!this.debug) return;
    if (this.logEntries.length > 5000) this.logEntries.splice(0, 1000);
    this.logEntries.push(entry);
    this.appendLogLine(entry);
  };

  Player.prototype.logNote = function (text) {
    if (!this.debug) return;
    var entry = { time: new Date(), note: text };
    this.logEntries.push(entry);
    this.appendLogLine(entry);
  };

  Player.prototype.appendLogLine = function (entry) {
    if (!this.debugUi) return;
    var li = el(this.doc, 'li', { className: entry.note ? 'ce-log-note' : (entry.ok || entry.expected ? 'ce-log-ok' : 'ce-log-error') }, formatLogEntry(entry));
    this.debugUi.list.appendChild(li);
    while (this.debugUi.list.childNodes.length > 5000) this.debugUi.list.removeChild(this.debugUi.list.firstChild);
  };

  Player.prototype.logText = function () {
    return this.logEntries.map(formatLogEntry).join('\n');
  };

  Player.prototype.copyLog = function () {
    var text = this.logText();
    var ui = this.debugUi;
    var doc = this.doc;
    var done = function (ok) { ui.copied.textContent = ok ? 'Log copied.' : 'Copy failed: select the log and copy it.'; };
    var fallback = function () {
      try {
        var ta = el(doc, 'textarea', { className: 'ce-visually-hidden', 'aria-hidden': 'true' });
        ta.value = text;
        doc.body.appendChild(ta);
        ta.select();
        var ok = doc.execCommand && doc.execCommand('copy');
        ta.remove();
        done(!!ok);
      } catch (e) { done(false); }
    };
    try {
      var nav = this.win.navigator;
      if (nav && nav.clipboard && nav.clipboard.writeText) {
        nav.clipboard.writeText(text).then(function () { done(true); }, fallback);
        return;
      }
    } catch (e) { /* fall back */ }
    fallback();
  };

  Player.prototype.onLmsError = function (entry) {
    if (entry.vanished) this.saveFailed();
    if (this.debug) this.setDebugOpen(true);
  };

  function showFatal(doc, message) {
    var root = doc.getElementById('course-player') || doc.body;
    root.textContent = '';
    var box = el(doc, 'div', { className: 'ce-fatal', role: 'alert' });
    box.appendChild(el(doc, 'h1', null, 'This course cannot start'));
    box.appendChild(el(doc, 'p', null, message));
    root.appendChild(box);
  }

  function boot(win) {
    var doc = win.document;
    var data = win.COURSE_DATA;
    if (!data || typeof data !== 'object') {
      showFatal(doc, 'The course data (content/course-data.js) is missing.');
      return null;
    }
    var scoId = (doc.documentElement.getAttribute('data-sco') || '').trim();
    try {
      var player = new Player(win, data, scoId);
      player.start();
      return player;
    } catch (e) {
      showFatal(doc, String(e && e.message || e));
      return null;
    }
  }

  var exportsObj = {
    EVENTS: EVENTS,
    statusRow: statusRow,
    lessonStatus12: lessonStatus12,
    pairFromLessonStatus: pairFromLessonStatus,
    mergeStatus: mergeStatus,
    dominates: dominates,
    applyStatusEvent: applyStatusEvent,
    lessonStatusToWrite: lessonStatusToWrite,
    isFinished: isFinished,
    formatTimespan12: formatTimespan12,
    formatDuration2004: formatDuration2004,
    formatTime12: formatTime12,
    formatTimestamp2004: formatTimestamp2004,
    formatReal: formatReal,
    normalizeQuestion: normalizeQuestion,
    buildModel: buildModel,
    isCorrect: isCorrect,
    gradeQuiz: gradeQuiz,
    scoreFor: scoreFor,
    interactionType: interactionType,
    optionIds2004: optionIds2004,
    interactionFields: interactionFields,
    emptyState: emptyState,
    encodeState: encodeState,
    decodeState: decodeState,
    encodeBits: encodeBits,
    decodeBits: decodeBits,
    suspendDataLimit: suspendDataLimit,
    MAX_TEXT_ANSWER: MAX_TEXT_ANSWER,
    MAX_NUMERIC_ANSWER: MAX_NUMERIC_ANSWER,
    suspendDataFor: suspendDataFor,
    suspendDataEstimate: suspendDataEstimate,
    locationFor: locationFor,
    sectionFromLocation: sectionFromLocation,
    findApi: findApi,
    Lms: Lms,
    LocalApi: LocalApi,
    Player: Player,
    boot: boot
  };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = exportsObj;
  } else if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    window.CourseExportPlayer = exportsObj;
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { boot(window); });
    } else {
      boot(window);
    }
  }
})();
