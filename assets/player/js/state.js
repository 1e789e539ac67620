/*
 * Course Export Studio - course player, part 3 of 7, state.js:
 * the learner's state: course model, grading and scores, resume data (suspend_data, bookmark).
 *
 * The player is 7 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): strings.js, scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
 * No ES modules (they fail from file:// and in some LMS frames), no build step. In the browser
 * the namespace is window.CourseExportPlayer; in Node each part is a module that requires the
 * part before it and exports the whole namespace so far, for the unit tests.
 */
(function (CE) {
  'use strict';

  var pad = CE.pad;
  var parseNumber = CE.parseNumber;

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
    return {
      id: String(q.id), type: type, prompt: String(q.prompt == null ? '' : q.prompt), options: options, correct: correct, weight: weight,
      // Optional: shown after submission (older courses have none).
      explanation: typeof q.explanation === 'string' ? q.explanation : ''
    };
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
        var qz = {
          sectionIndex: si, id: s.id, title: s.title, passThreshold: Number(s.quiz.pass_threshold_percent), questions: [],
          // Optional quiz settings; absent in older courses: correct answers shown, attempts unlimited.
          showCorrectAnswers: s.quiz.show_correct_answers !== false,
          maxAttempts: Number(s.quiz.max_attempts) >= 1 ? Math.floor(Number(s.quiz.max_attempts)) : null
        };
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

  /** Indexes (in quiz.questions) of the questions without an answer. */
  function unansweredQuestions(quiz, answers) {
    var out = [];
    quiz.questions.forEach(function (q, i) { if (!isAnswered(q, answers[i])) out.push(i); });
    return out;
  }

  /** True when the questions of a quiz do not all carry the same weight. */
  function weightsDiffer(quiz) {
    return quiz.questions.some(function (q) { return q.weight !== quiz.questions[0].weight; });
  }

  /** Attempts the learner still has (Infinity without a limit). */
  function attemptsLeft(quiz, qstate) {
    if (quiz.maxAttempts == null) return Infinity;
    return Math.max(0, quiz.maxAttempts - (qstate.attempts || 0));
  }

  /**
   * The course result for the result screen, the table of contents and the closing screen:
   * {outcome: 'passed' | 'failed' | 'complete' | 'incomplete', viewed, total, quizzes: [{quiz,
   * taken, best, passed, attempts, attemptsLeft}], finalQuiz}. With a final quiz the course is
   * passed or failed by it (its best attempt, or the status the LMS holds); otherwise it is
   * complete once the viewed threshold (or status) was reached.
   */
  function courseResult(model, state, pair) {
    var p = pair || {};
    var quizzes = model.quizzes.map(function (quiz, zi) {
      var z = state.quizzes[zi] || { attempts: 0, best: null };
      var taken = z.best != null;
      return {
        quiz: quiz, taken: taken, best: z.best, passed: taken && z.best >= quiz.passThreshold,
        attempts: z.attempts || 0, attemptsLeft: attemptsLeft(quiz, z)
      };
    });
    var outcome;
    var finalResult = null;
    if (model.finalQuiz) {
      quizzes.forEach(function (r) { if (r.quiz === model.finalQuiz) finalResult = r; });
      if (state.achieved || p.success === 'passed' || (finalResult && finalResult.passed)) outcome = 'passed';
      else if ((finalResult && finalResult.taken) || p.success === 'failed') outcome = 'failed';
      else outcome = 'incomplete';
    } else {
      outcome = state.achieved || p.completion === 'completed' ? 'complete' : 'incomplete';
    }
    return {
      outcome: outcome,
      viewed: state.viewed.filter(Boolean).length,
      total: model.sections.length,
      quizzes: quizzes,
      finalQuiz: finalResult
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

  CE.normalizeQuestion = normalizeQuestion;
  CE.buildModel = buildModel;
  CE.modelSignature = modelSignature;
  CE.numericMatches = numericMatches;
  CE.isCorrect = isCorrect;
  CE.isAnswered = isAnswered;
  CE.gradeQuiz = gradeQuiz;
  CE.scoreFor = scoreFor;
  CE.unansweredQuestions = unansweredQuestions;
  CE.weightsDiffer = weightsDiffer;
  CE.attemptsLeft = attemptsLeft;
  CE.courseResult = courseResult;
  CE.STATE_VERSION = STATE_VERSION;
  CE.MAX_TEXT_ANSWER = MAX_TEXT_ANSWER;
  CE.MAX_NUMERIC_ANSWER = MAX_NUMERIC_ANSWER;
  CE.B64 = B64;
  CE.encodeBits = encodeBits;
  CE.decodeBits = decodeBits;
  CE.escapeText = escapeText;
  CE.unescapeText = unescapeText;
  CE.isChoice = isChoice;
  CE.emptyState = emptyState;
  CE.encodeState = encodeState;
  CE.decodeState = decodeState;
  CE.suspendDataLimit = suspendDataLimit;
  CE.suspendDataFor = suspendDataFor;
  CE.suspendDataEstimate = suspendDataEstimate;
  CE.locationFor = locationFor;
  CE.sectionFromLocation = sectionFromLocation;
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./scorm.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
