'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player } = require('./helpers.js');

const RE12 = /^\d{4}:[0-5]\d:[0-5]\d\.\d{2}$/;
// SCORM 2004 timeinterval (second,10,2) as scorm-again checks it, plus: no empty "PT", <= 2 decimals.
const RE2004 = /^PT(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?$/;

test('1.2 session_time HHHH:MM:SS.SS', () => {
  assert.equal(player.formatTimespan12(0), '0000:00:00.00');
  assert.equal(player.formatTimespan12(1234), '0000:00:01.23');
  assert.equal(player.formatTimespan12(3723500), '0001:02:03.50');
  assert.equal(player.formatTimespan12(59999.996), '0000:01:00.00');
  assert.equal(player.formatTimespan12(-5), '0000:00:00.00');
  assert.equal(player.formatTimespan12(NaN), '0000:00:00.00');
});

test('1.2 session_time is clamped at 9999:59:59.99', () => {
  assert.equal(player.formatTimespan12(9999 * 3600e3 + 59 * 60e3 + 59990), '9999:59:59.99');
  assert.equal(player.formatTimespan12(10000 * 3600e3), '9999:59:59.99');
  assert.equal(player.formatTimespan12(1e15), '9999:59:59.99');
});

test('2004 session_time ISO 8601 durations', () => {
  assert.equal(player.formatDuration2004(0), 'PT0S');
  assert.equal(player.formatDuration2004(4), 'PT0S');
  assert.equal(player.formatDuration2004(3723500), 'PT1H2M3.5S');
  assert.equal(player.formatDuration2004(3600000), 'PT1H');
  assert.equal(player.formatDuration2004(60000), 'PT1M');
  assert.equal(player.formatDuration2004(1230), 'PT1.23S');
  assert.equal(player.formatDuration2004(1201), 'PT1.2S');
  assert.equal(player.formatDuration2004(7 * 24 * 3600e3), 'PT168H');
  assert.equal(player.formatDuration2004(-1), 'PT0S');
});

test('property: both formats stay valid and round-trip to the centisecond', () => {
  let seed = 42;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < 5000; i++) {
    const scale = [1e3, 1e5, 1e7, 1e9, 4e10][i % 5];
    const ms = Math.floor(rnd() * scale);
    const a = player.formatTimespan12(ms);
    assert.match(a, RE12, a);
    const b = player.formatDuration2004(ms);
    assert.match(b, RE2004, b);
    assert.notEqual(b, 'PT');
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(b);
    const back = ((+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0))) * 1000;
    assert.equal(Math.round(back / 10), Math.round(ms / 10), `${ms} -> ${b}`);
    const n = /^(\d+):(\d+):(\d+)\.(\d+)$/.exec(a);
    const back12 = ((+n[1]) * 3600 + (+n[2]) * 60 + (+n[3])) * 1000 + (+n[4]) * 10;
    assert.equal(back12, Math.min(Math.round(ms / 10), 3599999999) * 10); // clamped at 9999:59:59.99
  }
});

test('interaction times: 1.2 CMITime and 2004 timestamp', () => {
  const d = new Date(2026, 0, 2, 3, 4, 5);
  assert.equal(player.formatTime12(d), '03:04:05');
  assert.equal(player.formatTimestamp2004(new Date(Date.UTC(2026, 10, 25, 9, 8, 7))), '2026-11-25T09:08:07.0Z');
  assert.equal(player.formatTimestamp2004(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 987))), '2026-01-01T00:00:00.9Z');
});

test('formatReal gives plain decimals', () => {
  assert.equal(player.formatReal(2 / 3, 7), '0.6666667');
  assert.equal(player.formatReal(1, 7), '1');
  assert.equal(player.formatReal(0.5, 7), '0.5');
  assert.equal(player.formatReal(1e-9, 7), '0');
  assert.equal(player.formatReal(80, 7), '80');
});
