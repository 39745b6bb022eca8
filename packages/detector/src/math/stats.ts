/**
 * Tail probabilities for counts. Everything is in log10 space so that tiny p-values never underflow.
 * The count model is a negative binomial with mean `mean` and dispersion `phi` (variance mean + phi·mean²);
 * phi = 0 is a Poisson.
 */

const LN10 = Math.LN10;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log10 of the upper tail of a standard normal, P(Z ≥ z), accurate far into the tail. */
export function log10NormalUpper(z: number): number {
  if (z < 5) {
    const p = 0.5 * erfc(z / Math.SQRT2);
    return Math.log10(Math.max(p, 1e-300));
  }
  // Mills ratio: Q(z) ≈ φ(z)/z · (1 − 1/z² + 3/z⁴).
  const z2 = z * z;
  const lnQ = -z2 / 2 - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / z2 + 3 / (z2 * z2));
  return lnQ / LN10;
}

/** Complementary error function (Numerical-Recipes-style Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** Mean above which the normal approximation (with continuity correction) replaces exact sums. */
const EXACT_LIMIT = 400;

/** log10 P(X ≥ k) for X ~ NB(mean, phi). Returns 0 (p = 1) for k at or below the mean. */
export function log10UpperTail(k: number, mean: number, phi: number): number {
  const mu = Math.max(mean, 1e-3);
  if (k <= mu) return 0;
  const variance = mu + phi * mu * mu;
  if (mu > EXACT_LIMIT) return log10NormalUpper((k - 0.5 - mu) / Math.sqrt(variance));
  const kk = Math.ceil(k);
  let lnTerm: number;
  let ratio: (j: number) => number;
  if (phi < 1e-6) {
    lnTerm = kk * Math.log(mu) - mu - lnGamma(kk + 1);
    ratio = (j) => mu / (j + 1);
  } else {
    const r = 1 / phi;
    const q = mu / (r + mu);
    lnTerm = lnGamma(kk + r) - lnGamma(r) - lnGamma(kk + 1) + r * Math.log(r / (r + mu)) + kk * Math.log(q);
    ratio = (j) => ((j + r) / (j + 1)) * q;
  }
  // Sum the terms t_k, t_k+1, … relative to t_k; above the mode they shrink, so this converges.
  let sum = 1;
  let term = 1;
  for (let j = kk; j < kk + 100_000; j++) {
    term *= ratio(j);
    sum += term;
    if (term < sum * 1e-10) break;
  }
  return Math.min(0, (lnTerm + Math.log(sum)) / LN10);
}

const thresholdMemo = new Map<number, number>();

/**
 * The smallest count k above the mean with P(X ≥ k) ≤ 10^log10P, memoized on a coarse grid of
 * (mean, phi) that is rounded up, so the threshold errs on the side of fewer alerts.
 */
export function countThreshold(mean: number, phi: number, log10P: number): number {
  const qm = Math.ceil(Math.log2(Math.max(mean, 1e-3)) * 8);
  const qphi = Math.min(80, Math.ceil(Math.max(phi, 0) * 20));
  const qp = Math.round(-log10P * 4);
  const key = (qm + 200) * 1_000_000 + qphi * 1000 + qp;
  const hit = thresholdMemo.get(key);
  if (hit !== undefined) return hit;
  const mu = 2 ** (qm / 8);
  const ph = qphi / 20;
  const target = -qp / 4;
  let lo = Math.floor(mu);
  let hi = Math.max(lo + 1, Math.ceil(mu * 2 + 10));
  while (log10UpperTail(hi, mu, ph) > target) hi = hi * 2 + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (log10UpperTail(mid, mu, ph) > target) lo = mid;
    else hi = mid;
  }
  if (thresholdMemo.size > 50_000) thresholdMemo.clear();
  thresholdMemo.set(key, hi);
  return hi;
}

/** Jensen–Shannon divergence (base 2, in 0..1) of two count vectors of equal length. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, n: number): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  if (sp <= 0 || sq <= 0) return 0;
  let js = 0;
  for (let i = 0; i < n; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log2(a / m);
    if (b > 0) js += 0.5 * b * Math.log2(b / m);
  }
  return Math.min(1, Math.max(0, js));
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Score in lo..hi growing with log(ratio) from 1 (at ratio = from) to saturation at ratio = to. */
export function logRamp(ratio: number, from: number, to: number, lo: number, hi: number): number {
  if (!(ratio > 0)) return lo;
  return lo + (hi - lo) * clamp01(Math.log(ratio / from) / Math.log(to / from));
}

/** Value of a 1-bit count in a bitmap of `bits` bits with `zeros` unset bits (linear counting). */
export function linearCount(zeros: number, bits: number): number {
  if (zeros <= 0) return bits * Math.log(bits);
  return bits * Math.log(bits / zeros);
}
