/**
 * Unit and property tests of the aberration detectors: the probability functions and the quasi-Poisson GLM
 * against values printed by R 4.2.2, properties every method must have (fast-check), and hand-computed
 * ESSENCE cases (Rnssp ships no reference output with our data).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cusum, distributions as d, earsC, essenceEwma, essenceRegression, essenceSwitch, farringtonFlexible, glmQuasiPoisson,
  linearPrediction, LEVEL, FARRINGTON_NOUFAILY, FARRINGTON_ORIGINAL,
} from '../src/earlywarning/index';

const near = (a: number, b: number, rel: number, what: string) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('probability functions agree with R 4.2.2', () => {
  near(d.qnorm(0.999), 3.0902323061678132, 1e-15, 'qnorm(0.999)');
  near(d.qnorm(1e-10), -6.3613409024040557, 1e-15, 'qnorm(1e-10)');
  near(d.pnorm(-7.5), 3.1908916729108963e-14, 1e-13, 'pnorm(-7.5)');
  near(d.pt(-2.1, 17), 0.025479923614567006, 1e-13, 'pt(-2.1, 17)');
  near(d.qt(0.99, 20), 2.5279770027415736, 1e-13, 'qt(0.99, 20)');
  near(d.pnbinom(7, 2.5, 0.4), 0.88611074394106093, 1e-13, 'pnbinom(7, 2.5, 0.4)');
  assert.equal(d.qnbinom(0.95, 2.5, 0.4), 10);
  assert.equal(d.qnbinom(0.95, 1e7, 1 / (1 + 1e-7)), 3);
  near(d.ppois(3, 2.2), 0.81935242170333822, 1e-13, 'ppois(3, 2.2)');
  assert.equal(d.qpois(0.95, 13.7), 20);
  near(d.lgamma(15.5), 26.536914491115613, 1e-14, 'lgamma(15.5)');
  near(d.pbeta(0.3, 200, 3.5), 1.9044257688988747e-100, 1e-12, 'pbeta(0.3, 200, 3.5)');
});

test('discrete quantiles are the smallest y with F(y) ≥ p', () => {
  fc.assert(fc.property(fc.double({ min: 0.05, max: 80, noNaN: true }), fc.double({ min: 1.01, max: 6, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }),
    (mu, phi, p) => {
      const size = mu / (phi - 1);
      const q = d.qnbinom(p, size, 1 / phi);
      assert.ok(d.pnbinom(q, size, 1 / phi) >= p * (1 - 1e-13), 'F(q) ≥ p');
      if (q > 0) assert.ok(d.pnbinom(q - 1, size, 1 / phi) < p, 'F(q − 1) < p');
      const qp = d.qpois(p, mu);
      assert.ok(d.ppois(qp, mu) >= p * (1 - 1e-13) && (qp === 0 || d.ppois(qp - 1, mu) < p), 'Poisson');
    }), { numRuns: 200 });
});

test('quasi-Poisson IRLS matches R glm(family = quasipoisson): coefficients, dispersion, se, leverages, weights', () => {
  const y = Float64Array.from([2, 3, 6, 7, 8, 9, 10, 12, 15, 11]);
  const n = y.length;
  const X = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) { X[2 * i] = 1; X[2 * i + 1] = i + 1; }
  const fit = glmQuasiPoisson(X, n, 2, y)!;
  assert.ok(fit.converged);
  near(fit.coef[0], 1.1618882075741768, 1e-9, 'intercept');
  near(fit.coef[1], 0.1556973764894852, 1e-9, 'slope');
  near(fit.dispersion, 0.4220830248345655, 1e-9, 'dispersion');
  near(Math.sqrt(fit.covUnscaled[3] * fit.dispersion), 0.026340319002939143, 1e-8, 'se(slope)');
  near(fit.hat[0], 0.24688610003219955, 1e-8, 'hat[1]');
  near(fit.hat[1], 0.21338227615693756, 1e-8, 'hat[2]');
  near(Math.sqrt(linearPrediction(fit, [1, 11]).varUnscaled * fit.dispersion), 0.13306501712934676, 1e-8, 'se.fit (link)');
  const weighted = glmQuasiPoisson(X, n, 2, y, Float64Array.from([1, 1, 2, 1, 0.5, 1, 1, 1, 3, 1]))!;
  near(weighted.coef[0], 1.1580190571562248, 1e-9, 'weighted intercept');
  near(weighted.coef[1], 0.16171363186650362, 1e-9, 'weighted slope');
  near(weighted.dispersion, 0.46964366782897143, 1e-9, 'weighted dispersion');
  // An aliased column (a copy of the intercept) is left out, as R does (coefficient NA).
  const X3 = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) { X3[3 * i] = 1; X3[3 * i + 1] = i + 1; X3[3 * i + 2] = 2; }
  const aliased = glmQuasiPoisson(X3, n, 3, y)!;
  assert.equal(aliased.rank, 2);
  assert.ok(Number.isNaN(aliased.coef[2]));
  near(aliased.coef[1], 0.1556973764894852, 1e-9, 'slope with an aliased column');
});

const countsArb = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 20, maxLength: 80 });

test('EARS on a constant series: the C1/C2 bound is the level, the same count never alarms, any more does; C3 (R) is NA', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 15, max: 60 }), (level, n) => {
    const y = new Float64Array(n).fill(level);
    for (const method of ['C1', 'C2'] as const) {
      const det = earsC(y, { method });
      for (let t = det.from; t <= det.to; t++) { assert.equal(det.upperBound[t], level); assert.equal(det.alarm[t], 0); }
      const spiked = y.slice();
      spiked[n - 1] = level + 1;
      assert.equal(earsC(spiked, { method }).alarm[n - 1], 1);
    }
    // R: with σ = 0 the C2 terms are 0/0, so the C3 bound is NaN and the alarm NA; minSigma makes it defined.
    const c3 = earsC(y, { method: 'C3' });
    assert.equal(c3.alarm[n - 1], -1);
    assert.equal(earsC(y, { method: 'C3', minSigma: 1 }).alarm[n - 1], 0);
  }), { numRuns: 50 });
});

test('EARS C1/C2 bounds scale with the counts and do not depend on the current count', () => {
  fc.assert(fc.property(countsArb, fc.integer({ min: 2, max: 9 }), (ys, a) => {
    const y = Float64Array.from(ys);
    for (const method of ['C1', 'C2'] as const) {
      const base = earsC(y, { method });
      const scaled = earsC(y.map((v) => a * v), { method });
      for (let t = base.from; t <= base.to; t++) near(scaled.upperBound[t], a * base.upperBound[t], 1e-12, 'scale');
      const bumped = y.slice();
      bumped[y.length - 1] += 100;
      assert.equal(earsC(bumped, { method }).upperBound[y.length - 1], base.upperBound[y.length - 1]);
    }
  }), { numRuns: 100 });
});

test('CUSUM: S_t never decreases when a count increases; alarm ⇔ S_t ≥ h ⇔ count ≥ bound', () => {
  fc.assert(fc.property(countsArb, fc.nat(), fc.integer({ min: 1, max: 30 }), (ys, pos, extra) => {
    const y = Float64Array.from(ys);
    fc.pre(y.slice(0, Math.floor(y.length / 2)).some((v) => v > 0));
    const base = cusum(y);
    const t0 = base.from + (pos % (base.to - base.from + 1));
    const up = y.slice();
    up[t0] += extra;
    const more = cusum(up);
    for (let t = base.from; t <= base.to; t++) {
      if (t >= t0) assert.ok(more.statistic![t] >= base.statistic![t] - 1e-12, `S_${t}`);
      assert.equal(base.alarm[t], base.statistic![t] >= 2.26 ? 1 : 0);
      assert.equal(base.alarm[t], y[t] >= base.upperBound[t] ? 1 : 0, `bound at ${t}`);
      assert.ok(base.upperBound[t] >= 0);
    }
  }), { numRuns: 150 });
});

test('Farrington: the alarm is "count above the bound" (y > U, y ≠ 0); the improved bound is an integer; too-short series are not evaluated', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 230, maxLength: 240 }), (ys) => {
    const y = Float64Array.from(ys);
    for (const recipe of [FARRINGTON_ORIGINAL, FARRINGTON_NOUFAILY]) {
      const det = farringtonFlexible(y, { freq: 52, ...recipe, limit54: [0, 4] });
      for (let t = det.from; t <= det.to; t++) {
        const u = det.upperBound[t];
        if (Number.isNaN(u)) continue;
        assert.equal(det.alarm[t], y[t] > u && y[t] !== 0 ? 1 : 0, `t=${t} y=${y[t]} U=${u}`);
        if (recipe.thresholdMethod === 'nbPlugin') assert.ok(Number.isInteger(u));
        assert.ok(det.expected[t] > 0 && u >= det.expected[t] - 1e-9);
      }
    }
  }), { numRuns: 8 });
  const short = farringtonFlexible(new Float64Array(100).fill(3), { freq: 52 });
  assert.ok(short.from > short.to);
});

test('Farrington limit54: fewer than 5 cases in the last 4 periods gives NA bounds and no alarm', () => {
  const y = new Float64Array(260);
  for (let t = 0; t < 260; t++) y[t] = t % 9 === 0 ? 2 : t % 5 === 0 ? 1 : 0;
  const det = farringtonFlexible(y, { freq: 52, ...FARRINGTON_NOUFAILY });
  for (let t = det.from; t <= det.to; t++) {
    const recent = y[t] + y[t - 1] + y[t - 2] + y[t - 3];
    if (recent < 5) { assert.ok(Number.isNaN(det.upperBound[t])); assert.equal(det.alarm[t], 0); }
  }
});

// ESSENCE (Rnssp): hand-computed cases. Critical values from R: round(qt(0.95, 27), 5) = 1.70329,
// round(qt(0.99, 27), 5) = 2.47266, round(qt(0.95, 20), 5) = 1.72472.
test('ESSENCE EWMA by hand: flat baseline at 5, then 20 (B 28, g 2, w 0.4 in the switch)', () => {
  const y = new Float64Array(41).fill(5);
  y[40] = 20;
  const det = essenceSwitch(y);
  // Flat baseline: regression R² is 0/0 → adjusted R² 0 → EWMA with w = 0.4.
  assert.equal(det.detector[40], 2);
  const w = 0.4;
  const u95 = 1.70329;
  const minSigma = (w / u95) * (1 + 0.5 * (1 - w) ** 2);
  const constant = (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(0.5)) * (w / u95);
  const sigma = Math.max(minSigma, 0 * 1 + constant); // sd of a flat baseline is 0
  const z = w * 20 + (1 - w) * 5; // the smoothed value was 5 throughout
  const stat = (z - 5) / sigma;
  near(det.expected[40], 5, 1e-12, 'expected');
  near(det.statistic![40], stat, 1e-12, 'statistic');
  near(det.pValue![40], 1 - d.pt(stat, 27), 1e-12, 'p');
  assert.equal(det.level[40], LEVEL.red);
  assert.equal(det.alarm[40], 1);
  // The bound is the count that makes p = 0.01: (5 + t₀.₉₉,₂₇·σ − 0.6·5)/0.4.
  near(det.upperBound[40], (5 + d.qt(0.99, 27) * sigma - 0.6 * 5) / 0.4, 1e-9, 'bound');
  // Before 11 + g points there is no baseline: grey.
  assert.equal(det.level[12], LEVEL.grey);
  assert.equal(det.level[13], LEVEL.blue);
});

test('ESSENCE regression by hand: an exact trend with a weekly pattern is forecast exactly; +5 turns red', () => {
  const n = 60;
  const dow = Array.from({ length: n }, (_, i) => (i % 7) + 1); // day 0 is a Monday
  const effect = [0, 3, 1, 0, 2, 5, -1, 0]; // by ISO weekday 1..7
  const y = Float64Array.from({ length: n }, (_, i) => 20 + 0.5 * i + effect[dow[i]]);
  y[n - 1] += 5;
  const det = essenceRegression(y, { dayOfWeek: dow });
  const i = n - 1;
  near(det.expected[i], 20 + 0.5 * i + effect[dow[i]], 1e-9, 'forecast');
  // Residuals are 0, so σ is the floor 1.01 / round(qt(0.95, 28 − 8), 5).
  const sigma = 1.01 / 1.72472;
  near(det.statistic![i], 5 / sigma, 1e-9, 'statistic');
  assert.equal(det.level[i], LEVEL.red);
  near(det.upperBound[i], det.expected[i] + d.qt(0.99, 20) * sigma, 1e-9, 'bound');
  const sw = essenceSwitch(y, { dayOfWeek: dow });
  assert.equal(sw.detector[i], 1); // adjusted R² = 1 ≥ 0.60: the switch keeps the regression
  near(sw.statistic![i], det.statistic![i], 1e-12, 'switch = regression');
});

test('ESSENCE EWMA (two smoothers): the sudden smoother (w 0.9) wins on a one-day spike', () => {
  const y = new Float64Array(50);
  for (let i = 0; i < 50; i++) y[i] = 10 + (i % 3);
  y[49] = 40;
  const det = essenceEwma(y);
  assert.equal(det.level[49], LEVEL.red);
  const quiet = essenceEwma(y.slice(0, 49));
  for (let i = quiet.from; i <= quiet.to; i++) assert.notEqual(quiet.level[i], LEVEL.red);
});
