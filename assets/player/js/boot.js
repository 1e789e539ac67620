/*
 * Course Export Studio - course player, part 7 of 7, boot.js:
 * start-up: the Player starts, the namespace is complete, the page boots.
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
  var stringsFor = CE.stringsFor;
  var showFatal = CE.showFatal;

  Player.prototype.start = function () {
    this.renderShell();
    this.connect();
    this.restore();
    // Back in a course already passed or completed (same attempt, or on its own): the result, not
    // a blank course; every section stays open for review.
    if (!this.firstLaunch && this.hasResults() && this.isDone()) this.showResults({ focus: false });
    else this.show(this.current, { initial: true });
    this.installSaveHandlers();
    this.win.__coursePlayer = this;
  };

  function boot(win) {
    var doc = win.document;
    var data = win.COURSE_DATA;
    if (!data || typeof data !== 'object') {
      var en = stringsFor('en');
      showFatal(doc, en.t('fatalNoData'), en.t('fatalTitle'));
      return null;
    }
    var scoId = (doc.documentElement.getAttribute('data-sco') || '').trim();
    try {
      var player = new Player(win, data, scoId);
      player.start();
      return player;
    } catch (e) {
      showFatal(doc, String(e && e.message || e), stringsFor(data.language).t('fatalTitle'));
      return null;
    }
  }

  CE.boot = boot;

  // In the browser (not under Node's require): boot once the page is parsed.
  if (!(typeof module !== 'undefined' && module.exports) && typeof window !== 'undefined' && typeof document !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { boot(window); });
    } else {
      boot(window);
    }
  }
})(typeof module !== 'undefined' && module.exports ? (module.exports = require('./quiz.js')) : (window.CourseExportPlayer = window.CourseExportPlayer || {}));
