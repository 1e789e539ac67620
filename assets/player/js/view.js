/*
 * Course Export Studio - course player, part 4 of 6, view.js:
 * the DOM: shell, table of contents, sections, navigation, notices, debug panel.
 *
 * The player is 6 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
 * No ES modules (they fail from file:// and in some LMS frames), no build step. In the browser
 * the namespace is window.CourseExportPlayer; in Node each part is a module that requires the
 * part before it and exports the whole namespace so far, for the unit tests.
 */
(function (CE) {
  'use strict';

  var Player = CE.Player;
  var formatLogEntry = CE.formatLogEntry;

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

  Player.prototype.appendLogLine = function (entry) {
    if (!this.debugUi) return;
    var li = el(this.doc, 'li', { className: entry.note ? 'ce-log-note' : (entry.ok || entry.expected ? 'ce-log-ok' : 'ce-log-error') }, formatLogEntry(entry));
    this.debugUi.list.appendChild(li);
    while (this.debugUi.list.childNodes.length > 5000) this.debugUi.list.removeChild(this.debugUi.list.firstChild);
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

  function showFatal(doc, message) {
    var root = doc.getElementById('course-player') || doc.body;
    root.textContent = '';
    var box = el(doc, 'div', { className: 'ce-fatal', role: 'alert' });
    box.appendChild(el(doc, 'h1', null, 'This course cannot start'));
    box.appendChild(el(doc, 'p', null, message));
    root.appendChild(box);
  }

  CE.el = el;
  CE.showFatal = showFatal;
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./session.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
