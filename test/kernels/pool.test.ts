/**
 * The worker pool's queue (src/kernels/pool.ts): each worker serves two lanes in turn, so that a caller may
 * queue its next task while it runs the current one. Tasks run in the order posted, `done` / `wait` answer
 * for the oldest, `withdraw` takes back the newest one not yet started (which the caller then runs itself),
 * and `begin` / `join` work between them. Every task here is vec_prob_stats over its own block of kernel
 * memory, whose result block is checked against the same kernel run on this thread.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type KernelTask, threadsSupported } from '../../src/kernels/pool.js';
import { kernelRuntime, type Runtime } from '../../src/kernels/runtime.js';
import { stopKernelThreads, workersFor } from '../../src/kernels/threads.js';
import { uniform } from '../helpers/random.js';

afterAll(() => stopKernelThreads());

const LEN = 1 << 15;
const OUT = 16;

/** Blocks of probabilities in kernel memory, with a result block each, and their tasks. */
function setup(rt: Runtime, blocks: number) {
  const pAt = rt.heap.alloc(8 * LEN * blocks);
  const outAt = rt.heap.alloc(8 * OUT * blocks);
  const r = uniform(blocks);
  const p = new Float64Array(rt.heap.buffer(), pAt, LEN * blocks);
  for (let i = 0; i < p.length; i++) p[i] = r() / LEN;
  const task = (b: number): KernelTask => ({
    fn: 'vec_prob_stats',
    args: [pAt + 8 * LEN * b, LEN, 0, outAt + 8 * OUT * b, LEN],
  });
  const results = () => new Float64Array(rt.heap.buffer(), outAt, OUT * blocks).slice();
  const clear = () => new Float64Array(rt.heap.buffer(), outAt, OUT * blocks).fill(Number.NaN);
  const local = (t: KernelTask) =>
    (rt.exports as unknown as Record<string, (...a: number[]) => void>)[t.fn](...t.args);
  const release = () => {
    rt.heap.release(outAt);
    rt.heap.release(pAt);
  };
  return { task, results, clear, local, release };
}

describe('kernel pool: two lanes per worker', () => {
  const rt = kernelRuntime();
  const ok = rt !== undefined && threadsSupported() && workersFor(rt, 3) === 2;

  it('starts two workers here', () => {
    expect(ok).toBe(true);
  });

  it('runs queued tasks in order; done and wait answer for the oldest; a third is refused', () => {
    if (!rt?.pool) throw new Error('no pool');
    const pool = rt.pool;
    const s = setup(rt, 6);
    try {
      s.clear();
      for (let b = 0; b < 6; b++) s.local(s.task(b));
      const want = s.results();
      s.clear();
      pool.post(0, s.task(0));
      pool.post(0, s.task(1));
      expect(pool.queued(0)).toBe(2);
      expect(() => pool.post(0, s.task(2))).toThrow(/slot not free/);
      expect(() => pool.begin([s.task(2)])).toThrow(/pending/);
      pool.post(1, s.task(2));
      pool.wait(0);
      expect(pool.queued(0)).toBe(1);
      pool.wait(0);
      pool.wait(1);
      expect(pool.done(0)).toBe(true); // nothing pending
      expect(pool.queued(0) + pool.queued(1)).toBe(0);
      // begin / join after posted tasks: the lanes stay in step.
      pool.begin([s.task(3), s.task(4)]);
      expect(() => pool.post(0, s.task(5))).toThrow(/slot not free/);
      pool.join();
      pool.post(1, s.task(5));
      while (!pool.done(1));
      expect(Array.from(s.results())).toEqual(Array.from(want));
    } finally {
      s.release();
    }
  });

  it('withdraw takes back the newest task not started, which then runs here; the worker serves that lane next', () => {
    if (!rt?.pool) throw new Error('no pool');
    const pool = rt.pool;
    const s = setup(rt, 40);
    try {
      s.clear();
      for (let b = 0; b < 40; b++) s.local(s.task(b));
      const want = s.results();
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 10, maxLength: 60 }), (ops) => {
          s.clear();
          const queue: number[][] = [[], []];
          let next = 0;
          for (const op of ops) {
            const w = op & 1;
            if (op < 2 && next < 40 && pool.queued(w) < 2) {
              queue[w].push(next);
              pool.post(w, s.task(next++));
            } else if (op < 4) {
              if (pool.withdraw(w)) s.local(s.task(queue[w].pop() as number));
            } else if (pool.done(w)) {
              // done pops the oldest only when one was pending
              if (queue[w].length > pool.queued(w)) queue[w].shift();
            }
          }
          for (const w of [0, 1]) {
            while (pool.queued(w) > 0) {
              pool.wait(w);
              queue[w].shift();
            }
          }
          for (; next < 40; next++) s.local(s.task(next));
          const got = s.results();
          return got.every((v, i) => Object.is(v, want[i]));
        }),
        { numRuns: 40 },
      );
    } finally {
      s.release();
    }
  });

  it('join(withdraw) takes back a task no worker started, and the pool goes on working', () => {
    if (!rt?.pool) throw new Error('no pool');
    const pool = rt.pool;
    const s = setup(rt, 4);
    try {
      s.clear();
      for (let b = 0; b < 4; b++) s.local(s.task(b));
      const want = s.results();
      for (let k = 0; k < 20; k++) {
        s.clear();
        pool.begin([s.task(0), s.task(1)]);
        s.local(s.task(2));
        pool.join(true);
        // a withdrawn task did not run: do it here (vec_prob_stats writes every entry of its block)
        const r = s.results();
        for (const b of [0, 1]) if (Number.isNaN(r[OUT * b])) s.local(s.task(b));
        pool.post(0, s.task(3));
        pool.wait(0);
        expect(Array.from(s.results())).toEqual(Array.from(want));
      }
    } finally {
      s.release();
    }
  });
});
