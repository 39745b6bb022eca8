/** log10 P(X ≥ k) for X ~ Poisson(lambda), accurate far into the tail (no 1 − cdf cancellation). */
export function log10PoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  // log of the first tail term, then the ratio series Σ_{j≥k} λ^(j−k) k!/j!, which converges quickly past the mean
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let sum = 0;
  let ratio = 1;
  for (let j = k; j < k + 200 && ratio > 1e-12 * sum; j++) {
    sum += ratio;
    ratio *= lambda / (j + 1);
  }
  logTerm += Math.log(sum);
  return Math.min(0, logTerm / Math.LN10);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
