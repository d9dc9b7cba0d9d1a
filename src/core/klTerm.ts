/**
 * One term of the generalised KL divergence, p·log(p/q) − p + q (`scipy.special.kl_div`), given both the
 * probabilities and their natural logs. The term is ≥ 0 for every p, q ≥ 0 and 0 only when p = q, so a sum
 * of terms can never come out negative by rounding; over two distributions that both sum to 1 the −p + q
 * parts cancel and the sum is D(p‖q).
 *
 * Written as p·(expm1(−d) + d) with d = log p − log q, which keeps the sign exact near p = q.
 * @internal
 */
export function klTerm(p: number, lp: number, q: number, lq: number): number {
  if (p === 0) return q;
  // Test the log, not q: a product of marginals can underflow to 0 while its log is finite.
  if (lq === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  const d = lp - lq;
  // expm1(−d) overflows for d < −709 although p·expm1(−d) ≈ q is finite.
  const t = d > -700 ? p * (Math.expm1(-d) + d) : q - p + p * d;
  return Math.max(t, 0);
}

/**
 * {@link klTerm} of two probabilities given without their logs: d = log(p/q) is one rounded log of a rounded
 * ratio (as accurate as log p − log q, and more so near p = q, where that difference cancels), falling back to
 * log p − log q where p/q leaves the normal range. Away from p = q (|d| > 1/2) the term is q − p + p·d
 * directly: no expm1, and its cancellation loses at most a few ulps there (the term is ≥ 0.1·p).
 * @internal
 */
export function klTermOfProbs(p: number, q: number): number {
  if (p === 0) return q;
  if (q === 0) return Number.POSITIVE_INFINITY;
  const r = p / q;
  const d =
    r >= 2.2250738585072014e-308 && r < Number.POSITIVE_INFINITY ? Math.log(r) : Math.log(p) - Math.log(q);
  // Computed before the test, so that the far case is a select (about 20% faster on mixed data than a branch).
  const far = q - p + p * d;
  const t = Math.abs(d) > 0.5 ? far : p * (Math.expm1(-d) + d);
  return Math.max(t, 0);
}
