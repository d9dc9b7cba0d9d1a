/**
 * The k-th neighbour distance of every point with ties handled once for all the kNN estimators (entropy,
 * mutual information, KL divergence).
 * @module
 */
import type { Groups } from './points.js';
import type { KdTree, Neighbours } from './queries.js';

/**
 * The k-th neighbour distance of every point, with ties handled as the kNN estimators document: a
 * point with z ≥ k exact duplicates uses kᵢ = z + 1, its first neighbour at a positive distance; when every
 * point of the set is identical, kᵢ = z = n − 1 and the radius is 0 (`zero` is true). Computed once per group
 * of identical points (`groups` from `identicalRows`): `visit(g, i, kᵢ, radius, zero, nb)` gets the group, its
 * first point i and i's kᵢ nearest neighbours `nb` (valid during the call only). @internal
 */
export function forEachNeighbourhood(
  groups: Groups,
  tree: KdTree,
  k: number,
  visit: (g: number, i: number, ki: number, radius: number, zero: boolean, nb: Neighbours) => void,
): void {
  const n = tree.size;
  const scratch: Neighbours = { distances: new Float64Array(k), indices: new Int32Array(k) };
  for (let g = 0; g < groups.count; g++) {
    const i = groups.first[g];
    const c = groups.size[g];
    if (c - 1 < k) {
      const nb = tree.nearest(i, k, scratch);
      visit(g, i, k, nb.distances[k - 1], false, nb);
    } else if (c < n) {
      const nb = tree.nearest(i, c);
      visit(g, i, c, nb.distances[c - 1], false, nb);
    } else {
      visit(g, i, n - 1, 0, true, tree.nearest(i, n - 1));
    }
  }
}
