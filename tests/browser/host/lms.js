/* The test LMS: hosts scorm-again as the SCORM run-time (window.API or window.API_1484_11) and
 * loads the SCO into an iframe. No LMS URL: nothing leaves the browser. Everything the tests
 * assert is recorded in window.lms. */
(function () {
  'use strict';
  var LEVELS = { 1: 'DEBUG', 2: 'INFO', 3: 'WARN', 4: 'ERROR', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR' };
  window.lms = { errors: [], warnings: [], sets: [], commits: [], finished: [], initialized: 0, api: null, version: null };

  function snapshot(api) {
    try { return api.getFlattenedCMI(); } catch (e) { return { error: String(e) }; }
  }

  /**
   * cfg.version   '1.2' | '2004'
   * cfg.launch    URL of the SCO launch page
   * cfg.cmi       flattened cmi data to load before launch (a relaunch)
   * cfg.commitFails  every Commit/Terminate is refused by the "server" (result false, error 101/391)
   */
  window.startLms = function (cfg) {
    var v12 = cfg.version === '1.2';
    var settings = {
      autocommit: false,
      lmsCommitUrl: false,
      logLevel: 3,
      onLogMessage: function (level, message) {
        var l = LEVELS[level] || String(level);
        if (l === 'ERROR') window.lms.errors.push(String(message));
        else if (l === 'WARN') window.lms.warnings.push(String(message));
      }
    };
    if (cfg.commitFails) {
      // A "server" that refuses every commit, injected as scorm-again's HTTP service: no network.
      settings.lmsCommitUrl = '/lms-commit-refused';
      settings.httpService = {
        processHttpRequest: function () { return { result: 'false', errorCode: v12 ? 101 : 391 }; },
        updateSettings: function () {}
      };
    }
    var api = v12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    if (cfg.cmi) api.loadFromFlattenedJSON(cfg.cmi);
    var p = v12 ? 'LMS' : '';
    api.on(p + 'Initialize', function () { window.lms.initialized++; });
    api.on(p + 'SetValue.cmi.*', function (element, value) { window.lms.sets.push([element, value]); });
    api.on(p + 'Commit', function () { window.lms.commits.push(snapshot(api)); });
    api.on(v12 ? 'LMSFinish' : 'Terminate', function () { window.lms.finished.push(snapshot(api)); });
    window.lms.api = api;
    window.lms.version = cfg.version;
    window[v12 ? 'API' : 'API_1484_11'] = api;
    document.getElementById('sco').src = cfg.launch;
  };

  /** The LMS "closes" the SCO: the frame navigates away (pagehide in the SCO). */
  window.closeSco = function () {
    document.getElementById('sco').src = 'about:blank';
  };
})();
