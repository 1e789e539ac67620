'use strict';
/* Shared helpers of the run-time unit tests. */
const path = require('node:path');

const LMS = require(path.join(__dirname, '..', '..', 'assets', 'lms', 'runtime.js'));

/** A running session of one version with the LMS values a first launch gets. */
function running(version, extra) {
  const lms = LMS.createLms({
    version,
    edition: '4th',
    schemaversion: version === '1.2' ? '1.2' : '2004 4th Edition',
    package: 'unit',
    scos: [Object.assign({ id: 'sco1', completionSetByContent: true, objectiveSetByContent: true }, extra && extra.sco)],
    options: (extra && extra.options) || {},
    unimplemented: extra && extra.unimplemented
  });
  const rt = lms.launch('sco1');
  if (!extra || !extra.noInit) {
    const r = rt.Initialize('');
    if (r !== 'true') throw new Error('Initialize failed: ' + rt.GetLastError());
  }
  return { lms, rt };
}

/** Bare runtime with given data. */
function runtime(version, data, hooks, more) {
  return LMS.createRuntime(Object.assign({ version, edition: '4th', data: data || {}, hooks: hooks || {} }, more || {}));
}

/** Asserts one call's result and error code. */
function expectCall(assert, rt, method, args, result, code) {
  const r = rt[method].apply(null, args);
  const e = rt.GetLastError();
  assert.deepStrictEqual([r, e], [result, String(code)],
    `${method}(${args.map((a) => JSON.stringify(a)).join(', ')}) -> ${JSON.stringify(r)} error ${e} ` +
    `(${rt.GetDiagnostic('')}), expected ${JSON.stringify(result)} error ${code}`);
}

module.exports = { LMS, running, runtime, expectCall };
