/*
 * Course Export Studio - the test LMS page.
 *
 * Runs the package's SCOs in a same-origin frame with window.API (1.2) or window.API_1484_11
 * (2004) from runtime.js, shows what the LMS keeps and every API call, and sends the record to
 * the local server (`course-export try`) after every Commit and Terminate. The data model runs
 * here, synchronously; the server only stores. Sends are idempotent patches ("these calls from
 * index k on"), so a send in flight and a sendBeacon at unload can overlap safely.
 *
 * One send at a time while the page lives (plain fetch): a Commit during a send marks the record
 * to be sent again when that send ends, so a SCO that commits hundreds of times in a row costs a
 * few requests. Only the sends of an unloading page use sendBeacon / keepalive, whose bodies the
 * browser caps at 64 KB in flight altogether (a burst of keepalive fetches was refused, and a
 * Terminate among them never reached the server).
 * DOM is built with createElement/textContent only.
 */
(function () {
  'use strict';
  var L = window.CourseLms;
  var $ = function (id) { return document.getElementById(id); };
  var cfg = null;
  var lms = null;
  var seq = 0;
  var gen = 0;
  var acked = {};
  var unloading = false;
  var saveFailed = false;
  var errors = 0;
  var LOG_MAX = 2000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  // --- sending the record ------------------------------------------------------

  function patch(reason) {
    var rec = lms.record();
    var sent = {};
    var attempts = rec.attempts.map(function (a) {
      return {
        number: a.number,
        cmi: a.cmi,
        sessions: a.sessions.map(function (s, i) {
          var key = gen + ':' + a.number + ':' + i;
          var from = Math.min(acked[key] || 0, s.calls.length);
          sent[key] = s.calls.length;
          return { sco: s.sco, entry: s.entry, exit: s.exit, terminated: s.terminated,
            calls_from: from, calls: s.calls.slice(from) };
        })
      };
    });
    seq += 1;
    return {
      body: { seq: seq, gen: gen, reason: reason, package: rec.package, version: rec.version,
        expected: rec.expected, reached: rec.reached, attempts: attempts },
      sent: sent
    };
  }

  var inflight = false; // a send of the living page is on its way
  var queued = null; // the reason of a send asked for meanwhile
  var terminates = 0; // Terminates sent for (counted), and how many of them the server acknowledged
  var terminatesAcked = 0;
  var KEEPALIVE_MAX = 60000; // bytes; browsers cap keepalive bodies in flight at 64 KB

  function send(reason) {
    if (reason === 'terminate') terminates += 1;
    if (unloading) return sendNow(reason, true);
    if (inflight) {
      queued = reason;
      return true;
    }
    sendNow(reason, false);
    return true;
  }

  function sendNow(reason, unload) {
    // The server stops --exit-after-terminate on a patch whose reason is "terminate": a later
    // patch that carries an unacknowledged Terminate says so.
    var p = patch(terminates > terminatesAcked ? 'terminate' : reason);
    var covers = terminates;
    var body = JSON.stringify(p.body);
    var url = '/lms/record?token=' + encodeURIComponent(cfg.token);
    var headers = { 'Content-Type': 'application/json' };
    if (unload) {
      // Normal requests die with the page; a beacon (or a small keepalive fetch) outlives it.
      // Synchronous XHR is refused during unload.
      var blob = new Blob([body], { type: 'application/json' });
      if (navigator.sendBeacon && navigator.sendBeacon(url, blob)) return true;
      try {
        fetch(url, { method: 'POST', body: body, keepalive: blob.size <= KEEPALIVE_MAX, headers: headers })
          .catch(function () { /* the page is gone */ });
      } catch (e) { /* the page is gone */ }
      return true;
    }
    inflight = true;
    try {
      fetch(url, { method: 'POST', body: body, headers: headers })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          Object.keys(p.sent).forEach(function (k) { acked[k] = Math.max(acked[k] || 0, p.sent[k]); });
          terminatesAcked = Math.max(terminatesAcked, covers);
          if (saveFailed) { saveFailed = false; notice(''); }
        })
        .catch(function (e) { saveFailed = true; notice('The record could not be saved: ' + e.message); })
        .then(sent);
    } catch (e) {
      saveFailed = true;
      notice('The record could not be saved: ' + e.message);
      sent();
    }
    return true;
  }

  /** A send of the living page ended: send what was asked for meanwhile. */
  function sent() {
    inflight = false;
    if (queued && !unloading) {
      var q = queued;
      queued = null;
      sendNow(q, false);
    }
  }

  // --- panel ---------------------------------------------------------------------

  function notice(text) { $('notice').textContent = text || ''; }

  function logCall(scoId, e) {
    var text = e.method + '(' + e.args.map(function (a) { return JSON.stringify(a == null ? '' : String(a)); }).join(', ') +
      ') \u2192 ' + JSON.stringify(e.result);
    var li = el('li', e.error !== '0' ? 'error' : '', text);
    if (e.error !== '0') {
      errors += 1;
      li.appendChild(el('div', null, 'error ' + e.error + (e.diagnostic ? ': ' + e.diagnostic : '')));
      $('error-count').textContent = '(' + errors + (errors === 1 ? ' error)' : ' errors)');
    }
    li.title = e.t_ms + ' ms';
    appendLog(li);
    if (!/GetValue$/.test(e.method)) showState();
  }

  function appendLog(li) {
    var log = $('log');
    log.appendChild(li);
    while (log.childNodes.length > LOG_MAX) log.removeChild(log.firstChild);
    li.scrollIntoView({ block: 'nearest' });
  }

  function row(dl, name, value, over) {
    dl.appendChild(el('dt', null, name));
    dl.appendChild(el('dd', over ? 'over' : null, value));
  }

  function showState() {
    var dl = $('state');
    while (dl.firstChild) dl.removeChild(dl.firstChild);
    var cur = lms.current();
    var rec = lms.record();
    if (!cur) { row(dl, 'session', 'none'); return; }
    var d = cur.runtime.snapshot();
    var s = L.summary(cfg.version, d);
    var a = rec.attempts[rec.attempts.length - 1];
    row(dl, 'SCO', cur.sco);
    row(dl, 'attempt', a ? a.number + ', session ' + a.sessions.length : '-');
    row(dl, 'API state', cur.runtime.state);
    if (cfg.version === '1.2') {
      row(dl, 'lesson_status', s.lesson_status);
      row(dl, 'score.raw', s.score);
      row(dl, 'entry', d['cmi.core.entry']);
      row(dl, 'total_time', d['cmi.core.total_time'] || '');
    } else {
      row(dl, 'completion_status', s.completion_status);
      row(dl, 'success_status', s.success_status);
      row(dl, 'score.scaled', s.score);
      if (d['cmi.progress_measure'] != null) row(dl, 'progress_measure', d['cmi.progress_measure']);
      row(dl, 'entry', d['cmi.entry']);
      row(dl, 'total_time', d['cmi.total_time'] || '');
    }
    row(dl, 'location', s.location.length + ' / ' + s.location_limit + (s.location ? '  ' + s.location.slice(0, 40) : ''), s.location.length > s.location_limit);
    row(dl, 'suspend_data', s.suspend_data + ' / ' + s.suspend_limit + ' characters', s.suspend_data > s.suspend_limit);
    showOutcome();
  }

  function showOutcome() {
    if (!cfg.expected) return;
    $('outcome-wrap').hidden = false;
    var p = $('outcome');
    while (p.firstChild) p.removeChild(p.firstChild);
    var reached = lms.record().reached || {};
    var keys = Object.keys(cfg.expected);
    var ok = keys.every(function (k) { return cfg.expected[k] === reached[k]; });
    p.appendChild(el('span', null, 'Expected ' + keys.map(function (k) { return k + ' ' + cfg.expected[k]; }).join(', ') + '. '));
    p.appendChild(el('span', ok ? 'match' : 'mismatch', ok ? 'Reached.' : 'Not reached yet.'));
  }

  // --- launching -------------------------------------------------------------------

  function launchable() { return cfg.scos.map(function (s) { return s.id; }); }

  function navValid(kind, target) {
    var cur = lms.current();
    var ids = launchable();
    var i = cur ? ids.indexOf(cur.sco) : -1;
    if (kind === 'continue') return i >= 0 && i < ids.length - 1 ? 'true' : 'false';
    if (kind === 'previous') return i > 0 ? 'true' : 'false';
    if (kind === 'choice' || kind === 'jump') return ids.indexOf(target) >= 0 ? 'true' : 'false';
    return 'unknown';
  }

  function scoById(id) {
    for (var i = 0; i < cfg.scos.length; i++) if (cfg.scos[i].id === id) return cfg.scos[i];
    return null;
  }

  /** Unloads the frame (the SCO may Terminate in its pagehide), then runs next(). */
  function unloadFrame(next) {
    var frame = $('sco');
    if (!frame.src || frame.src === 'about:blank') { next(); return; }
    var done = false;
    var go = function () { if (done) return; done = true; next(); };
    frame.addEventListener('load', go, { once: true });
    frame.src = 'about:blank';
    setTimeout(go, 3000);
  }

  function start(id, how) {
    if (!id) id = lms.current() ? lms.current().sco : cfg.scos[0].id;
    var sco = scoById(id);
    if (!sco) return;
    var rt = how === 'relaunch' ? lms.relaunch({ navValid: navValid }) : lms.launch(id, { navValid: navValid });
    var cur = lms.current();
    window.API = null;
    window.API_1484_11 = null;
    if (cfg.version === '1.2') window.API = L.adapter12(rt);
    else window.API_1484_11 = L.adapter2004(rt);
    appendLog(el('li', 'session', 'Launch ' + cur.sco + ' (entry "' + cur.session.entry + '")'));
    showTree();
    showState();
    $('sco').src = '/pkg/' + sco.href;
  }

  /** 2004: after Terminate, honour adl.nav.request (continue, previous, choice, jump). */
  function afterTerminate(scoId, rt) {
    if (cfg.version === '1.2') return;
    var req = rt.raw()['adl.nav.request'] || '_none_';
    var ids = launchable();
    var i = ids.indexOf(scoId);
    var target = null;
    var m = /^\{target=([^}]+)\}(choice|jump)$/.exec(req);
    if (req === 'continue' && i < ids.length - 1) target = ids[i + 1];
    else if (req === 'previous' && i > 0) target = ids[i - 1];
    else if (m && ids.indexOf(m[1]) >= 0) target = m[1];
    if (target) {
      setTimeout(function () { unloadFrame(function () { start(target, 'launch'); }); }, 0);
    } else if (req !== '_none_') {
      notice('Navigation request "' + req + '": the session ended.');
    }
  }

  function showTree() {
    if (cfg.scos.length < 2) return;
    $('tree-wrap').hidden = false;
    var ul = $('tree');
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    var cur = lms.current();
    cfg.items.forEach(function (item) {
      var li = el('li');
      li.style.paddingLeft = (item.depth * 1) + 'rem';
      if (item.sco) {
        var b = el('button', null, item.title || item.id);
        b.type = 'button';
        if (cur && cur.sco === item.id) b.setAttribute('aria-current', 'true');
        b.addEventListener('click', function () { unloadFrame(function () { start(item.id, 'launch'); }); });
        li.appendChild(b);
      } else {
        li.appendChild(el('span', null, item.title || item.id));
      }
      ul.appendChild(li);
    });
  }

  function boot(config) {
    cfg = config;
    var resume = cfg.resume && cfg.resume.record && cfg.resume.record.attempts.length ? cfg.resume : null;
    if (resume) {
      // The page was reloaded: continue the server's record (what it holds is acknowledged).
      seq = resume.seq;
      gen = resume.gen;
      resume.record.attempts.forEach(function (a) {
        a.sessions.forEach(function (s, i) { acked[gen + ':' + a.number + ':' + i] = s.calls.length; });
      });
    }
    $('package').textContent = cfg.package + ' \u00b7 SCORM ' + cfg.version_label;
    lms = L.createLms({
      version: cfg.version,
      edition: cfg.edition,
      schemaversion: cfg.schemaversion,
      package: cfg.package,
      scos: cfg.scos,
      options: cfg.options,
      expected: cfg.expected,
      record: resume ? resume.record : null,
      persist: function (rec, reason) {
        var cur = lms && lms.current();
        if (reason === 'terminate' && cur) {
          var rt = cur.runtime;
          var id = cur.sco;
          setTimeout(function () { afterTerminate(id, rt); }, 0);
        }
        setTimeout(showState, 0);
        return send(reason);
      },
      log: logCall
    });
    $('relaunch').addEventListener('click', function () {
      notice('');
      unloadFrame(function () { start(null, 'relaunch'); });
    });
    $('new-attempt').addEventListener('click', function () {
      notice('New attempt.');
      var id = lms.current() ? lms.current().sco : cfg.scos[0].id;
      unloadFrame(function () { lms.newAttempt(); start(id, 'launch'); });
    });
    $('reset').addEventListener('click', function () {
      notice('Learner reset: no data kept.');
      var id = cfg.scos[0].id;
      unloadFrame(function () {
        lms.resetLearner();
        gen += 1;
        acked = {};
        while ($('log').firstChild) $('log').removeChild($('log').firstChild);
        errors = 0;
        $('error-count').textContent = '';
        start(id, 'launch');
      });
    });
    window.addEventListener('pagehide', function () {
      unloading = true;
      send('unload');
    });
    start(cfg.scos[0].id, 'launch');
    window.testLms = { lms: lms, config: cfg };
  }

  if (typeof document !== 'undefined' && L) {
    fetch('/lms/config.json').then(function (r) { return r.json(); }).then(boot).catch(function (e) {
      notice('The test LMS could not start: ' + e.message);
    });
  }
})();
