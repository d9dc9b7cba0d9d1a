/** loo and friends on hostile input: SurprisalErrors with code and argument, never NaN where loo says NA. */
import { describe, expect, it } from 'vitest';
import { loo, looCompare, modelWeights, waic } from '../../src/index.js';
import { thrown } from '../helpers/errors.js';

const ll = { data: Float64Array.from({ length: 200 }, (_, k) => -1 - ((k * 37) % 11) / 10), shape: [50, 4] };

describe('loo on hostile input', () => {
  it('refuses non-finite log-likelihoods, wrong shapes, one observation and bad options', () => {
    const bad = Float64Array.from(ll.data);
    bad[7] = Number.NEGATIVE_INFINITY;
    const e = thrown(() => loo({ data: bad, shape: [50, 4] }));
    expect([e.code, e.index]).toEqual(['NOT_FINITE', 7]);
    expect(thrown(() => loo({ data: ll.data, shape: [200] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => loo({ data: ll.data.slice(0, 50), shape: [50, 1] })).code).toBe('EMPTY');
    expect(thrown(() => loo(ll, { rEff: 0 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => loo(ll, { rEff: [1, 1] })).code).toBe('INVALID_OPTION');
    expect(thrown(() => loo(ll, { r_eff: 1 } as never)).argument).toBe('r_eff');
    expect(thrown(() => loo(ll, { chainIds: [1, 2] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => waic(null as never)).code).toBe('SHAPE_MISMATCH');
  });
  it('an empty k̂ category has minNEff null (loo: NA), not NaN', () => {
    const r = loo(ll);
    for (const row of r.diagnostics.khatTable) {
      if (row.count === 0) expect(row.minNEff).toBeNull();
      else expect(row.minNEff).toBeGreaterThan(0);
    }
  });
  it('looCompare and modelWeights refuse anything but loo results with finite elpds', () => {
    const a = loo(ll);
    const broken = { ...a, estimates: { ...a.estimates, elpdLoo: [1.5] } };
    expect(thrown(() => modelWeights({ a, b: broken as never }, { method: 'pseudo-bma' })).argument).toBe(
      'b',
    );
    expect(thrown(() => looCompare({ a })).code).toBe('EMPTY');
    expect(thrown(() => looCompare({ a, b: waic(ll) })).code).toBe('INVALID_OPTION');
    expect(thrown(() => modelWeights({ a, b: a }, { method: 'bma' as never })).code).toBe('INVALID_OPTION');
  });
  it('modelWeights checks its seed under its own name (it went to createRng, whose name the message carried)', () => {
    const a = loo(ll);
    const e = thrown(() => modelWeights({ a, b: a }, { method: 'pseudo-bma+', seed: 1.5 }));
    expect([e.code, e.argument]).toEqual(['INVALID_OPTION', 'seed']);
    expect(e.message).toMatch(/^modelWeights: seed/);
    expect(modelWeights({ a, b: a }, { method: 'pseudo-bma+', seed: 5n, resamples: 10 })).toEqual(
      modelWeights({ a, b: a }, { method: 'pseudo-bma+', seed: 5, resamples: 10 }),
    );
  });
});
