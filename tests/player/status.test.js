'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player, table, FORMATS } = require('./helpers.js');

// The four Parta.io tables (seed 000) and the 1.2 mapping, written out as the expected
// results. The player itself only reads assets/player/status-table.json.
const EXPECTED_2004 = {
  'passed-incomplete': { start: ['incomplete', 'unknown'], pass: ['completed', 'passed'], fail: ['incomplete', 'unknown'], viewed: ['completed', 'passed'] },
  'passed-failed': { start: ['incomplete', 'unknown'], pass: ['completed', 'passed'], fail: ['completed', 'failed'], viewed: [null, null] },
  'completed-failed': { start: ['incomplete', 'unknown'], pass: ['completed', 'unknown'], fail: ['incomplete', 'failed'], viewed: [null, null] },
  'completed-incomplete': { start: ['incomplete', null], pass: ['completed', null], fail: ['incomplete', null], viewed: ['completed', null] }
};
const EXPECTED_12 = {
  'passed-incomplete': { start: 'incomplete', pass: 'passed', fail: 'incomplete', viewed: 'passed' },
  'passed-failed': { start: 'incomplete', pass: 'passed', fail: 'failed', viewed: null },
  'completed-failed': { start: 'incomplete', pass: 'completed', fail: 'failed', viewed: null },
  'completed-incomplete': { start: 'incomplete', pass: 'completed', fail: 'incomplete', viewed: 'completed' }
};

/** What a launch from scratch followed by one event writes, per version. */
function afterStartAnd(format, event, version) {
  let pair = { completion: null, success: null };
  let lms12 = 'not attempted';
  const start = player.applyStatusEvent(table, format, pair, 'start');
  pair = start.pair;
  lms12 = player.lessonStatusToWrite(table, pair, lms12) || lms12;
  if (event === 'start') return version === '1.2' ? lms12 : start.write;
  const r = player.applyStatusEvent(table, format, pair, event);
  if (version === '1.2') {
    if (r.write.completion == null && r.write.success == null) return null;
    return player.lessonStatusToWrite(table, r.pair, lms12);
  }
  return r.write;
}

test('the status table in assets matches the four Parta.io tables', () => {
  assert.deepEqual(FORMATS.sort(), Object.keys(EXPECTED_2004).sort());
  for (const f of FORMATS) {
    for (const e of player.EVENTS) {
      const row = player.statusRow(table, f, e);
      assert.deepEqual([row.completion, row.success], EXPECTED_2004[f][e], f + ' / ' + e);
    }
  }
});

for (const version of ['2004-3rd', '2004-4th', '1.2']) {
  for (const format of Object.keys(EXPECTED_2004)) {
    for (const event of ['start', 'pass', 'fail', 'viewed']) {
      test(`${version} ${format} ${event}: written values follow the table`, () => {
        const got = afterStartAnd(format, event, version);
        if (version === '1.2') {
          assert.equal(got, EXPECTED_12[format][event]);
        } else {
          const [c, s] = EXPECTED_2004[format][event];
          // null = not applicable: the element is not written.
          assert.deepEqual(got, { completion: c, success: s });
        }
      });
    }
  }
}

test('1.2 lesson_status mapping of every pair in the issue', () => {
  const m = (c, s) => player.lessonStatus12(table, c, s);
  assert.equal(m('completed', 'passed'), 'passed');
  assert.equal(m('completed', 'failed'), 'failed');
  assert.equal(m('incomplete', 'failed'), 'failed');
  assert.equal(m('completed', 'unknown'), 'completed');
  assert.equal(m('completed', null), 'completed');
  assert.equal(m('incomplete', 'unknown'), 'incomplete');
  assert.equal(m('incomplete', null), 'incomplete');
});

for (const format of Object.keys(EXPECTED_2004)) {
  test(`${format}: a failed retry after a pass does not go backwards (2004 and 1.2)`, () => {
    let pair = player.applyStatusEvent(table, format, { completion: null, success: null }, 'start').pair;
    pair = player.applyStatusEvent(table, format, pair, 'pass').pair;
    const passPair = { ...pair };
    const r = player.applyStatusEvent(table, format, pair, 'fail');
    assert.equal(r.ignored, true);
    assert.deepEqual(r.write, { completion: null, success: null });
    assert.deepEqual(r.pair, passPair);
    // 1.2: nothing lower than what the LMS holds is written.
    const held = player.lessonStatus12(table, passPair.completion, passPair.success);
    assert.equal(player.lessonStatusToWrite(table, { completion: 'incomplete', success: 'failed' }, held), null);
  });

  test(`${format}: a fail then a pass upgrades`, () => {
    let pair = player.applyStatusEvent(table, format, { completion: null, success: null }, 'start').pair;
    pair = player.applyStatusEvent(table, format, pair, 'fail').pair;
    const r = player.applyStatusEvent(table, format, pair, 'pass');
    assert.equal(r.ignored, false);
    const row = player.statusRow(table, format, 'pass');
    assert.deepEqual(r.write, { completion: row.completion, success: row.success });
    assert.equal(player.isFinished(r.pair), true);
  });
}

test('relaunch: a stored 1.2 status is never lowered by a start event', () => {
  for (const held of ['passed', 'completed', 'failed']) {
    for (const format of FORMATS) {
      const pair = player.pairFromLessonStatus(table, format, held);
      const r = player.applyStatusEvent(table, format, pair, 'start');
      const w = player.lessonStatusToWrite(table, r.pair, held);
      assert.ok(w === null || w === held, `${format}: ${held} -> ${w}`);
    }
  }
});

test('relaunch: a stored 2004 completed / passed is never lowered', () => {
  for (const format of FORMATS) {
    const r = player.applyStatusEvent(table, format, { completion: 'completed', success: 'passed' }, 'start');
    assert.deepEqual(r.pair, { completion: 'completed', success: 'passed' });
    if (r.write.completion) assert.equal(r.write.completion, 'completed');
    if (r.write.success) assert.equal(r.write.success, 'passed');
  }
});

test('mergeStatus keeps completed and passed final, null leaves elements alone', () => {
  assert.deepEqual(player.mergeStatus({ completion: 'completed', success: 'passed' }, { completion: 'incomplete', success: 'failed' }),
    { completion: 'completed', success: 'passed' });
  assert.deepEqual(player.mergeStatus({ completion: 'incomplete', success: 'failed' }, { completion: null, success: null }),
    { completion: 'incomplete', success: 'failed' });
  assert.deepEqual(player.mergeStatus({ completion: 'incomplete', success: 'failed' }, { completion: 'completed', success: 'unknown' }),
    { completion: 'completed', success: 'unknown' });
});

test('unknown format or event throws', () => {
  assert.throws(() => player.statusRow(table, 'nope', 'start'));
  assert.throws(() => player.statusRow(table, 'passed-failed', 'nope'));
});
