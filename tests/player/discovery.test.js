'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player } = require('./helpers.js');

function chain(depth, apiAt, name, api) {
  // windows[0] is the SCO, windows[depth] the top.
  const wins = [];
  for (let i = 0; i <= depth; i++) wins.push({ id: i });
  wins.forEach((w, i) => { w.parent = i < depth ? wins[i + 1] : w; });
  if (apiAt != null) wins[apiAt][name] = api;
  return wins;
}

test('1.2 finds API in a parent, never API_1484_11', () => {
  const api = { LMSInitialize() {} };
  const wins = chain(3, 2, 'API', api);
  wins[1].API_1484_11 = { Initialize() {} };
  const r = player.findApi(wins[0], '1.2');
  assert.equal(r.api, api);
  assert.equal(r.win, wins[2]);
});

test('2004 finds API_1484_11 only', () => {
  const wins = chain(2, 2, 'API', { LMSInitialize() {} });
  assert.equal(player.findApi(wins[0], '2004-4th'), null);
  wins[1].API_1484_11 = { Initialize() {} };
  assert.equal(player.findApi(wins[0], '2004-4th').win, wins[1]);
});

test('1.2 gives up after 7 parents, 2004 searches up to 500', () => {
  const api = {};
  assert.ok(player.findApi(chain(7, 7, 'API', api)[0], '1.2'));
  assert.equal(player.findApi(chain(9, 9, 'API', api)[0], '1.2'), null);
  assert.ok(player.findApi(chain(400, 400, 'API_1484_11', api)[0], '2004-3rd'));
  assert.equal(player.findApi(chain(600, 600, 'API_1484_11', api)[0], '2004-3rd'), null);
});

test('falls back to the opener and its parents', () => {
  const api = {};
  const opener = chain(2, 2, 'API_1484_11', api);
  const sco = chain(1, null);
  sco[0].opener = opener[0];
  const r = player.findApi(sco[0], '2004-4th');
  assert.equal(r.api, api);
  assert.equal(r.win, opener[2]);
});

test('cross-origin frames (throwing property access) do not break discovery', () => {
  const api = {};
  const top = { API: api };
  top.parent = top;
  const hostile = {};
  Object.defineProperty(hostile, 'API', { get() { throw new Error('SecurityError'); } });
  hostile.parent = top;
  const sco = { parent: hostile };
  assert.equal(player.findApi(sco, '1.2').api, api);
  const blocked = { get parent() { throw new Error('SecurityError'); } };
  assert.equal(player.findApi(blocked, '1.2'), null);
});

test('Lms wrapper checks every call and reports a vanished API', () => {
  const calls = [];
  const api = {
    LMSInitialize: () => 'true', LMSCommit: () => 'false', LMSGetLastError: () => (calls.push('err'), '101'),
    LMSGetErrorString: () => 'General exception', LMSGetDiagnostic: () => 'commit refused',
    LMSSetValue: () => { throw new Error('boom'); }, LMSGetValue: () => 'x', LMSFinish: () => 'true'
  };
  const win = { API: api };
  const logged = [];
  const errors = [];
  const lms = new player.Lms('1.2', { api, win }, { log: (e) => logged.push(e), error: (e) => errors.push(e) });
  assert.equal(lms.commit(), false);
  assert.equal(errors[0].code, '101');
  assert.equal(errors[0].message, 'General exception');
  assert.equal(errors[0].diagnostic, 'commit refused');
  const r = lms.set('cmi.core.lesson_status', 'incomplete');
  assert.equal(r.ok, false);
  assert.equal(r.code, 'exception');
  delete win.API;
  const g = lms.call('get', ['cmi.core.lesson_status']);
  assert.equal(g.vanished, true);
  assert.equal(g.ok, false);
  assert.equal(logged.length, 3);
});

test('no-LMS stand-in keeps data in storage and resumes after suspend', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  let api = player.LocalApi('2004-4th', 'k', storage);
  assert.equal(api.Initialize(''), 'true');
  assert.equal(api.GetValue('cmi.entry'), 'ab-initio');
  assert.equal(api.GetValue('cmi.completion_status'), 'unknown');
  api.SetValue('cmi.location', 's2');
  api.SetValue('cmi.exit', 'suspend');
  assert.equal(api.Terminate(''), 'true');
  api = player.LocalApi('2004-4th', 'k', storage);
  api.Initialize('');
  assert.equal(api.GetValue('cmi.entry'), 'resume');
  assert.equal(api.GetValue('cmi.location'), 's2');
});
