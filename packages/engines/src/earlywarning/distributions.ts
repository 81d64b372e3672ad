/**
 * The probability functions the aberration detectors need, written to the same definitions as R's nmath
 * (R 4.2.2), which the reference outputs in ../shared/data/surveillance were produced with:
 *   qnorm  — Wichura (1988) AS 241, the algorithm R uses (full double precision);
 *   pnorm  — through the regularised incomplete gamma function, erfc(x) = Q(1/2, x²);
 *   pt, qt — Student's t through the regularised incomplete beta function (Abramowitz & Stegun 26.7.1);
 *   ppois/qpois, pnbinom/qnbinom — by summing the probability mass function (accurate for the counts seen in
 *     surveillance), with a continued-fraction fallback for very large means.
 * R parameterises the negative binomial by (size, prob): mean = size(1−prob)/prob, variance = mean/prob.
 * Discrete quantiles follow R: the smallest y with F(y) ≥ p, p fuzzed by (1 − 64ε) for left continuity.
 */

const EPS = 2.220446049250313e-16;

/** Standard normal quantile, Wichura (1988) AS 241 PPND16 (as in R's qnorm.c). */
export function qnorm(p: number, mean = 0, sd = 1): number {
  if (Number.isNaN(p) || Number.isNaN(mean) || Number.isNaN(sd)) return NaN;
  if (p <= 0) return p === 0 ? -Infinity : NaN;
  if (p >= 1) return p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  let r: number;
  let val: number;
  if (Math.abs(q) <= 0.425) {
    r = 0.180625 - q * q;
    val = (q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
      45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r +
      3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
    return mean + sd * val;
  }
  r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  if (r <= 5) {
    r -= 1.6;
    val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
      1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
      1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
      0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
      6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  if (q < 0) val = -val;
  return mean + sd * val;
}

/** log Γ(x) for x > 0: Lanczos (g = 7, 9 terms) below 10, Stirling's series with 6 terms above (rel. error < 1e-15). */
export function lgamma(x: number): number {
  if (x < 10) {
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
      12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    const z = x - 1;
    let a = c[0];
    const t = z + 7.5;
    for (let i = 1; i < 9; i++) a += c[i] / (z + i);
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }
  const x2 = 1 / (x * x);
  const series = (1 / 12 - x2 * (1 / 360 - x2 * (1 / 1260 - x2 * (1 / 1680 - x2 * (1 / 1188 - x2 * (691 / 360360)))))) / x;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}

/** Regularised lower incomplete gamma P(a, x) and upper Q(a, x) (series / Lentz continued fraction). */
export function gammaPQ(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const lnPre = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    const p = sum * Math.exp(lnPre);
    return { p, q: 1 - p };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  const q = Math.exp(lnPre) * h;
  return { p: 1 - q, q };
}

/** Normal distribution function; `upper` gives P(X > x). */
export function pnorm(x: number, mean = 0, sd = 1, upper = false): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || Number.isNaN(sd)) return NaN;
  const z = (x - mean) / sd;
  if (z === Infinity) return upper ? 0 : 1;
  if (z === -Infinity) return upper ? 1 : 0;
  const half = 0.5 * gammaPQ(0.5, (z * z) / 2).q; // P(|Z| > |z|) / 2
  const lowerTail = z < 0 ? half : 1 - half;
  const upperTail = z < 0 ? 1 - half : half;
  return upper ? upperTail : lowerTail;
}

/** Continued fraction of the incomplete beta function (Lentz; Numerical Recipes §6.4). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function pbeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnBt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnBt) * betacf(a, b, x)) / a;
  return 1 - (Math.exp(lnBt) * betacf(b, a, 1 - x)) / b;
}

/** Student's t distribution function P(T ≤ t) with `df` degrees of freedom. */
export function pt(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * pbeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t > 0 ? 1 - tail : tail;
}

/** Student's t quantile by bisection-refined Newton on pt (used for Rnssp's rounded critical values). */
export function qt(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  let x = qnorm(p);
  for (let i = 0; i < 100; i++) {
    const f = pt(x, df) - p;
    const dens = Math.exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((x * x) / df));
    const step = f / dens;
    x -= step;
    if (Math.abs(step) < 1e-14 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/** Poisson distribution function P(X ≤ y). */
export function ppois(y: number, lambda: number): number {
  if (Number.isNaN(y) || Number.isNaN(lambda) || lambda < 0) return NaN;
  if (y < 0) return 0;
  y = Math.floor(y + 1e-7);
  if (lambda === 0) return 1;
  if (lambda < 700) {
    let term = Math.exp(-lambda);
    let sum = term;
    for (let k = 1; k <= y; k++) {
      term *= lambda / k;
      sum += term;
    }
    return Math.min(1, sum);
  }
  return gammaPQ(y + 1, lambda).q;
}

/** Negative binomial distribution function P(X ≤ y) in R's (size, prob) parameterisation. */
export function pnbinom(y: number, size: number, prob: number): number {
  if (Number.isNaN(y) || Number.isNaN(size) || Number.isNaN(prob) || !(size >= 0) || !(prob > 0 && prob <= 1)) return NaN;
  if (y < 0) return 0;
  y = Math.floor(y + 1e-7);
  if (size === 0 || prob === 1) return 1;
  const logP0 = size * Math.log(prob);
  if (logP0 > -700) {
    let term = Math.exp(logP0);
    let sum = term;
    const q = 1 - prob;
    for (let k = 0; k < y; k++) {
      term *= ((k + size) / (k + 1)) * q;
      sum += term;
    }
    return Math.min(1, sum);
  }
  return pbeta(prob, size, y + 1);
}

/** Distribution functions of the two discrete families (a1 = λ or size, a2 = unused or prob). */
function discreteCdf(poisson: boolean, y: number, a1: number, a2: number): number {
  return poisson ? ppois(y, a1) : pnbinom(y, a1, a2);
}

/** Smallest integer y ≥ 0 with cdf(y) ≥ p·(1 − 64ε) — R's definition of a discrete quantile (nmath). */
function discreteQuantile(p: number, poisson: boolean, a1: number, a2: number, mean: number, sd: number): number {
  if (Number.isNaN(p) || Number.isNaN(mean)) return NaN;
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  const target = p * (1 - 64 * EPS);
  // Cornish-Fisher-free start: the normal approximation, then walk to the exact answer.
  let y = Math.max(0, Math.floor(mean + sd * qnorm(p)));
  if (!Number.isFinite(y)) y = 0;
  if (discreteCdf(poisson, y, a1, a2) >= target) {
    while (y > 0 && discreteCdf(poisson, y - 1, a1, a2) >= target) y--;
    return y;
  }
  while (discreteCdf(poisson, y, a1, a2) < target) y++;
  return y;
}

export function qpois(p: number, lambda: number): number {
  if (Number.isNaN(lambda) || lambda < 0) return NaN;
  if (lambda === 0) return 0;
  return discreteQuantile(p, true, lambda, 0, lambda, Math.sqrt(lambda));
}

export function qnbinom(p: number, size: number, prob: number): number {
  if (Number.isNaN(size) || Number.isNaN(prob) || !(size >= 0) || !(prob > 0 && prob <= 1)) return NaN;
  if (size === 0 || prob === 1) return 0;
  const mean = (size * (1 - prob)) / prob;
  return discreteQuantile(p, false, size, prob, mean, Math.sqrt(mean / prob));
}
