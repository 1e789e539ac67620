'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./helpers.js');

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
  const js = read('player.js');
  const css = read('player.css');
  for (const [name, text] of [['player.js', js], ['player.css', css], ['launch.html', read('launch.html')]]) {
    assert.doesNotMatch(text, /https?:\/\//, name);
  }
  assert.doesNotMatch(css, /@import|url\(/);
  assert.doesNotMatch(js, /\bfetch\(|XMLHttpRequest|sendBeacon|console\.|\beval\(|new Function/);
});

test('the player never duplicates the status table', () => {
  const js = read('player.js');
  assert.doesNotMatch(js, /'passed-incomplete'|"passed-incomplete"/);
  assert.doesNotMatch(js, /lesson_status:\s*'passed'/);
});
