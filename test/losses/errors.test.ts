/** Bad input to the losses throws a SurprisalError naming the position and the value. */
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropyLoss,
  gaussianNllLoss,
  klDivLoss,
  nllLoss,
  poissonNllLoss,
} from '../../src/index.js';
import { thrown } from '../helpers/errors.js';

const x = { data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] };

describe('loss input errors', () => {
  it('a class index outside [0, C) is OUT_OF_RANGE with its position and value', () => {
    const e = thrown(() => crossEntropyLoss(x, [0, 3]));
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.index).toBe(1);
    expect(e.value).toBe(3);
    expect(e.message).toContain('target[1] = 3');
    expect(thrown(() => nllLoss(x, [-1, 0])).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => crossEntropyLoss(x, [0.5, 1])).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => crossEntropyLoss(x, [0, Number.NaN])).code).toBe('NAN');
    // a non-default ignore index is skipped rather than rejected
    expect(crossEntropyLoss(x, [0, 7], { ignoreIndex: 7 }).loss).toBeCloseTo(2.4076059644443806, 12);
  });

  it('targets, weights and shapes that do not fit are SHAPE_MISMATCH', () => {
    expect(thrown(() => crossEntropyLoss(x, [0, 1, 2])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => crossEntropyLoss(x, [0, 1], { weight: [1, 2] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => crossEntropyLoss({ data: [1, 2, 3], shape: [2, 2] }, [0, 1])).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(thrown(() => binaryCrossEntropyWithLogits([1, 2], [1])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => binaryCrossEntropyWithLogits(x, x, { posWeight: [1, 2] })).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(thrown(() => klDivLoss(x, { data: [0.5, 0.5], shape: [1, 2] })).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => gaussianNllLoss(x, x, { data: [1, 1, 1, 1], shape: [4] })).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(thrown(() => crossEntropyLoss(x, [0, 1], { reduction: 'none', gradOutput: [1] })).code).toBe(
      'SHAPE_MISMATCH',
    );
  });

  it('negative or NaN probability targets are rejected', () => {
    const e = thrown(() => crossEntropyLoss(x, { data: [0.5, 0.5, 0, 1, -0.1, 0.1], shape: [2, 3] }));
    expect(e.code).toBe('NEGATIVE_PROBABILITY');
    expect(e.index).toBe(4);
    expect(
      thrown(() => crossEntropyLoss(x, { data: [0.5, 0.5, 0, 1, Number.NaN, 0], shape: [2, 3] })).code,
    ).toBe('NAN');
    expect(thrown(() => klDivLoss([[-1, -1]], [[-0.5, 1.5]])).code).toBe('NEGATIVE_PROBABILITY');
  });

  it('binaryCrossEntropy input or target outside [0, 1] is OUT_OF_RANGE', () => {
    const e = thrown(() => binaryCrossEntropy([0.5, 1.2], [1, 0]));
    expect(e.code).toBe('OUT_OF_RANGE');
    expect(e.argument).toBe('input');
    expect(e.index).toBe(1);
    expect(thrown(() => binaryCrossEntropy([0.5, 0.2], [1, 2])).argument).toBe('target');
  });

  it('negative variances and negative Poisson counts are OUT_OF_RANGE', () => {
    expect(thrown(() => gaussianNllLoss([0, 1], [0, 1], [1, -1])).code).toBe('OUT_OF_RANGE');
    expect(thrown(() => poissonNllLoss([0, 1], [1, -2])).code).toBe('OUT_OF_RANGE');
  });

  it('bad options are INVALID_OPTION', () => {
    expect(thrown(() => crossEntropyLoss(x, [0, 1], { reduction: 'avg' as 'mean' })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => crossEntropyLoss(x, [0, 1], { labelSmoothing: 1.5 })).code).toBe('INVALID_OPTION');
    expect(thrown(() => crossEntropyLoss(x, [0, 1], { emptyMean: 'one' as 'nan' })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => klDivLoss(x, x, { reduction: 'batch' as 'batchmean' })).code).toBe('INVALID_OPTION');
  });

  it('each shared opening reports the first bad argument: options, input, reduction, then the target', () => {
    const elementwise = [
      (i: unknown, t: unknown, o?: object) => binaryCrossEntropy(i as number[], t as number[], o),
      (i: unknown, t: unknown, o?: object) => binaryCrossEntropyWithLogits(i as number[], t as number[], o),
      (i: unknown, t: unknown, o?: object) => gaussianNllLoss(i as number[], t as number[], 1, o),
      (i: unknown, t: unknown, o?: object) => poissonNllLoss(i as number[], t as number[], o),
      (i: unknown, t: unknown, o?: object) => klDivLoss(i as number[], t as number[], o),
    ];
    for (const f of elementwise) {
      expect(thrown(() => f('x', 'y', { bad: 1 })).argument).toBe('bad');
      expect(thrown(() => f('x', 'y', { reduction: 'avg' })).argument).toBe('input');
      expect(thrown(() => f([0.5], 'y', { reduction: 'avg' })).argument).toBe('reduction');
      // Sizes 2 and 3 neither match nor broadcast (a target [0.5, 0.5] against [0.5] broadcasts in kl_div,
      // poisson_nll_loss and gaussian_nll_loss, as PyTorch).
      expect(thrown(() => f([0.5, 0.5], [0.5, 0.5, 0.5])).argument).toBe('target');
      expect(f([0.5], [0.5], { reduction: 'sum', grad: false }).grad).toBeUndefined();
    }
    // binaryCrossEntropy checks the input's range before it reads the target.
    expect(thrown(() => binaryCrossEntropy([2], 'y' as never)).argument).toBe('input');
    for (const f of [crossEntropyLoss, nllLoss]) {
      expect(thrown(() => f('x' as never, [0], { bad: 1 } as never)).argument).toBe('bad');
      expect(thrown(() => f('x' as never, [0], { reduction: 'avg' as 'mean' })).argument).toBe('input');
      expect(thrown(() => f(x, [0, 1], { reduction: 'avg' as 'mean', weight: [1] })).argument).toBe(
        'reduction',
      );
      expect(thrown(() => f(x, [0, 1], { weight: [1] })).argument).toBe('weight');
      expect(thrown(() => f(x, [0, 1], { ignoreIndex: 0.5, emptyMean: 'one' as 'nan' })).argument).toBe(
        'ignoreIndex',
      );
      expect(thrown(() => f(x, [0, 9])).argument).toBe('target');
    }
  });

  it('an empty batch is EMPTY', () => {
    expect(thrown(() => crossEntropyLoss({ data: new Float32Array(0), shape: [0, 3] }, [])).code).toBe(
      'EMPTY',
    );
  });
});
