/*
 * Course Export Studio - course player, part 6 of 7, quiz.js:
 * quizzes on the page: questions, answers, submit, feedback, retry.
 *
 * The player is 7 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): strings.js, scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
 * No ES modules (they fail from file:// and in some LMS frames), no build step. In the browser
 * the namespace is window.CourseExportPlayer; in Node each part is a module that requires the
 * part before it and exports the whole namespace so far, for the unit tests.
 */
(function (CE) {
  'use strict';

  var MAX_NUMERIC_ANSWER = CE.MAX_NUMERIC_ANSWER;
  var MAX_TEXT_ANSWER = CE.MAX_TEXT_ANSWER;
  var gradeQuiz = CE.gradeQuiz;
  var isChoice = CE.isChoice;
  var weightsDiffer = CE.weightsDiffer;
  var attemptsLeft = CE.attemptsLeft;
  var unansweredQuestions = CE.unansweredQuestions;
  var Player = CE.Player;
  var el = CE.el;

  Player.prototype.quizIndexOfSection = function (sectionIndex) {
    for (var i = 0; i < this.model.quizzes.length; i++) if (this.model.quizzes[i].sectionIndex === sectionIndex) return i;
    return -1;
  };

  /** A number of points as text: whole numbers as they are, else at most two decimals. */
  function pointsText(x) {
    return String(Math.round(x * 100) / 100);
  }

  /** The label of an option as the learner sees it (true / false in the course's language). */
  Player.prototype.optionLabel = function (q, text) {
    if (q.type === 'true-false') {
      if (text === 'True') return this.t('trueOption');
      if (text === 'False') return this.t('falseOption');
    }
    return text;
  };

  /** The correct answer of a question in words, for the feedback after submission. */
  Player.prototype.correctAnswerText = function (q) {
    var self = this;
    var sep = this.t('listSeparator');
    if (isChoice(q)) {
      var labels = q.options.filter(function (o) { return q.correct.indexOf(o) >= 0; }).map(function (o) { return self.optionLabel(q, o); });
      return labels.length > 1 ? this.t('correctAnswers', { answers: labels.join(sep) }) : this.t('correctAnswer', { answer: labels.join('') });
    }
    var words = q.correct.map(function (c) {
      var e = String(c).trim();
      var colon = q.type === 'numeric' ? e.indexOf(':') : -1;
      return colon > 0 ? self.t('numericRange', { min: e.slice(0, colon).trim(), max: e.slice(colon + 1).trim() }) : e;
    });
    if (words.length > 1) return this.t('acceptedAnswers', { answers: words.join(sep) });
    return this.t('correctAnswer', { answer: words.join('') });
  };

  Player.prototype.renderQuiz = function (main, sectionIndex) {
    var doc = this.doc;
    var self = this;
    var zi = this.quizIndexOfSection(sectionIndex);
    var quiz = this.model.quizzes[zi];
    var qstate = this.state.quizzes[zi];
    var weighted = weightsDiffer(quiz);
    if (!qstate.submitted) this.quizShownAt[zi] = Date.now();
    // No implicit submission: Submit is a plain button, and Enter in a field does nothing.
    var form = el(doc, 'form', { className: 'ce-quiz', novalidate: true });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); });
    var intro = el(doc, 'div', { className: 'ce-quiz-intro' });
    intro.appendChild(el(doc, 'p', null, this.t('passMark', { pass: quiz.passThreshold })));
    var attemptsEl = el(doc, 'p', { className: 'ce-quiz-attempts' });
    intro.appendChild(attemptsEl);
    if (weighted) intro.appendChild(el(doc, 'p', null, this.t('weightsDiffer')));
    form.appendChild(intro);
    var controls = [];
    quiz.questions.forEach(function (q, qi) {
      var base = 'ce-q-' + q.index;
      var fs = el(doc, 'fieldset', { className: 'ce-question', id: base, 'aria-describedby': base + '-feedback' });
      var legend = el(doc, 'legend', { id: base + '-legend' }, q.prompt);
      fs.appendChild(legend);
      if (weighted) fs.appendChild(el(doc, 'p', { className: 'ce-q-points' }, self.t('points', { points: pointsText(q.weight) })));
      var answer = self.state.answers[q.index];
      var inputs = [];
      var marks = [];
      if (isChoice(q)) {
        var multi = q.type === 'multiple-choice';
        q.options.forEach(function (opt, oi) {
          var id = base + '-o' + oi;
          var wrap = el(doc, 'div', { className: 'ce-option' });
          var input = el(doc, 'input', { type: multi ? 'checkbox' : 'radio', id: id, name: base, value: String(oi) });
          input.checked = Array.isArray(answer) && answer.indexOf(oi) >= 0;
          input.addEventListener('change', function () { self.onAnswer(q); });
          wrap.appendChild(input);
          wrap.appendChild(el(doc, 'label', { 'for': id }, self.optionLabel(q, opt)));
          var mark = el(doc, 'span', { className: 'ce-opt-mark' });
          mark.hidden = true;
          wrap.appendChild(mark);
          fs.appendChild(wrap);
          inputs.push(input);
          marks.push(mark);
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
        // Enter in a field never submits the quiz.
        input.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') ev.preventDefault(); });
        fs.appendChild(input);
        inputs.push(input);
      }
      var fb = el(doc, 'div', { className: 'ce-feedback-box', id: base + '-feedback' });
      fb.hidden = true;
      fs.appendChild(fb);
      form.appendChild(fs);
      controls.push({ q: q, qi: qi, fs: fs, inputs: inputs, marks: marks, feedback: fb });
    });
    var actions = el(doc, 'div', { className: 'ce-quiz-actions' });
    var submit = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-primary' }, this.t('submit'));
    var retry = el(doc, 'button', { type: 'button', className: 'ce-btn' }, this.t('retry'));
    actions.appendChild(submit);
    actions.appendChild(retry);
    form.appendChild(actions);
    var result = el(doc, 'div', { className: 'ce-quiz-result', tabindex: '-1', role: 'status' });
    form.appendChild(result);
    main.appendChild(form);
    this.quizUi = { zi: zi, quiz: quiz, controls: controls, submit: submit, retry: retry, result: result, actions: actions, attempts: attemptsEl };
    submit.addEventListener('click', function () { self.askSubmit(zi); });
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
    var self = this;
    var doc = this.doc;
    var quiz = ui.quiz;
    var qstate = this.state.quizzes[ui.zi];
    var submitted = qstate.submitted;
    var answers = quiz.questions.map(function (q) { return this.state.answers[q.index]; }, this);
    var grade = submitted ? gradeQuiz(quiz, answers) : null;
    var terminated = this.terminated;
    var left = attemptsLeft(quiz, qstate);
    var show = quiz.showCorrectAnswers;
    ui.controls.forEach(function (c, i) {
      var q = c.q;
      c.inputs.forEach(function (inp) { inp.disabled = submitted || terminated; });
      c.feedback.textContent = '';
      if (submitted) {
        var ok = grade.results[i];
        c.feedback.hidden = false;
        c.feedback.appendChild(el(doc, 'p', { className: 'ce-feedback ' + (ok ? 'ce-correct' : 'ce-incorrect') }, self.t(ok ? 'correct' : 'incorrect')));
        if (!ok && show) c.feedback.appendChild(el(doc, 'p', { className: 'ce-correct-answer' }, self.correctAnswerText(q)));
        if (q.explanation) c.feedback.appendChild(el(doc, 'p', { className: 'ce-explanation' }, q.explanation));
        c.fs.classList.toggle('ce-q-correct', ok);
        c.fs.classList.toggle('ce-q-incorrect', !ok);
        // The learner's own choices stay visible, marked; the correct ones too where allowed.
        c.marks.forEach(function (m, oi) {
          var chosen = c.inputs[oi].checked;
          var right = q.correct.indexOf(q.options[oi]) >= 0;
          var words = [];
          if (chosen) words.push(self.t('yourAnswer'));
          if (right && show) words.push(self.t('correctOption'));
          m.textContent = words.length ? '(' + words.join(self.t('listSeparator')) + ')' : '';
          m.hidden = !words.length;
          m.className = 'ce-opt-mark' + (chosen ? ' ce-opt-chosen' : '') + (right && show ? ' ce-opt-right' : '');
        });
      } else {
        c.feedback.hidden = true;
        c.fs.classList.remove('ce-q-correct', 'ce-q-incorrect');
        c.marks.forEach(function (m) { m.hidden = true; m.textContent = ''; });
      }
    });
    ui.attempts.textContent = quiz.maxAttempts == null ? ''
      : (qstate.attempts ? this.t('attemptsUsed', { used: qstate.attempts, max: quiz.maxAttempts }) : this.t('attemptsAllowed', { max: quiz.maxAttempts }));
    ui.attempts.hidden = quiz.maxAttempts == null;
    ui.submit.hidden = submitted;
    ui.submit.disabled = terminated;
    ui.retry.hidden = !submitted || left === 0;
    ui.retry.disabled = terminated;
    if (submitted) {
      var text = weightsDiffer(quiz)
        ? this.t('scoreWeighted', { percent: grade.percent, points: pointsText(grade.weightCorrect), max: pointsText(grade.weightTotal), correct: grade.correctCount, count: grade.questionCount })
        : this.t('scorePlain', { percent: grade.percent, correct: grade.correctCount, count: grade.questionCount });
      text += ' ' + this.t(grade.passed ? 'passedLine' : 'notPassedLine', { pass: quiz.passThreshold });
      if (quiz.maxAttempts != null) text += ' ' + this.t('attemptOfLine', { n: qstate.attempts, max: quiz.maxAttempts });
      else if (qstate.attempts > 1) text += ' ' + this.t('attemptLine', { n: qstate.attempts });
      if (left === 0 && !grade.passed) text += ' ' + this.t('noAttemptsLeft');
      ui.result.textContent = text;
      ui.result.className = 'ce-quiz-result ' + (grade.passed ? 'ce-passed' : 'ce-failed');
      ui.result.hidden = false;
      if (focusResult) { try { ui.result.focus(); } catch (e) { /* ignore */ } }
    } else {
      ui.result.textContent = '';
      ui.result.hidden = true;
    }
  };

  /**
   * Submit asks first when questions have no answer (naming them) or when this is the last
   * attempt; the attempt counts only once the learner confirms.
   */
  Player.prototype.askSubmit = function (zi) {
    if (this.terminated) return;
    var self = this;
    var ui = this.quizUi;
    var quiz = this.model.quizzes[zi];
    var qstate = this.state.quizzes[zi];
    if (!ui || qstate.submitted || attemptsLeft(quiz, qstate) === 0) return;
    quiz.questions.forEach(function (q) { self.state.answers[q.index] = self.readAnswer(q); });
    var answers = quiz.questions.map(function (q) { return self.state.answers[q.index]; });
    var missing = unansweredQuestions(quiz, answers);
    var last = attemptsLeft(quiz, qstate) === 1;
    if (!missing.length && !last) { this.submitQuiz(zi); return; }
    this.writeState();
    this.openConfirm(ui.actions, {
      id: 'submit',
      title: this.t(missing.length ? 'unansweredTitle' : 'confirmSubmitTitle'),
      lines: [missing.length ? this.t('unansweredIntro') : ''],
      items: missing.map(function (i) {
        var c = ui.controls[i];
        return {
          text: self.t('questionN', { n: i + 1 }) + ': ' + c.q.prompt,
          onClick: function () { try { c.inputs[0].focus(); } catch (e) { /* ignore */ } }
        };
      }),
      ok: this.t(missing.length ? 'submitAnyway' : 'confirmSubmit'),
      cancel: this.t('keepAnswering'),
      onOk: function () { self.submitQuiz(zi); },
      onCancel: function () {
        var first = missing.length ? ui.controls[missing[0]] : null;
        try { (first ? first.inputs[0] : ui.submit).focus(); } catch (e) { /* ignore */ }
      }
    });
    // Notes after the list: what an unanswered question counts as, and the last attempt.
    var notes = [];
    if (missing.length) notes.push(this.t('submitAnywayNote'));
    if (last) notes.push(this.t('lastAttemptNote'));
    var box = this.confirmEl;
    var actionsEl = box.querySelector('.ce-confirm-actions');
    notes.forEach(function (n) { box.insertBefore(el(self.doc, 'p', null, n), actionsEl); });
  };

  Player.prototype.submitQuiz = function (zi) {
    if (this.terminated) return;
    var self = this;
    var quiz = this.model.quizzes[zi];
    var qstate = this.state.quizzes[zi];
    if (qstate.submitted || attemptsLeft(quiz, qstate) === 0) return;
    if (this.quizUi && this.quizUi.zi === zi) {
      quiz.questions.forEach(function (q) { self.state.answers[q.index] = self.readAnswer(q); });
    }
    var answers = quiz.questions.map(function (q) { return self.state.answers[q.index]; });
    var grade = gradeQuiz(quiz, answers);
    var wasDone = this.isDone();
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
    this.updateToc();
    if (!wasDone) this.announceDone();
  };

  Player.prototype.retryQuiz = function (zi) {
    if (this.terminated) return;
    var self = this;
    var quiz = this.model.quizzes[zi];
    if (attemptsLeft(quiz, this.state.quizzes[zi]) === 0) return;
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

  CE.pointsText = pointsText;
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./view.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
