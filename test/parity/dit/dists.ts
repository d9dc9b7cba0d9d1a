/**
 * dit's example distributions as joint tables (one axis per variable), for the ports of dit's tests
 * (github.com/dit/dit, tests/ at commit f6dca796).
 */

/** A joint table from dit-style outcomes ('011' = X₀ = 0, X₁ = 1, X₂ = 1) and their probabilities. */
export function table(
  outcomes: readonly string[],
  pmf: readonly number[],
  alphabet?: number,
): { data: number[]; shape: number[] } {
  const n = outcomes[0].length;
  const shape = new Array<number>(n).fill(alphabet ?? 0);
  if (alphabet === undefined) {
    for (const o of outcomes) for (let j = 0; j < n; j++) shape[j] = Math.max(shape[j], Number(o[j]) + 1);
  }
  const data = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  outcomes.forEach((o, i) => {
    let flat = 0;
    for (let j = 0; j < n; j++) flat = flat * shape[j] + Number(o[j]);
    data[flat] += pmf[i];
  });
  return { data, shape };
}

/** dit.example_dists.n_mod_m(n, m): words of n letters from {0..m−1} whose sum is 0 mod m, uniformly. */
export function nModM(n: number, m: number): { data: number[]; shape: number[] } {
  const outcomes: string[] = [];
  const size = m ** (n - 1);
  for (let w = 0; w < size; w++) {
    const digits: number[] = [];
    let r = w;
    for (let j = 0; j < n - 1; j++) {
      digits.unshift(r % m);
      r = Math.floor(r / m);
    }
    const last = digits.reduce((a, b) => a + b, 0) % m;
    outcomes.push([...digits, last].join(''));
  }
  return table(outcomes, new Array(size).fill(1 / size), m);
}

/** The "giant bit" of dit's docs and tests: n copies of one fair bit. */
export function giantBit(n: number): { data: number[]; shape: number[] } {
  return table(['0'.repeat(n), '1'.repeat(n)], [0.5, 0.5]);
}

/** dit.example_dists.Xor(): X₂ = X₀ xor X₁ with fair independent X₀, X₁. */
export const xor = table(['000', '011', '101', '110'], [0.25, 0.25, 0.25, 0.25]);
