'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { ROOT, PLAYER_JS_DIR, PLAYER_PARTS, playerJs, player } = require('./helpers.js');

const read = (f) => fs.readFileSync(path.join(ROOT, 'assets', 'player', f), 'utf8');

test('launch page: the two placeholders as the contract says, relative resources only', () => {
  const html = read('launch.html');
  assert.match(html, /<html lang="\{\{LANG\}\}" data-sco="\{\{SCO\}\}">/);
  assert.deepEqual(html.match(/\{\{[A-Z]+\}\}/g), ['{{LANG}}', '{{SCO}}']);
  const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(refs, ['player/player.css', 'content/course-data.js', 'player/player.js']);
  assert.ok(html.indexOf('content/course-data.js') < html.indexOf('player/player.js'), 'course data loads first');
});

test('no external resources, no network, no console output in the player', () => {
  const js = playerJs();
  const css = read('player.css');
  for (const [name, text] of [['player.js', js], ['player.css', css], ['launch.html', read('launch.html')]]) {
    assert.doesNotMatch(text, /https?:\/\//, name);
  }
  assert.doesNotMatch(css, /@import|url\(/);
  assert.doesNotMatch(js, /\bfetch\(|XMLHttpRequest|sendBeacon|console\.|\beval\(|new Function/);
});

test('the player never duplicates the status table', () => {
  const js = playerJs();
  assert.doesNotMatch(js, /'passed-incomplete'|"passed-incomplete"/);
  assert.doesNotMatch(js, /lesson_status:\s*'passed'/);
});

test('the player parts: every file of assets/player/js is joined, in an order where each part follows its dependencies', () => {
  const files = fs.readdirSync(PLAYER_JS_DIR).filter((f) => f.endsWith('.js')).sort();
  assert.deepEqual(PLAYER_PARTS.slice().sort(), files, 'src/engine/player_assets.rs joins every part once');
  assert.equal(PLAYER_PARTS[PLAYER_PARTS.length - 1], 'boot.js', 'boot.js comes last');
  PLAYER_PARTS.forEach((f, i) => {
    const text = fs.readFileSync(path.join(PLAYER_JS_DIR, f), 'utf8');
    assert.ok(text.endsWith('\n'), f + ' ends with a newline (the parts are joined as they are)');
    assert.doesNotMatch(text, /^\s*(import|export)\s/m, f + ': no ES module syntax (fails from file:// and in some LMS frames)');
    const prev = i === 0 ? null : PLAYER_PARTS[i - 1];
    if (prev) assert.ok(text.includes(`require('./${prev}')`), `${f} requires the part before it (${prev}) under Node`);
  });
});

test('the joined player/player.js runs as one classic script and builds the same namespace as the parts', () => {
  // A window without a document: the namespace is built, nothing boots.
  const win = {};
  vm.runInNewContext(playerJs(), { window: win }, { filename: 'player/player.js' });
  assert.equal(typeof win.CourseExportPlayer, 'object');
  assert.deepEqual(Object.keys(win.CourseExportPlayer).sort(), Object.keys(player).sort());
  assert.equal(typeof win.CourseExportPlayer.Player, 'function');
  assert.equal(typeof win.CourseExportPlayer.Player.prototype.renderQuiz, 'function');
  assert.equal(typeof win.CourseExportPlayer.boot, 'function');
});
