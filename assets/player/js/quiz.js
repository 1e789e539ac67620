/*
 * Course Export Studio - course player, part 5 of 6, quiz.js:
 * quizzes on the page: questions, answers, submit, feedback, retry.
 *
 * The player is 6 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
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
  var Player = CE.Player;
  var el = CE.el;

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
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./view.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
