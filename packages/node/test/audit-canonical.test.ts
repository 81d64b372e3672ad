import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, CanonicalJsonError } from '../src/audit/canonical';

// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialisations.
const NUMBERS: Array<[string, string]> = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'], // minus zero
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

test('RFC 8785 Appendix B number serialisation', () => {
  for (const [bits, want] of NUMBERS) {
    const n = Buffer.from(bits, 'hex').readDoubleBE(0);
    assert.equal(canonicalJson(n), want, bits);
  }
  for (const bad of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) {
    assert.throws(() => canonicalJson(Buffer.from(bad, 'hex').readDoubleBE(0)), CanonicalJsonError, bad);
  }
});

test('RFC 8785 §3.2.2 example: literals, numbers and string escaping', () => {
  const input = JSON.parse(String.raw`{
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  }`);
  assert.equal(
    canonicalJson(input),
    String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
  );
});

test('RFC 8785 §3.2.3 example: properties sorted by UTF-16 code units', () => {
  const input = JSON.parse(String.raw`{
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  }`);
  // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order, though after it in code points.
  // (Compared as text: Object.keys would put the integer-like key "1" first whatever the order.)
  assert.equal(
    canonicalJson(input),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",'
      + '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
});

test('nested objects sort at every level; whitespace is removed; undefined members are dropped', () => {
  assert.equal(canonicalJson({ b: [{ z: 1, a: { y: 2, x: 3 } }], a: 'x', u: undefined }), '{"a":"x","b":[{"a":{"x":3,"y":2},"z":1}]}');
  assert.equal(canonicalJson(new Date('2026-01-02T03:04:05.678Z')), '"2026-01-02T03:04:05.678Z"');
  assert.equal(canonicalJson('\u2028\u00e9'), '"\u2028\u00e9"'); // JCS writes non-ASCII as is
});

test('input JCS refuses is refused: lone surrogates, bigint, functions, cycles, NaN', () => {
  assert.throws(() => canonicalJson('\ud800'), CanonicalJsonError);
  assert.throws(() => canonicalJson({ ['\udc00']: 1 }), CanonicalJsonError);
  assert.throws(() => canonicalJson({ a: [1, 'x\udfff'] }), CanonicalJsonError);
  assert.throws(() => canonicalJson(1n), CanonicalJsonError);
  assert.throws(() => canonicalJson({ f: () => 1 }), CanonicalJsonError);
  assert.throws(() => canonicalJson([undefined]), CanonicalJsonError);
  assert.throws(() => canonicalJson(undefined), CanonicalJsonError);
  assert.throws(() => canonicalJson({ n: NaN }), CanonicalJsonError);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), CanonicalJsonError);
  // A shared (not cyclic) object is fine.
  const shared = { x: 1 };
  assert.equal(canonicalJson([shared, shared]), '[{"x":1},{"x":1}]');
});

test('property: canonical text parses back to an equal value, and is a fixed point', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    const text = canonicalJson(v);
    const back = JSON.parse(text);
    assert.equal(canonicalJson(back), text);
    // Key order does not matter: reversing every object's keys gives the same text.
    const reversed = JSON.parse(text, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).reverse()) : x));
    assert.equal(canonicalJson(reversed), text);
  }), { numRuns: 300 });
});

test('fuzz: arbitrary values either canonicalise to parseable JSON or throw CanonicalJsonError', () => {
  fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true }), (v) => {
    try {
      JSON.parse(canonicalJson(v));
    } catch (e) {
      assert.ok(e instanceof CanonicalJsonError, String(e));
    }
  }), { numRuns: 300 });
});
