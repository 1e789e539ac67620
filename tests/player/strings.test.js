'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { player } = require('./helpers.js');

const SHIPPED = ['en', 'de', 'fr', 'es', 'ar'];
const placeholders = (s) => (s.match(/\{\w+\}/g) || []).slice().sort();

test('the player ships English, German, French, Spanish and Arabic', () => {
  assert.deepEqual(Object.keys(player.STRINGS).sort(), SHIPPED.slice().sort());
});

for (const lang of SHIPPED.filter((l) => l !== 'en')) {
  test(`strings: ${lang} has every English key, no other key, the same placeholders, and no empty text`, () => {
    const en = player.STRINGS.en;
    const tr = player.STRINGS[lang];
    assert.deepEqual(Object.keys(tr).sort(), Object.keys(en).sort(), `${lang}: keys`);
    for (const k of Object.keys(en)) {
      assert.equal(typeof tr[k], 'string', `${lang}.${k}`);
      assert.ok(tr[k].trim() !== '' || en[k].trim() === '', `${lang}.${k} is empty`);
      assert.deepEqual(placeholders(tr[k]), placeholders(en[k]), `${lang}.${k}: placeholders`);
    }
  });
}

test('strings: no language reuses English words for the navigation (they were translated)', () => {
  for (const lang of SHIPPED.filter((l) => l !== 'en')) {
    for (const k of ['next', 'previous', 'submit', 'exit', 'contents', 'resultsTitle']) {
      assert.notEqual(player.STRINGS[lang][k], player.STRINGS.en[k], `${lang}.${k}`);
    }
  }
});

test('stringsFor: primary language, region tags, right to left, unknown falls back to English', () => {
  assert.equal(player.stringsFor('de').t('next'), 'Weiter');
  assert.equal(player.stringsFor('de-CH').t('next'), 'Weiter');
  assert.equal(player.stringsFor('de-CH').lang, 'de-CH');
  assert.equal(player.stringsFor('FR').t('next'), 'Suivant');
  assert.equal(player.stringsFor('es-419').t('progress', { n: 2, total: 9 }), 'Sección 2 de 9');
  const ar = player.stringsFor('ar-EG');
  assert.equal(ar.dir, 'rtl');
  assert.equal(ar.known, true);
  assert.equal(ar.t('next'), 'التالي');
  for (const tag of ['xx', 'zz-ZZ', '', null, undefined]) {
    const s = player.stringsFor(tag);
    assert.equal(s.known, false, String(tag));
    assert.equal(s.lang, 'en');
    assert.equal(s.dir, 'ltr');
    assert.equal(s.t('next'), 'Next');
  }
  // Right to left also for languages whose words fall back to English.
  const he = player.stringsFor('he');
  assert.equal(he.dir, 'rtl');
  assert.equal(he.t('next'), 'Next');
  assert.equal(player.stringsFor('en').dir, 'ltr');
});

test('stringsFor: placeholders filled as plain text; unknown keys throw', () => {
  const en = player.stringsFor('en');
  assert.equal(en.t('progress', { n: 1, total: 3 }), 'Section 1 of 3');
  assert.equal(en.t('goTo', { title: '<b>{n}</b>' }), 'Go to: <b>{n}</b>', 'values are not re-expanded');
  assert.throws(() => en.t('no-such-key'), /no player string/);
});
