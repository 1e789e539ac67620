'use strict';
/*
 * Hand-made SCORM packages in the style of other authoring tools, for third-party.test.js:
 * several SCOs under a chapter, xml:base on the manifest, the resources and single resources,
 * assets-only resources (a shared API wrapper, a handout nobody launches), an asset item, item
 * parameters, a completion threshold and a passing score from the manifest, a SCO that commits
 * on every slide and on a 30 ms timer, a SCO that never calls LMSFinish / Terminate, folder
 * names with spaces. Each SCO exposes `window.sco` for the test to drive (`ready`, what it read
 * in `seen`, `finish()`, `later()`); everything else it does on its own, as content does.
 */
const { writeZip } = require('./zip.js');

const NS12 = 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 ' +
  'imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"';
const NS2004 = 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" ' +
  'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" ' +
  'xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

// --- SCORM 1.2 ------------------------------------------------------------------------------

/** A pipwerks-style wrapper: finds window.API in the parents (or the opener), guards LMSFinish. */
const WRAPPER12 = `var SCORM = (function () {
  var api = null, active = false;
  function find(win) {
    var tries = 0;
    while (win.API == null && win.parent != null && win.parent !== win && tries++ < 10) win = win.parent;
    return win.API || null;
  }
  function getAPI() {
    if (!api) api = find(window) || (window.opener ? find(window.opener) : null);
    return api;
  }
  return {
    init: function () { var a = getAPI(); if (!a) return false; active = a.LMSInitialize('') === 'true'; return active; },
    get: function (k) { return getAPI().LMSGetValue(k); },
    set: function (k, v) { return getAPI().LMSSetValue(k, String(v)) === 'true'; },
    save: function () { return getAPI().LMSCommit('') === 'true'; },
    quit: function () { if (!active) return false; active = false; return getAPI().LMSFinish('') === 'true'; },
    error: function () { return getAPI().LMSGetLastError(); }
  };
})();
`;

function page12(title, script) {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="../shared/style.css">
<script src="../shared/apiwrapper.js"></script>
</head><body><h1>${title}</h1>
<script>
window.sco = { ready: false, seen: {}, results: [] };
(function () {
  var s = window.sco;
  s.api = SCORM.init();
${script}
  s.ready = true;
})();
</script></body></html>
`;
}

/**
 * SCORM 1.2, three SCOs (two under a chapter item), xml:base on <resources> and on two
 * resources, an assets-only resource (the wrapper and the style sheet) and an unlaunched handout.
 */
function package12(file) {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.safety12" version="1.3" ${NS12}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="TOC1">
    <organization identifier="TOC1">
      <title>Safety basics (1.2)</title>
      <item identifier="MODULE_1" isvisible="true">
        <title>Module 1</title>
        <item identifier="SCO_INTRO" identifierref="RES_INTRO" isvisible="true">
          <title>Introduction</title>
          <adlcp:masteryscore>80</adlcp:masteryscore>
          <adlcp:datafromlms>lang=en&amp;skin=dark</adlcp:datafromlms>
        </item>
        <item identifier="SCO_CHATTY" identifierref="RES_CHATTY" parameters="?mode=chatty">
          <title>Chatty lesson</title>
        </item>
      </item>
      <item identifier="SCO_NOFINISH" identifierref="RES_NOFINISH">
        <title>Never finishes</title>
      </item>
    </organization>
  </organizations>
  <resources xml:base="course/">
    <resource identifier="RES_INTRO" type="webcontent" adlcp:scormtype="sco" xml:base="intro/" href="index.html">
      <file href="index.html"/>
      <dependency identifierref="RES_SHARED"/>
    </resource>
    <resource identifier="RES_CHATTY" type="webcontent" adlcp:scormtype="sco" xml:base="chatty/" href="lesson.html">
      <file href="lesson.html"/>
      <dependency identifierref="RES_SHARED"/>
    </resource>
    <resource identifier="RES_NOFINISH" type="webcontent" adlcp:scormtype="sco" href="nofinish/page.html">
      <file href="nofinish/page.html"/>
      <dependency identifierref="RES_SHARED"/>
    </resource>
    <resource identifier="RES_SHARED" type="webcontent" adlcp:scormtype="asset" xml:base="shared/">
      <file href="apiwrapper.js"/>
      <file href="style.css"/>
    </resource>
    <resource identifier="RES_HANDOUT" type="webcontent" adlcp:scormtype="asset" href="handout/handout.html">
      <file href="handout/handout.html"/>
    </resource>
  </resources>
</manifest>
`;
  const intro = page12('Introduction', `
  ['cmi.core.student_name', 'cmi.core.entry', 'cmi.launch_data', 'cmi.student_data.mastery_score', 'cmi.core.lesson_status',
    'cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.core.credit', 'cmi.core.lesson_mode', 'cmi.core._children']
    .forEach(function (k) { s.seen[k] = SCORM.get(k); });
  s.seen.path = location.pathname + location.search;
  s.seen.wrapperStyle = getComputedStyle(document.body).borderTopStyle;
  SCORM.set('cmi.core.lesson_status', 'incomplete');
  SCORM.set('cmi.core.lesson_location', 'page-1');
  SCORM.save();
  s.finish = function () {
    SCORM.set('cmi.core.score.raw', '90');
    SCORM.set('cmi.core.score.min', '0');
    SCORM.set('cmi.core.score.max', '100');
    SCORM.set('cmi.core.lesson_status', 'passed');
    SCORM.set('cmi.core.session_time', '00:00:12');
    SCORM.set('cmi.core.exit', '');
    return SCORM.quit();
  };
  window.addEventListener('beforeunload', function () { SCORM.quit(); });
  window.addEventListener('unload', function () { SCORM.quit(); });`);
  const chatty = page12('Chatty lesson', `
  s.seen.path = location.pathname + location.search;
  // Every slide change commits (150 slides on load), then a commit every 30 ms.
  for (var i = 0; i < 150; i++) {
    s.results.push(SCORM.set('cmi.core.lesson_location', 'slide-' + i));
    s.results.push(SCORM.save());
  }
  var ticks = 0;
  s.timer = setInterval(function () {
    ticks += 1;
    s.results.push(SCORM.set('cmi.suspend_data', 'tick=' + ticks));
    s.results.push(SCORM.save());
  }, 30);
  s.ticks = function () { return ticks; };
  s.finish = function () {
    clearInterval(s.timer);
    SCORM.set('cmi.core.lesson_status', 'completed');
    SCORM.set('cmi.core.exit', 'suspend');
    SCORM.save();
    return SCORM.quit();
  };`);
  const nofinish = page12('Never finishes', `
  s.seen.path = location.pathname + location.search;
  SCORM.set('cmi.core.lesson_status', 'incomplete');
  SCORM.set('cmi.core.lesson_location', 'n1');
  SCORM.set('cmi.suspend_data', 'committed');
  SCORM.save();
  // Set after the last commit: an LMS keeps only what was committed.
  s.later = function () {
    return [SCORM.set('cmi.core.lesson_location', 'n2'), SCORM.set('cmi.suspend_data', 'not committed')];
  };
  // No LMSFinish, no unload handler.`);
  return writeZip(file, [
    { name: 'imsmanifest.xml', data: manifest },
    { name: 'course/', data: '' },
    { name: 'course/intro/index.html', data: intro },
    { name: 'course/chatty/lesson.html', data: chatty },
    { name: 'course/nofinish/page.html', data: nofinish },
    { name: 'course/shared/apiwrapper.js', data: WRAPPER12 },
    { name: 'course/shared/style.css', data: 'body { font-family: sans-serif; border-top: 3px dotted #888; }\n', store: true },
    { name: 'course/handout/handout.html', data: '<!DOCTYPE html><title>Handout</title><p>Print me.</p>\n' }
  ]);
}

// --- SCORM 2004 4th Edition -------------------------------------------------------------------

/** A "driver" in the style of exported courses: finds API_1484_11, wraps the calls. */
const DRIVER2004 = `var Driver = (function () {
  var api = null;
  function find(win) {
    var tries = 0;
    while (win.API_1484_11 == null && win.parent != null && win.parent !== win && tries++ < 500) win = win.parent;
    return win.API_1484_11 || null;
  }
  function A() { if (!api) api = find(window) || (window.opener ? find(window.opener) : null); return api; }
  return {
    init: function () { return A() != null && A().Initialize('') === 'true'; },
    get: function (k) { return A().GetValue(k); },
    set: function (k, v) { return A().SetValue(k, String(v)) === 'true'; },
    commit: function () { return A().Commit('') === 'true'; },
    terminate: function () { return A().Terminate('') === 'true'; },
    err: function () { return A().GetLastError(); }
  };
})();
`;

function page2004(title, script) {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title>
<script src="../common/scormdriver.js"></script>
</head><body><h1>${title}</h1>
<script>
window.sco = { ready: false, seen: {}, results: [] };
(function () {
  var s = window.sco;
  s.api = Driver.init();
  s.seen.path = location.pathname + location.search;
${script}
  s.ready = true;
})();
</script></body></html>
`;
}

/**
 * SCORM 2004 4th Edition, four items: a lesson with a completion threshold that continues to
 * the next item, a lesson that commits on every slide and on a timer and continues, a glossary
 * (an asset item: launched, never talks to the API), and a quiz with a passing score that never
 * calls Terminate. xml:base on the manifest's <resources> and on each resource, an assets-only
 * resource (the driver), item parameters.
 */
function package2004(file) {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-STORY-2004" version="1" ${NS2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG-STORY">
    <organization identifier="ORG-STORY" adlseq:objectivesGlobalToSystem="false">
      <title>Workplace safety (2004)</title>
      <item identifier="I_LESSON1" identifierref="R_LESSON1">
        <title>Lesson 1</title>
        <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.5"/>
      </item>
      <item identifier="I_LESSON2" identifierref="R_LESSON2" parameters="lesson=2&amp;lang=en">
        <title>Lesson 2 (commits a lot)</title>
        <imsss:sequencing>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <item identifier="I_GLOSSARY" identifierref="R_GLOSSARY">
        <title>Glossary</title>
      </item>
      <item identifier="I_QUIZ" identifierref="R_QUIZ">
        <title>Quiz</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="quiz_obj" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources xml:base="res/">
    <resource identifier="R_LESSON1" type="webcontent" adlcp:scormType="sco" xml:base="lesson1/" href="index_lms.html">
      <file href="index_lms.html"/>
      <dependency identifierref="R_COMMON"/>
    </resource>
    <resource identifier="R_LESSON2" type="webcontent" adlcp:scormType="sco" xml:base="lesson2/" href="index_lms.html">
      <file href="index_lms.html"/>
      <dependency identifierref="R_COMMON"/>
    </resource>
    <resource identifier="R_GLOSSARY" type="webcontent" adlcp:scormType="asset" href="glossary/index.html">
      <file href="glossary/index.html"/>
    </resource>
    <resource identifier="R_QUIZ" type="webcontent" adlcp:scormType="sco" xml:base="quiz/" href="quiz.html">
      <file href="quiz.html"/>
      <dependency identifierref="R_COMMON"/>
    </resource>
    <resource identifier="R_COMMON" type="webcontent" adlcp:scormType="asset" xml:base="common/">
      <file href="scormdriver.js"/>
    </resource>
  </resources>
</manifest>
`;
  const lesson1 = page2004('Lesson 1', `
  ['cmi.entry', 'cmi.completion_threshold', 'cmi.mode', 'cmi.credit', 'cmi.learner_name', 'cmi._version',
    'adl.nav.request_valid.continue', 'adl.nav.request_valid.previous']
    .forEach(function (k) { s.seen[k] = Driver.get(k); });
  s.results.push(Driver.set('cmi.location', 'l1-p1'), Driver.set('cmi.progress_measure', '0.3'), Driver.set('cmi.exit', 'suspend'), Driver.commit());
  s.seen.completionAt30 = Driver.get('cmi.completion_status');
  s.finish = function () {
    var r = [Driver.set('cmi.progress_measure', '0.6'), Driver.get('cmi.completion_status'), Driver.set('cmi.exit', 'normal'),
      Driver.set('cmi.session_time', 'PT12.5S'), Driver.set('adl.nav.request', 'continue')];
    r.push(Driver.terminate());
    return r;
  };`);
  const lesson2 = page2004('Lesson 2', `
  for (var i = 0; i < 200; i++) {
    s.results.push(Driver.set('cmi.location', 'slide-' + i));
    s.results.push(Driver.commit());
  }
  var ticks = 0;
  s.timer = setInterval(function () {
    ticks += 1;
    s.results.push(Driver.set('cmi.suspend_data', 'tick=' + ticks));
    s.results.push(Driver.commit());
  }, 30);
  s.ticks = function () { return ticks; };
  s.finish = function () {
    clearInterval(s.timer);
    var r = [Driver.set('cmi.completion_status', 'completed'), Driver.set('cmi.success_status', 'passed'),
      Driver.set('cmi.score.scaled', '1'), Driver.set('cmi.exit', 'normal'), Driver.set('adl.nav.request', 'continue')];
    r.push(Driver.terminate());
    return r;
  };`);
  const quiz = page2004('Quiz', `
  // Resuming data is read at start, as content does; on a first launch the element has no
  // value yet: "" with error 403 (RTE4 §3.1.7.6), the one error this run may show.
  s.seen.suspend = Driver.get('cmi.suspend_data');
  s.seen.suspendError = Driver.err();
  s.seen.sps = Driver.get('cmi.scaled_passing_score');
  s.results.push(
    Driver.set('cmi.interactions.0.id', 'q1'), Driver.set('cmi.interactions.0.type', 'choice'),
    Driver.set('cmi.interactions.0.correct_responses.0.pattern', 'b'), Driver.set('cmi.interactions.0.learner_response', 'b'),
    Driver.set('cmi.interactions.0.result', 'correct'), Driver.set('cmi.interactions.0.weighting', '1'),
    Driver.set('cmi.interactions.1.id', 'q2'), Driver.set('cmi.interactions.1.type', 'fill-in'),
    Driver.set('cmi.interactions.1.learner_response', 'hard hat'), Driver.set('cmi.interactions.1.result', 'incorrect'),
    Driver.set('cmi.score.raw', '9'), Driver.set('cmi.score.min', '0'), Driver.set('cmi.score.max', '10'), Driver.set('cmi.score.scaled', '0.9'),
    Driver.set('cmi.completion_status', 'completed'), Driver.set('cmi.location', 'q-end'), Driver.commit());
  s.seen.success = Driver.get('cmi.success_status');
  // Set after the last commit, and no Terminate ever: an LMS keeps what was committed.
  s.later = function () {
    return [Driver.set('cmi.location', 'after-commit'), Driver.set('cmi.suspend_data', 'not committed')];
  };`);
  const glossary = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Glossary</title></head><body><h1>Glossary</h1>' +
    '<dl><dt>PPE</dt><dd>Personal protective equipment.</dd></dl></body></html>\n';
  return writeZip(file, [
    { name: 'imsmanifest.xml', data: manifest },
    { name: 'res/lesson1/index_lms.html', data: lesson1 },
    { name: 'res/lesson2/index_lms.html', data: lesson2 },
    { name: 'res/glossary/index.html', data: glossary },
    { name: 'res/quiz/quiz.html', data: quiz },
    { name: 'res/common/scormdriver.js', data: DRIVER2004 }
  ]);
}

// --- SCORM 2004 2nd Edition, one SCO ---------------------------------------------------------

/**
 * SCORM 2004 2nd Edition (schemaversion "CAM 1.3", run as 3rd), one SCO in a folder whose name has spaces (the href is
 * percent-encoded), xml:base on <manifest>, no sequencing: the SCO reports nothing but
 * terminates, so the LMS's defaults (completionSetByContent / objectiveSetByContent false)
 * make the activity completed and satisfied.
 */
function package2004Third(file) {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M3RD" version="1" xml:base="content/" ${NS2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>CAM 1.3</schemaversion></metadata>
  <organizations default="O1">
    <organization identifier="O1">
      <title>Reading (2004 2nd)</title>
      <item identifier="READ" identifierref="R1"><title>Read the policy</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="Policy%20Reader/start%20here.html">
      <file href="Policy%20Reader/start%20here.html"/>
    </resource>
  </resources>
</manifest>
`;
  const sco = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Policy</title></head><body><h1>Policy</h1>
<script>
window.sco = { ready: false, seen: {} };
(function () {
  var win = window, api = null;
  while (!win.API_1484_11 && win.parent && win.parent !== win) win = win.parent;
  api = win.API_1484_11;
  var s = window.sco;
  s.seen.init = api.Initialize('');
  s.seen.path = location.pathname;
  s.seen.version = api.GetValue('cmi._version');
  s.finish = function () { return [api.SetValue('cmi.exit', 'normal'), api.Terminate('')]; };
  s.ready = true;
})();
</script></body></html>
`;
  return writeZip(file, [
    { name: 'imsmanifest.xml', data: manifest },
    { name: 'content/Policy Reader/start here.html', data: sco }
  ]);
}

module.exports = { package12, package2004, package2004Third };

// --- a burst of commits, then the end ---------------------------------------------------------

/**
 * One SCO that commits `n` times in a row as it loads (a slide-per-commit tool on a fast
 * machine) and calls LMSFinish / Terminate right after, before any of those saves could return.
 */
function packageBurst(file, version, n) {
  const v12 = version === '1.2';
  const manifest = v12
    ? `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BURST12" version="1" ${NS12}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>Burst</title>
    <item identifier="BURST" identifierref="R"><title>Burst of commits</title></item>
  </organization></organizations>
  <resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="burst.html"><file href="burst.html"/></resource></resources>
</manifest>
`
    : `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="BURST2004" version="1" ${NS2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>Burst</title>
    <item identifier="BURST" identifierref="R"><title>Burst of commits</title></item>
  </organization></organizations>
  <resources><resource identifier="R" type="webcontent" adlcp:scormType="sco" href="burst.html"><file href="burst.html"/></resource></resources>
</manifest>
`;
  const m = v12
    ? { api: 'API', init: 'LMSInitialize', set: 'LMSSetValue', commit: 'LMSCommit', fin: 'LMSFinish', loc: 'cmi.core.lesson_location', status: 'cmi.core.lesson_status' }
    : { api: 'API_1484_11', init: 'Initialize', set: 'SetValue', commit: 'Commit', fin: 'Terminate', loc: 'cmi.location', status: 'cmi.completion_status' };
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Burst</title></head><body><h1>Burst</h1>
<script>
var api = window.parent.${m.api};
var results = [api.${m.init}('')];
for (var i = 0; i < ${n}; i++) {
  results.push(api.${m.set}('${m.loc}', 'slide-' + i), api.${m.commit}(''));
}
results.push(api.${m.set}('${m.status}', 'completed'), api.${m.fin}(''));
window.sco = { ready: true, results: results };
</script></body></html>
`;
  return writeZip(file, [{ name: 'imsmanifest.xml', data: manifest }, { name: 'burst.html', data: html }]);
}

module.exports.packageBurst = packageBurst;
