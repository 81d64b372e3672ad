import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, t, both, pickLang } from '../src/index';

test('every entry has non-empty English and Spanish with the same placeholders', () => {
  for (const [key, e] of Object.entries(catalog)) {
    assert.ok(e.en.trim(), `${key} en empty`);
    assert.ok(e.es.trim(), `${key} es empty`);
    const ph = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(ph(e.en), ph(e.es), `${key} placeholders differ`);
  }
});

test('t interpolates and both gives the two languages', () => {
  assert.equal(t('es', 'error.internal', { requestId: 'r1' }), 'Error interno (solicitud r1)');
  assert.deepEqual(both('error.not_found'), { en: 'Not found', es: 'No encontrado' });
  assert.equal(t('en', 'no.such.key'), 'no.such.key');
});

test('pickLang reads Accept-Language and LANG values', () => {
  assert.equal(pickLang('es-MX,es;q=0.9,en;q=0.8'), 'es');
  assert.equal(pickLang('en-US,en;q=0.9'), 'en');
  assert.equal(pickLang('es_MX.UTF-8'), 'es');
  assert.equal(pickLang(undefined), 'en');
});
