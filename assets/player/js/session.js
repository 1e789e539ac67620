/*
 * Course Export Studio - course player, part 4 of 7, session.js:
 * the Player and its LMS session: connect, restore, statuses, scores, analytics, saving, the log.
 *
 * The player is 7 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): strings.js, scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
 * No ES modules (they fail from file:// and in some LMS frames), no build step. In the browser
 * the namespace is window.CourseExportPlayer; in Node each part is a module that requires the
 * part before it and exports the whole namespace so far, for the unit tests.
 */
(function (CE) {
  'use strict';

  var stringsFor = CE.stringsFor;
  var Lms = CE.Lms;
  var LocalApi = CE.LocalApi;
  var apiName = CE.apiName;
  var applyStatusEvent = CE.applyStatusEvent;
  var cleanText = CE.cleanText;
  var dominates = CE.dominates;
  var escapeId12 = CE.escapeId12;
  var findApi = CE.findApi;
  var formatDuration2004 = CE.formatDuration2004;
  var formatReal = CE.formatReal;
  var formatTimespan12 = CE.formatTimespan12;
  var interactionFields = CE.interactionFields;
  var isFinished = CE.isFinished;
  var lessonStatusToWrite = CE.lessonStatusToWrite;
  var pairFromLessonStatus = CE.pairFromLessonStatus;
  var statusRow = CE.statusRow;
  var buildModel = CE.buildModel;
  var decodeState = CE.decodeState;
  var emptyState = CE.emptyState;
  var locationFor = CE.locationFor;
  var scoreFor = CE.scoreFor;
  var sectionFromLocation = CE.sectionFromLocation;
  var suspendDataFor = CE.suspendDataFor;

  function Player(win, data, scoId) {
    this.win = win;
    this.doc = win.document;
    this.data = data;
    this.version = data.scorm_version === '1.2' ? '1.2' : '2004';
    this.v12 = this.version === '1.2';
    this.model = buildModel(data, scoId);
    // The player's own words, in the course's language (English when it ships no strings for it).
    this.i18n = stringsFor(data.language);
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
        this.notice('lms', this.t('lmsConnectFailed'), 'warn');
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
        this.notice('no-lms', this.t('noLms'), 'info');
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
    // Review mode (the LMS shows a finished attempt again): nothing is graded or recorded.
    var mode = lms.get(this.v12 ? 'cmi.core.lesson_mode' : 'cmi.mode');
    this.review = mode === 'review';
    // Saved state: always on 1.2 (entry is LMS-specific there) and on its own (no LMS: the
    // browser keeps the learner's one attempt, also after a normal exit); on 2004 unless the LMS
    // starts a new attempt (ab-initio hands back no data): on resume, and when an LMS reopens the
    // same attempt (entry "", e.g. in review mode) with its data.
    if (this.v12 || this.local || entry !== 'ab-initio' || this.review) {
      var loc = lms.get(this.el('location'));
      var sd = lms.get(this.el('suspend'));
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
    if (this.review) {
      this.analytics = false;
      this.logNote('review mode: statuses, scores and interactions are not written');
    }
    this.firstLaunch = firstLaunch;
    if (firstLaunch && !this.review) {
      // SCORM 2004 course completion: an LMS judges completion_status from progress_measure
      // against the manifest's threshold, so the start commit carries it (without it the LMS
      // keeps "unknown" until the next commit).
      if (!this.v12 && this.model.tracking.mode !== 'quiz-results') {
        // The section on screen counts: it is marked viewed as it is shown, right after.
        var viewed = this.state.viewed || [];
        var seen = viewed.filter(Boolean).length + (viewed[this.current] ? 0 : 1);
        var total = Math.max(1, this.model.sections.length);
        this.lms.set(this.el('progress'), formatReal(Math.min(seen, total) / total, 7));
      }
      this.statusEvent('start');
    }
  };

  /** One of the player's own words, in the course's language. */
  Player.prototype.t = function (key, params) {
    return this.i18n.t(key, params);
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
      var msg = this.t(sd.overflow === 'answers' ? 'overflowAnswers' : 'overflowAll', { length: sd.length, limit: sd.limit });
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
    this.notice('save-failed', this.t('saveFailed'), 'warn');
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

  Player.prototype.logText = function () {
    return this.logEntries.map(formatLogEntry).join('\n');
  };

  Player.prototype.onLmsError = function (entry) {
    if (entry.vanished) this.saveFailed();
    if (this.debug) this.setDebugOpen(true);
  };

  CE.Player = Player;
  CE.formatLogEntry = formatLogEntry;
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./state.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
