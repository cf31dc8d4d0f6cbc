/**
 * The purchase process all three transaction models share: while alive, a customer buys at
 * Poisson rate λ, and after x repeat purchases in T time units λ ~ Gamma(r + x, α + T). The
 * waiting time to the next purchase is then Lomax: P(no purchase for u) = ((α+T)/(α+T+u))^{r+x}.
 */

/** P(no purchase in (T, T + u] | alive throughout). */
export function quietWhileAlive(r: number, alpha: number, x: number, T: number, u: number): number {
  return Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + u)));
}

/**
 * P(no purchase in (T, T + t]) from P(alive at T): the dead buy nothing, the living stay quiet
 * with `quietWhileAlive` (drop-out inside the window ignored: an upper bound for Pareto/NBD).
 */
export function noPurchaseFrom(
  pAlive: number,
  r: number,
  alpha: number,
  x: number,
  T: number,
  t: number,
): number {
  return 1 - pAlive + pAlive * quietWhileAlive(r, alpha, x, T, t);
}

/** Median wait to the next purchase as seen at time `at` (use t_x: "as of the last order"). */
export function medianWait(r: number, alpha: number, x: number, at: number): number {
  return (alpha + at) * Math.expm1(Math.LN2 / (r + x));
}
