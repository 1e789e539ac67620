/*
 * Course Export Studio - course player, part 5 of 7, view.js:
 * the DOM: shell, table of contents, sections, navigation, notices, debug panel.
 *
 * The player is 7 classic scripts on one namespace, joined in this order into the package's
 * player/player.js at compile time (src/engine/player_assets.rs): strings.js, scorm.js, state.js, session.js, view.js, quiz.js, boot.js.
 * No ES modules (they fail from file:// and in some LMS frames), no build step. In the browser
 * the namespace is window.CourseExportPlayer; in Node each part is a module that requires the
 * part before it and exports the whole namespace so far, for the unit tests.
 */
(function (CE) {
  'use strict';

  var Player = CE.Player;
  var formatLogEntry = CE.formatLogEntry;
  var courseResult = CE.courseResult;

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

  /** Results only make sense for a SCO with more than one section or with a quiz. */
  Player.prototype.hasResults = function () {
    return this.model.sections.length > 1 || this.model.quizzes.length > 0;
  };

  /** True when the learner reached the end: the course (this SCO) is passed or complete. */
  Player.prototype.isDone = function () {
    var r = courseResult(this.model, this.state, this.pair);
    return r.outcome === 'passed' || r.outcome === 'complete';
  };

  /** The moment the course is passed or complete: say so, and where the result is. */
  Player.prototype.announceDone = function () {
    if (this.review || !this.hasResults() || !this.isDone()) return;
    var r = courseResult(this.model, this.state, this.pair);
    this.notice('done', this.t(r.outcome === 'passed' ? 'coursePassed' : 'courseComplete') + ' ' + this.t('doneHint'), 'info');
  };

  // --- learner actions -------------------------------------------------------

  Player.prototype.go = function (index) {
    if (this.terminated || index < 0 || index >= this.model.sections.length) return;
    if (index === this.current && this.screen === 'section') return;
    this.current = index;
    this.show(index, {});
  };

  Player.prototype.show = function (index, opts) {
    this.current = index;
    this.screen = 'section';
    this.closeConfirm();
    this.renderSection(index, !opts.initial);
    var statusChanged = false;
    if (!this.state.viewed[index]) {
      var wasDone = this.isDone();
      this.state.viewed[index] = true;
      statusChanged = this.onProgress();
      if (!wasDone) this.announceDone();
    }
    this.writeState();
    if (!statusChanged && !opts.initial && this.saveOn.indexOf('navigation') >= 0) {
      this.commit('navigation');
    }
    this.updateToc();
  };

  /** The course's result screen: outcome, score, quizzes and what to do next. */
  Player.prototype.showResults = function (opts) {
    if (this.terminated) return;
    var doc = this.doc;
    var self = this;
    var o = opts || {};
    this.screen = 'results';
    this.quizUi = null;
    this.closeConfirm();
    var main = this.mainEl;
    main.textContent = '';
    var h = el(doc, 'h1', { className: 'ce-section-title', tabindex: '-1', id: 'ce-section-title' }, this.t('resultsTitle'));
    main.appendChild(h);
    var r = courseResult(this.model, this.state, this.pair);
    var box = el(doc, 'div', { className: 'ce-results' });
    this.appendOutcome(box, r);
    main.appendChild(box);
    // What to do next, with a button to the place that needs the learner.
    var next = el(doc, 'p', { className: 'ce-results-next' });
    var target = -1;
    if (r.outcome === 'passed' || r.outcome === 'complete') {
      next.textContent = this.t('nextDone');
    } else if (r.outcome === 'failed' && r.finalQuiz && r.finalQuiz.attemptsLeft === 0) {
      next.textContent = this.t('nextNoAttempts');
    } else if (r.outcome === 'failed' && r.finalQuiz) {
      next.textContent = this.t('nextRetry');
      target = r.finalQuiz.quiz.sectionIndex;
    } else {
      next.textContent = this.t('nextContinue');
      target = this.state.viewed.indexOf(false);
      if (target < 0 && r.finalQuiz) target = r.finalQuiz.quiz.sectionIndex;
    }
    main.appendChild(next);
    if (target >= 0) {
      var go = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-primary' }, this.t('goTo', { title: this.model.sections[target].title }));
      go.addEventListener('click', function () { self.go(target); });
      main.appendChild(go);
    }
    this.updateToc();
    if (o.focus !== false) {
      try { h.focus(); } catch (e) { /* ignore */ }
      try { this.win.scrollTo(0, 0); } catch (e2) { /* ignore */ }
    }
  };

  /** Outcome line, sections viewed and one line per quiz (the result and closing screens). */
  Player.prototype.appendOutcome = function (box, r) {
    var doc = this.doc;
    var self = this;
    var key = { passed: 'coursePassed', failed: 'courseFailed', complete: 'courseComplete', incomplete: 'courseIncomplete' }[r.outcome];
    box.appendChild(el(doc, 'p', { className: 'ce-outcome ce-outcome-' + r.outcome }, this.t(key)));
    box.appendChild(el(doc, 'p', null, this.t('sectionsViewed', { viewed: r.viewed, total: r.total })));
    if (r.quizzes.length) {
      box.appendChild(el(doc, 'h2', { className: 'ce-results-h2' }, this.t('quizzesHeading')));
      var ul = el(doc, 'ul', { className: 'ce-results-quizzes' });
      r.quizzes.forEach(function (q) {
        var text = q.taken
          ? self.t('quizResult', { title: q.quiz.title, percent: q.best, status: self.t(q.passed ? 'statusPassed' : 'statusNotPassed') })
          : self.t('quizNotTaken', { title: q.quiz.title });
        ul.appendChild(el(doc, 'li', null, text));
      });
      box.appendChild(ul);
    }
  };

  /**
   * A small inline confirmation (no window.confirm: LMS frames may block it) placed after
   * `anchor`. opts: {id, title, lines: [text], items: [{text, onClick}], ok, cancel, onOk,
   * onCancel}. Focus moves to its heading; Escape cancels.
   */
  Player.prototype.openConfirm = function (anchor, opts) {
    var doc = this.doc;
    var self = this;
    this.closeConfirm();
    var id = 'ce-confirm-' + opts.id;
    var box = el(doc, 'section', { className: 'ce-confirm', id: id, 'aria-labelledby': id + '-title' });
    var h = el(doc, 'h2', { className: 'ce-confirm-title', id: id + '-title', tabindex: '-1' }, opts.title);
    box.appendChild(h);
    (opts.lines || []).forEach(function (line) { if (line) box.appendChild(el(doc, 'p', null, line)); });
    if (opts.items && opts.items.length) {
      var ul = el(doc, 'ul', { className: 'ce-confirm-list' });
      opts.items.forEach(function (it) {
        var li = el(doc, 'li');
        var b = el(doc, 'button', { type: 'button', className: 'ce-link-btn' }, it.text);
        b.addEventListener('click', function () { self.closeConfirm(); it.onClick(); });
        li.appendChild(b);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    var actions = el(doc, 'div', { className: 'ce-confirm-actions' });
    var ok = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-primary' }, opts.ok);
    var cancel = el(doc, 'button', { type: 'button', className: 'ce-btn' }, opts.cancel);
    ok.addEventListener('click', function () { self.closeConfirm(); opts.onOk(); });
    var doCancel = function () { self.closeConfirm(); if (opts.onCancel) opts.onCancel(); };
    cancel.addEventListener('click', doCancel);
    box.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { ev.preventDefault(); doCancel(); }
    });
    actions.appendChild(ok);
    actions.appendChild(cancel);
    box.appendChild(actions);
    anchor.parentNode.insertBefore(box, anchor.nextSibling);
    this.confirmEl = box;
    // The whole question in view (clear of the sticky bar through scroll-padding), then focus.
    try { box.scrollIntoView({ block: 'nearest' }); } catch (e) { /* ignore */ }
    try { h.focus({ preventScroll: true }); } catch (e2) { /* ignore */ }
    return box;
  };

  Player.prototype.closeConfirm = function () {
    if (this.confirmEl) {
      if (this.confirmEl.parentNode) this.confirmEl.parentNode.removeChild(this.confirmEl);
      this.confirmEl = null;
    }
  };

  /** Exit asks first; the learner may stay. */
  Player.prototype.askExit = function () {
    if (this.terminated) return;
    var self = this;
    this.openConfirm(this.controlsEl, {
      id: 'exit',
      title: this.t('exitTitle'),
      lines: [this.t(this.isDone() ? 'exitFinished' : 'exitSaved')],
      ok: this.t('exitConfirm'),
      cancel: this.t('exitStay'),
      onOk: function () { self.exit(); },
      onCancel: function () { try { self.exitBtn.focus(); } catch (e) { /* ignore */ } }
    });
  };

  /** Leave the course: terminate, then a closing screen with nothing left to click. */
  Player.prototype.exit = function () {
    if (this.terminated) return;
    this.finish();
    this.screen = 'left';
    this.quizUi = null;
    var doc = this.doc;
    var main = this.mainEl;
    main.textContent = '';
    var h = el(doc, 'h1', { className: 'ce-section-title', tabindex: '-1', id: 'ce-section-title' }, this.t('leftTitle'));
    main.appendChild(h);
    main.appendChild(el(doc, 'p', null, this.t(this.local ? 'leftLocal' : 'leftSaved')));
    if (this.hasResults()) {
      var box = el(doc, 'div', { className: 'ce-results' });
      this.appendOutcome(box, courseResult(this.model, this.state, this.pair));
      main.appendChild(box);
    }
    this.clearNotice('done');
    // No dead links: the table of contents, the course controls and the skip link go.
    [this.tocNav, this.controlsEl, this.skipLink].forEach(function (n) { if (n && n.parentNode) n.parentNode.removeChild(n); });
    this.layoutEl.classList.add('ce-layout-closed');
    try { h.focus(); } catch (e) { /* ignore */ }
    try { this.win.scrollTo(0, 0); } catch (e2) { /* ignore */ }
  };

  // --- rendering -------------------------------------------------------------

  Player.prototype.renderShell = function () {
    var doc = this.doc;
    var self = this;
    var root = doc.getElementById('course-player') || doc.body;
    root.textContent = '';
    root.classList.add('ce-app');
    doc.title = this.data.title || this.t('courseFallbackTitle');
    // The course's language and direction; the player's words fall back to English when it ships
    // none for the language, and say so with their own lang.
    var html = doc.documentElement;
    if (this.data.language) html.setAttribute('lang', String(this.data.language));
    html.setAttribute('dir', this.i18n.dir);
    root.setAttribute('dir', this.i18n.dir);
    var wordsLang = this.i18n.known ? null : 'en';

    var skip = el(doc, 'a', { className: 'ce-skip', href: '#ce-main', lang: wordsLang }, this.t('skipToContent'));
    this.skipLink = skip;
    var header = el(doc, 'header', { className: 'ce-header' });
    header.appendChild(el(doc, 'p', { className: 'ce-course-title' }, this.data.title || ''));
    this.noticesEl = el(doc, 'div', { className: 'ce-notices', role: 'status', 'aria-live': 'polite', lang: wordsLang });

    var layout = el(doc, 'div', { className: 'ce-layout' });
    this.layoutEl = layout;
    var nav = el(doc, 'nav', { className: 'ce-toc', 'aria-label': this.t('tableOfContents') });
    this.tocNav = nav;
    nav.appendChild(el(doc, 'h2', { className: 'ce-toc-title', lang: wordsLang }, this.t('contents')));
    // On narrow screens the list folds away behind this button (CSS shows it there only).
    var tocToggle = el(doc, 'button', { type: 'button', className: 'ce-btn ce-toc-toggle', 'aria-expanded': 'false', 'aria-controls': 'ce-toc-list', lang: wordsLang }, this.t('showContents'));
    tocToggle.addEventListener('click', function () {
      var open = !nav.classList.contains('ce-toc-open');
      nav.classList.toggle('ce-toc-open', open);
      tocToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      tocToggle.textContent = self.t(open ? 'hideContents' : 'showContents');
      if (open) self.scrollTocToCurrent();
    });
    this.tocToggle = tocToggle;
    nav.appendChild(tocToggle);
    var body = el(doc, 'div', { id: 'ce-toc-list', className: 'ce-toc-body' });
    this.tocBody = body;
    // Big courses: a filter over the titles.
    if (this.model.sections.length > 20) this.renderTocFilter(body, wordsLang);
    var ol = el(doc, 'ol', { className: 'ce-toc-items' });
    this.tocLinks = this.model.sections.map(function (s, i) {
      var li = el(doc, 'li');
      var a = el(doc, 'a', { href: '#' + s.id });
      var label = el(doc, 'span', { className: 'ce-toc-label' }, s.title);
      var tick = el(doc, 'span', { className: 'ce-tick', 'aria-hidden': 'true' }, '\u2713');
      var badge = el(doc, 'span', { className: 'ce-toc-score', 'aria-hidden': 'true' });
      var sr = el(doc, 'span', { className: 'ce-visually-hidden' }, '');
      a.appendChild(tick);
      a.appendChild(label);
      a.appendChild(badge);
      a.appendChild(sr);
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        if (nav.classList.contains('ce-toc-open')) tocToggle.click();
        self.go(i);
      });
      li.appendChild(a);
      ol.appendChild(li);
      return { li: li, a: a, tick: tick, sr: sr, badge: badge, title: String(s.title).toLowerCase() };
    });
    body.appendChild(ol);
    nav.appendChild(body);

    var mainCol = el(doc, 'div', { className: 'ce-main-col' });
    this.mainEl = el(doc, 'main', { id: 'ce-main', className: 'ce-main', tabindex: '-1' });
    var controls = el(doc, 'div', { className: 'ce-controls', lang: wordsLang });
    this.controlsEl = controls;
    this.prevBtn = el(doc, 'button', { type: 'button', className: 'ce-btn' }, this.t('previous'));
    this.nextBtn = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-primary' }, this.t('next'));
    this.exitBtn = el(doc, 'button', { type: 'button', className: 'ce-btn ce-btn-exit' }, this.t('exit'));
    this.progressEl = el(doc, 'span', { className: 'ce-progress' });
    this.prevBtn.addEventListener('click', function () {
      if (self.screen === 'results') self.go(self.model.sections.length - 1); else self.go(self.current - 1);
    });
    this.nextBtn.addEventListener('click', function () {
      if (self.current >= self.model.sections.length - 1) self.showResults(); else self.go(self.current + 1);
    });
    this.exitBtn.addEventListener('click', function () { self.askExit(); });
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
    this.keepFocusAboveBar();
  };

  Player.prototype.renderTocFilter = function (body, wordsLang) {
    var doc = this.doc;
    var self = this;
    var wrap = el(doc, 'div', { className: 'ce-toc-filter', lang: wordsLang });
    wrap.appendChild(el(doc, 'label', { 'for': 'ce-toc-filter' }, this.t('filterSections')));
    var input = el(doc, 'input', { type: 'search', id: 'ce-toc-filter', autocomplete: 'off', className: 'ce-text-answer' });
    var count = el(doc, 'p', { className: 'ce-toc-count', role: 'status', 'aria-live': 'polite' });
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      self.tocLinks.forEach(function (t) {
        var match = !q || t.title.indexOf(q) >= 0;
        t.li.hidden = !match;
        if (match) shown++;
      });
      count.textContent = q ? self.t('filterCount', { shown: shown, total: self.tocLinks.length }) : '';
    });
    wrap.appendChild(input);
    wrap.appendChild(count);
    body.appendChild(wrap);
  };

  /** Keep the current entry of a long table of contents in view inside its own scrolling box. */
  Player.prototype.scrollTocToCurrent = function () {
    var t = this.tocLinks[this.current];
    if (!t || this.screen !== 'section') return;
    [this.tocBody, this.tocNav].forEach(function (box) {
      if (!box || box.scrollHeight <= box.clientHeight + 1) return;
      var br = box.getBoundingClientRect();
      var r = t.a.getBoundingClientRect();
      if (!br.height || !r.height) return;
      if (r.top < br.top) box.scrollTop -= (br.top - r.top) + 8;
      else if (r.bottom > br.bottom) box.scrollTop += (r.bottom - br.bottom) + 8;
    });
  };

  Player.prototype.updateToc = function () {
    var self = this;
    var total = this.model.sections.length;
    var onSection = this.screen === 'section';
    this.tocLinks.forEach(function (t, i) {
      if (onSection && i === self.current) t.a.setAttribute('aria-current', 'page'); else t.a.removeAttribute('aria-current');
      var v = !!self.state.viewed[i];
      t.a.classList.toggle('ce-viewed', v);
      var extra = [];
      if (v) extra.push(self.t('viewed'));
      var zi = self.quizIndexOfSection(i);
      var badge = '';
      if (zi >= 0 && self.state.quizzes[zi].best != null) {
        var best = self.state.quizzes[zi].best;
        badge = self.t(best >= self.model.quizzes[zi].passThreshold ? 'tocPassed' : 'tocNotPassed', { percent: best });
        extra.push(badge);
      }
      t.badge.textContent = badge;
      t.sr.textContent = extra.length ? ' (' + extra.join(self.t('listSeparator')) + ')' : '';
    });
    var atLast = this.current >= total - 1;
    this.prevBtn.disabled = this.terminated || (onSection && this.current === 0);
    var finish = onSection && atLast && this.hasResults();
    this.nextBtn.textContent = this.t(finish ? 'finish' : 'next');
    this.nextBtn.disabled = this.terminated || !onSection || (atLast && !finish);
    this.nextBtn.hidden = this.screen === 'results';
    this.progressEl.textContent = onSection ? this.t('progress', { n: this.current + 1, total: total }) : this.t('resultsTitle');
    this.scrollTocToCurrent();
  };

  Player.prototype.renderSection = function (index, focus) {
    var doc = this.doc;
    var s = this.model.sections[index];
    var main = this.mainEl;
    main.textContent = '';
    this.quizUi = null;
    var heading = el(doc, 'h1', { className: 'ce-section-title', tabindex: '-1', id: 'ce-section-title' }, s.title);
    var focusTarget = heading;
    if (s.kind === 'quiz') {
      main.appendChild(heading);
      this.renderQuiz(main, index);
    } else {
      var content = el(doc, 'div', { className: 'ce-content' });
      content.innerHTML = s.html || '';
      // Transcripts come from the export in English words: the player says them in its own.
      var summaries = content.querySelectorAll('details.transcript > summary');
      for (var si = 0; si < summaries.length; si++) summaries[si].textContent = this.t('transcript');
      // One H1 per page: content that opens with an H1 (or with a heading saying the title) gives
      // the page its heading; any other H1 in the content becomes an H2.
      var first = content.firstElementChild;
      var opensWithHeading = first && /^H[1-6]$/.test(first.tagName) &&
        (first.tagName === 'H1' || first.textContent.trim().toLowerCase() === String(s.title).trim().toLowerCase());
      if (opensWithHeading) {
        first = retag(doc, first, 'h1');
        first.setAttribute('tabindex', '-1');
        first.classList.add('ce-section-title');
        focusTarget = first;
      } else {
        main.appendChild(heading);
      }
      Array.prototype.slice.call(content.querySelectorAll('h1')).forEach(function (h) {
        if (h !== first) retag(doc, h, 'h2');
      });
      this.wrapTables(content);
      this.enlargeableImages(content);
      main.appendChild(content);
    }
    if (focus) {
      try { focusTarget.focus({ preventScroll: true }); } catch (e) { /* ignore */ }
      try { this.win.scrollTo(0, 0); } catch (e2) { /* ignore */ }
    }
  };

  /** Replace an element by one of another tag with the same attributes and children. */
  function retag(doc, node, tag) {
    if (node.tagName.toLowerCase() === tag) return node;
    var n = doc.createElement(tag);
    for (var i = 0; i < node.attributes.length; i++) n.setAttribute(node.attributes[i].name, node.attributes[i].value);
    while (node.firstChild) n.appendChild(node.firstChild);
    node.parentNode.replaceChild(n, node);
    return n;
  }

  /**
   * Images open full size on tap or click (on a phone a diagram is too small to read): each
   * image outside a link becomes a button that shows it in a dialog; Esc or Close returns.
   */
  Player.prototype.enlargeableImages = function (content) {
    var self = this;
    var doc = this.doc;
    Array.prototype.slice.call(content.querySelectorAll('img')).forEach(function (img) {
      if (img.closest('a, button')) return;
      var alt = img.getAttribute('alt') || '';
      var button = el(doc, 'button', {
        type: 'button', className: 'ce-zoom',
        'aria-label': alt ? self.t('enlargeImage') + ': ' + alt : self.t('enlargeImage')
      });
      img.parentNode.insertBefore(button, img);
      button.appendChild(img);
      button.addEventListener('click', function () { self.showImage(img, button); });
    });
  };

  Player.prototype.showImage = function (img, opener) {
    var doc = this.doc;
    var alt = img.getAttribute('alt') || '';
    var box = el(doc, 'div', {
      className: 'ce-lightbox', role: 'dialog', 'aria-modal': 'true',
      'aria-label': alt || this.t('enlargeImage')
    });
    var close = el(doc, 'button', { type: 'button', className: 'ce-lightbox-close' }, this.t('closeImage'));
    var big = el(doc, 'img', { src: img.getAttribute('src'), alt: alt });
    var scroller = el(doc, 'div', { className: 'ce-lightbox-image', tabindex: '0' });
    scroller.appendChild(big);
    box.appendChild(close);
    box.appendChild(scroller);
    var done = function () {
      doc.removeEventListener('keydown', onKey, true);
      if (box.parentNode) box.parentNode.removeChild(box);
      try { opener.focus(); } catch (e) { /* ignore */ }
    };
    var onKey = function (ev) {
      if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); done(); }
    };
    close.addEventListener('click', done);
    box.addEventListener('click', function (ev) { if (ev.target === box) done(); });
    doc.addEventListener('keydown', onKey, true);
    doc.body.appendChild(box);
    close.focus();
  };

  /** Wide tables scroll inside their own keyboard-reachable box, never the page. */
  Player.prototype.wrapTables = function (content) {
    var doc = this.doc;
    var self = this;
    Array.prototype.slice.call(content.querySelectorAll('table')).forEach(function (table, i) {
      var caption = table.querySelector('caption');
      var wrap = el(doc, 'div', {
        className: 'ce-table-wrap', role: 'region', tabindex: '0',
        'aria-label': caption && caption.textContent.trim() ? caption.textContent.trim() : self.t('table', { n: i + 1 })
      });
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
    // Code blocks scroll sideways in their own box: the keyboard can reach them too.
    Array.prototype.slice.call(content.querySelectorAll('pre')).forEach(function (pre) {
      if (!pre.hasAttribute('tabindex')) pre.setAttribute('tabindex', '0');
    });
  };

  /**
   * The controls bar sticks to the bottom of narrow screens. Whatever gets focus is scrolled
   * clear of it (WCAG 2.4.11): scroll-padding for the browser's own scrolling, and a check after
   * each focus change for the rest.
   */
  Player.prototype.keepFocusAboveBar = function () {
    var self = this;
    var doc = this.doc;
    var win = this.win;
    var sticky = function () {
      var bar = self.controlsEl;
      if (!bar || !bar.parentNode) return null;
      try { if (win.getComputedStyle(bar).position !== 'sticky') return null; } catch (e) { return null; }
      return bar;
    };
    var update = function () {
      var bar = sticky();
      var h = bar ? Math.ceil(bar.getBoundingClientRect().height) + 8 : 0;
      doc.documentElement.style.scrollPaddingBottom = h ? h + 'px' : '';
    };
    var clear = function (target) {
      var bar = sticky();
      if (!bar || !target || !target.getBoundingClientRect || bar.contains(target) || doc.activeElement !== target) return;
      var b = bar.getBoundingClientRect();
      var r = target.getBoundingClientRect();
      if (r.bottom > b.top - 4 && r.top < b.bottom) {
        // Scroll by the overlap; a target taller than the space above the bar shows its top.
        var by = Math.min(r.bottom - b.top + 12, r.top - 8);
        if (by > 0) win.scrollBy(0, by);
      }
    };
    doc.addEventListener('focusin', function (ev) {
      var target = ev.target;
      update();
      clear(target);
      // Again once the browser has scrolled the newly focused element into view its own way.
      var later = win.requestAnimationFrame ? function (f) { win.requestAnimationFrame(f); } : function (f) { win.setTimeout(f, 16); };
      later(function () { clear(target); });
    });
    win.addEventListener('resize', update);
    update();
  };

  // --- notices ---------------------------------------------------------------

  Player.prototype.notice = function (id, text, kind) {
    if (!this.noticesEl) return;
    var existing = this.noticesEl.querySelector('[data-notice="' + id + '"]');
    if (existing) { existing.querySelector('.ce-notice-text').textContent = text; return; }
    var doc = this.doc;
    var n = el(doc, 'div', { className: 'ce-notice ce-notice-' + (kind || 'info'), 'data-notice': id });
    n.appendChild(el(doc, 'span', { className: 'ce-notice-text' }, text));
    var close = el(doc, 'button', { type: 'button', className: 'ce-notice-close', 'aria-label': this.t('dismissNotice') }, '\u00d7');
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
      'aria-controls': 'ce-debug', 'aria-keyshortcuts': 'Control+Alt+D', title: 'Debug log (Ctrl+Alt+D)', lang: 'en'
    }, 'Debug log');
    header.appendChild(toggle);
    var panel = el(doc, 'aside', { id: 'ce-debug', className: 'ce-debug', 'aria-label': 'SCORM debug log', lang: 'en', dir: 'ltr' });
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
    toggle.addEventListener('click', function () { self.setDebugOpen(panel.hidden, true); });
    close.addEventListener('click', function () { self.setDebugOpen(false); toggle.focus(); });
    copy.addEventListener('click', function () { self.copyLog(); });
    doc.addEventListener('keydown', function (ev) {
      // AltGr arrives as Ctrl+Alt on Windows: AltGr+D types a character and is left alone.
      var altGr = ev.getModifierState && ev.getModifierState('AltGraph');
      if (ev.ctrlKey && ev.altKey && !altGr && !ev.shiftKey && !ev.metaKey && (ev.key === 'd' || ev.key === 'D' || ev.code === 'KeyD')) {
        ev.preventDefault();
        self.setDebugOpen(panel.hidden, true);
      }
    });
    this.logEntries.forEach(function (e) { self.appendLogLine(e); });
  };

  /** Open or close the log; opened by the learner's hand (button, shortcut), it scrolls into view. */
  Player.prototype.setDebugOpen = function (open, byHand) {
    if (!this.debugUi) return;
    this.debugUi.panel.hidden = !open;
    this.debugUi.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open && byHand) {
      try { this.debugUi.panel.scrollIntoView({ block: 'nearest' }); } catch (e) { /* ignore */ }
    }
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

  function showFatal(doc, message, title) {
    var root = doc.getElementById('course-player') || doc.body;
    root.textContent = '';
    var box = el(doc, 'div', { className: 'ce-fatal', role: 'alert' });
    box.appendChild(el(doc, 'h1', null, title || 'This course cannot start'));
    box.appendChild(el(doc, 'p', null, message));
    root.appendChild(box);
  }

  CE.el = el;
  CE.retag = retag;
  CE.showFatal = showFatal;
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./session.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
