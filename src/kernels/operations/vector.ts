/**
 * Measures over long float64 / float32 vectors by the kernels of src/kernels/c/vector.c. The vectors go
 * through kernel memory in blocks of 2¹⁵ elements (copied into reused buffers unless they lie there already:
 * `kernelFloat64Array`), so the memory used stays bounded and each block is read from cache; each block's
 * partial sums (two-lane Neumaier sums) land in a result block of their own, added here in block order
 * (Neumaier), so that the kernels' worker threads (`threads`) can share the blocks and the result is the same
 * for every thread count.
 * @module
 */
import type { KernelTask } from '../pool.js';
import { type Runtime, unsharedRuntime } from '../runtime.js';
import { workersFor } from '../threads.js';

/** A vector the kernels read: float64, or float32 promoted to float64 on load. @internal */
export type FloatVector = Float64Array | Float32Array;

/** Elements per chunk: 256 KiB of float64 per input, so that two inputs and their copies stay in cache. */
const CHUNK = 1 << 15;

/** Doubles of per-chunk results a kernel writes. */
const OUT = 16;

/** A Neumaier sum of the kernels' per-chunk (sum, sum, compensation, compensation) quadruples. */
class ChunkSum {
  private s = 0;
  private c = 0;
  private add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  /** Adds out[at..at+3] (times `scale`): the two lanes' sums, then their compensations. */
  addQuad(out: Float64Array, at: number, scale = 1): void {
    this.add(out[at] * scale);
    this.add(out[at + 1] * scale);
    this.add((out[at + 2] + out[at + 3]) * scale);
  }
  /** Adds one number (the caller's correction, e.g. −1). */
  addNumber(x: number): void {
    this.add(x);
  }
  value(): number {
    return Number.isFinite(this.s) ? this.s + this.c : this.s;
  }
}

/**
 * A kernel call over `len` elements from the given addresses: its export and arguments, with `outAt` the
 * address of its result blocks (one per `block` elements), `yAt` that of its output, if any, and `tmpAt` that of
 * {@link TMP} bytes of scratch of its own.
 */
type ChunkTask = (
  at: number[],
  len: number,
  outAt: number,
  yAt: number,
  block: number,
  tmpAt: number,
) => KernelTask;

/** Bytes of scratch a kernel call gets (vec_pair's PAIR_RUN doubles, vec_pow_lse's POW_TAB_DOUBLES: its tables). */
const TMP = 24576;

/** Blocks a worker takes at most per task (1 MiB of float32, 2 MiB of float64 per input). */
const BATCH = 8;

/**
 * Elements per thread below which a call uses fewer threads: a worker's wake-up and hand-overs cost tens of
 * microseconds, the time of 2¹⁷ elements of a kernel with a log or an exp per element (about 3.6 ns each).
 * @internal
 */
const PER_THREAD = 1 << 17;

/** The same for the kernels of a few arithmetic operations per element (a square root): 2²⁰ (2¹⁸ for inputs
 * already in kernel memory, which need no copies). */
const PER_THREAD_CHEAP = 1 << 20;

/**
 * The same for kernels cheaper than the copy of their input into the workers' shared memory (integer powers,
 * max and count): workers only for inputs already in kernel memory (from 2¹⁸ elements a thread). For other
 * arrays this thread would copy a worker's blocks into shared memory at 0.3–1.2 ns an element (the more while
 * the worker runs), more than the worker saves: renyiEntropy at α = 2 on 10⁷ entries took 9.2–9.6 ms on one
 * thread and 13.4–13.9 ms on two (α = ∞: 9.4 and 13.2). Also logSoftmax's output pass (x − m − r), which
 * would copy in and out.
 */
const PER_THREAD_COPY_BOUND = Number.POSITIVE_INFINITY;

/** Kernel memory for one run of blocks: a copy of each input not there already, the results, the output, scratch. */
interface Staging {
  copyAt: number[];
  copies: (FloatVector | undefined)[];
  outAt: number;
  out: Float64Array;
  yAt: number;
  y: FloatVector | undefined;
  tmpAt: number;
}

/** A run of blocks on a worker: its buffer, first block, block count and task. */
interface Job {
  buf: Staging;
  first: number;
  count: number;
  task: KernelTask;
}

/**
 * Runs `task` over the inputs (all of one length and float type) in blocks of {@link CHUNK} elements, each
 * with its own result block, and hands the result blocks to `read` in block order; `output`, if given,
 * receives what the kernel writes to the output address. The inputs go through kernel memory a block (or a
 * worker's run of blocks) at a time, copied into reused buffers unless they lie there already.
 *
 * With `threads` > 1 the kernels' worker threads share the blocks: this thread copies each worker's next
 * run of blocks in ahead (two buffers per worker) and queues it behind the worker's current run (the pool's
 * second lane), so that the worker goes on to it at once; in between it computes single blocks itself. Runs
 * shrink towards the end, and the runs no worker has started when nothing is left to hand out are taken
 * back and done here, so that all finish together. The result blocks are those
 * of one thread and are added in the same order, so the result is the same for every thread count.
 * @internal
 */
function eachChunk(
  rt: Runtime,
  inputs: FloatVector[],
  task: ChunkTask,
  read: (out: Float64Array) => void,
  output?: FloatVector,
  threads = 1,
  perThread = PER_THREAD,
): void {
  const n = inputs[0].length;
  const block = Math.min(n, CHUNK);
  const blocks = Math.ceil(n / block);
  const inKernel = [...inputs, ...(output ? [output] : [])].some((x) => rt.heap.addressOf(x) !== undefined);
  // Read where they lie (nothing to copy), the kernels of a few operations per element pay for a worker from
  // 2¹⁸ elements a thread: about 0.1 ms of work, against a worker's hand-over of tens of µs.
  const allInKernel = [...inputs, ...(output ? [output] : [])].every(
    (x) => rt.heap.addressOf(x) !== undefined,
  );
  const cheap = perThread === PER_THREAD_CHEAP || perThread === PER_THREAD_COPY_BOUND;
  const minPerThread = cheap && allInKernel ? PER_THREAD_CHEAP >> 2 : perThread;
  const useful = Math.min(threads, blocks, Math.floor(n / minPerThread));
  const workers = useful > 1 ? workersFor(rt, useful) : 0;
  const pool = workers > 0 ? rt.pool : undefined;
  // With nothing in kernel memory, this thread's own blocks are staged in the unshared instance's memory,
  // which V8 copies into four times faster than into the shared memory that the workers' blocks need.
  const own = inKernel ? rt : (unsharedRuntime(rt) ?? rt);
  const kernels = own.exports as unknown as Record<string, (...a: number[]) => void>;
  /** Per worker, its runs queued in the pool (running or next), oldest first. */
  const queue: Job[][] = Array.from({ length: workers }, () => []);
  const scratch = own.heap.scratch();
  const sharedScratch = pool && own !== rt ? rt.heap.scratch() : scratch;
  try {
    const direct = inputs.map((x) => rt.heap.addressOf(x));
    // An output in kernel memory is written where it lies, like an input read there.
    const directY = output ? rt.heap.addressOf(output) : undefined;
    const staged = output !== undefined && directY === undefined;
    const copied = direct.some((p) => p === undefined);
    const takeBuffer = (from: typeof scratch, blocksIn: number) => {
      const len = blocksIn * block;
      return {
        copyAt: direct.map((p, i) => (p === undefined ? from.take(inputs[i].BYTES_PER_ELEMENT * len) : 0)),
        outAt: from.take(8 * OUT * blocksIn),
        yAt: staged ? from.take(output.BYTES_PER_ELEMENT * len) : 0,
        tmpAt: from.take(TMP),
        len,
        blocksIn,
      };
    };
    const takes = [takeBuffer(scratch, 1)];
    for (let w = 0; w < 2 * (pool ? workers : 0); w++) takes.push(takeBuffer(sharedScratch, BATCH));
    // Views after every take (a take may grow a memory): buffer 0 in this thread's memory, the rest shared.
    const bufs: Staging[] = takes.map((t, b) => {
      const mem = (b === 0 ? own : rt).heap.buffer();
      const view = (like: FloatVector, at: number, len: number): FloatVector =>
        like instanceof Float32Array ? new Float32Array(mem, at, len) : new Float64Array(mem, at, len);
      return {
        copyAt: t.copyAt,
        copies: inputs.map((x, i) => (direct[i] === undefined ? view(x, t.copyAt[i], t.len) : undefined)),
        outAt: t.outAt,
        out: new Float64Array(mem, t.outAt, OUT * t.blocksIn),
        yAt: t.yAt,
        y: staged ? view(output, t.yAt, t.len) : undefined,
        tmpAt: t.tmpAt,
      };
    });
    const results = new Float64Array(OUT * blocks);
    /** Copies blocks [first, first + count) into buf (where needed) and returns their task. */
    const prepare = (buf: Staging, first: number, count: number): KernelTask => {
      const i0 = first * block;
      const len = Math.min(count * block, n - i0);
      const at = new Array<number>(inputs.length);
      for (let i = 0; i < inputs.length; i++) {
        const copy = buf.copies[i];
        if (copy) {
          copy.set(inputs[i].subarray(i0, i0 + len));
          at[i] = buf.copyAt[i];
        } else at[i] = (direct[i] as number) + inputs[i].BYTES_PER_ELEMENT * i0;
      }
      const yAt = output && directY !== undefined ? directY + output.BYTES_PER_ELEMENT * i0 : buf.yAt;
      return task(at, len, buf.outAt, yAt, block, buf.tmpAt);
    };
    /** Keeps the result blocks (and output) of blocks [first, first + count) done in buf. */
    const collect = (buf: Staging, first: number, count: number) => {
      results.set(buf.out.subarray(0, OUT * count), OUT * first);
      if (output && buf.y) {
        const i0 = first * block;
        output.set(buf.y.subarray(0, Math.min(count * block, n - i0)), i0);
      }
    };
    const local = (k: KernelTask) => kernels[k.fn](...k.args);
    const shared = rt.exports as unknown as Record<string, (...a: number[]) => void>;
    /** A worker's run (its buffers in shared memory), done on this thread. */
    const here = (k: KernelTask) => shared[k.fn](...k.args);
    let next = 0;
    const runs = new Array<number>(workers).fill(0);
    /** Copies worker w's next run of blocks into its free buffer and queues it (the pool's second lane). */
    const assign = (w: number) => {
      if (next >= blocks) return;
      // Runs grow 1, 2, 4, ... where the blocks are copied in (so that a worker starts after one block's
      // copy; read in place they start at BATCH), and shrink towards the end.
      const ramp = copied ? 1 << runs[w]++ : BATCH;
      const count = Math.max(1, Math.min(BATCH, ramp, Math.floor((blocks - next) / (2 * (workers + 1)))));
      const buf = queue[w][0]?.buf === bufs[1 + 2 * w] ? bufs[2 + 2 * w] : bufs[1 + 2 * w];
      const job = { buf, first: next, count, task: prepare(buf, next, count) };
      next += count;
      queue[w].push(job);
      pool?.post(w, job.task);
    };
    const finish = (job: Job) => collect(job.buf, job.first, job.count);
    if (pool) {
      for (let w = 0; w < workers; w++) {
        assign(w);
        assign(w);
      }
    }
    for (;;) {
      if (pool) {
        for (let w = 0; w < workers; w++) {
          // A finished run: its results, then the next run into the freed buffer (the worker is on the other).
          while (queue[w].length > 0 && pool.done(w)) {
            finish(queue[w].shift() as Job);
            assign(w);
          }
        }
      }
      if (next < blocks) {
        const first = next++;
        local(prepare(bufs[0], first, 1));
        collect(bufs[0], first, 1);
        continue;
      }
      // Nothing left to hand out: runs that a worker has not started yet are done here.
      let took = false;
      for (let w = 0; w < workers; w++) {
        while (queue[w].length > 0 && pool?.withdraw(w)) {
          const job = queue[w].pop() as Job;
          here(job.task);
          finish(job);
          took = true;
        }
      }
      if (took) continue;
      const w = queue.findIndex((q) => q.length > 0);
      if (w < 0 || !pool) break;
      pool.wait(w);
      finish(queue[w].shift() as Job);
    }
    for (let b = 0; b < blocks; b++) read(results.subarray(OUT * b, OUT * (b + 1)));
  } finally {
    // A worker still on a run (this thread threw) must finish before its buffers are released.
    for (let w = 0; w < queue.length; w++) {
      for (let k = rt.pool?.queued(w) ?? 0; k > 0; k--) {
        try {
          rt.pool?.wait(w);
        } catch {
          // the error that brought us here is the one to report
        }
      }
    }
    if (sharedScratch !== scratch) sharedScratch.release();
    scratch.release();
  }
}

const isF32 = (x: FloatVector): number => (x instanceof Float32Array ? 1 : 0);

/** Σp, Σ −p·log p, and whether some p is not a probability (negative, NaN, +Infinity). @internal */
export interface EntropySums {
  sum: number;
  h: number;
  bad: boolean;
}

/** {@link EntropySums} of p by vec_entropy. @internal */
export function vectorEntropy(rt: Runtime, p: FloatVector, threads = 1): EntropySums {
  const f32 = isF32(p);
  const sum = new ChunkSum();
  const h = new ChunkSum();
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o, _y, block) => ({ fn: 'vec_entropy', args: [a, len, f32, o, block] }),
    (out) => {
      sum.addQuad(out, 0);
      h.addQuad(out, 4);
      if (out[8] !== 0) bad = true;
    },
    undefined,
    threads,
  );
  return { sum: sum.value(), h: h.value(), bad };
}

/** The measures of two distributions that {@link vectorPair} sums (vec_pair's `kind`). @internal */
export const PAIR_CROSS = 0;
/** @internal */
export const PAIR_KL = 1;
/** @internal */
export const PAIR_JS = 2;

/**
 * Σp, Σq and Σ of the measure's terms (−p·log q; klTermOfProbs(p, q); klTermOfProbs of p and of q against
 * m = (p + q)/2), with `bad` (an entry is not a probability), `rare` (an entry the float64 path treats
 * apart: a ratio outside the normal range, a subnormal m) and `inf` (a term is +Infinity). @internal
 */
export interface PairSums {
  sumP: number;
  sumQ: number;
  total: number;
  bad: boolean;
  rare: boolean;
  inf: boolean;
}

/** {@link PairSums} of p and q (same length and float type) by vec_pair. @internal */
export function vectorPair(rt: Runtime, p: FloatVector, q: FloatVector, kind: number, threads = 1): PairSums {
  const f32 = isF32(p);
  const sp = new ChunkSum();
  const sq = new ChunkSum();
  const st = new ChunkSum();
  let bad = false;
  let rare = false;
  let inf = false;
  eachChunk(
    rt,
    [p, q],
    ([a, b], len, o, _y, block, tmp) => ({ fn: 'vec_pair', args: [a, b, len, f32, kind, o, block, tmp] }),
    (out) => {
      sp.addQuad(out, 0);
      sq.addQuad(out, 4);
      st.addQuad(out, 8);
      if (out[12] !== 0) bad = true;
      if (out[13] !== 0) rare = true;
      if (out[14] !== 0) inf = true;
    },
    undefined,
    threads,
  );
  return { sumP: sp.value(), sumQ: sq.value(), total: st.value(), bad, rare, inf };
}

/** Σp, max p, the count of p > 0, and `bad` as in {@link EntropySums}. @internal */
export interface ProbStats {
  sum: number;
  max: number;
  count: number;
  bad: boolean;
}

/** {@link ProbStats} of p by vec_prob_stats. @internal */
export function vectorProbStats(rt: Runtime, p: FloatVector, threads = 1): ProbStats {
  const f32 = isF32(p);
  const sum = new ChunkSum();
  let max = 0;
  let count = 0;
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o, _y, block) => ({ fn: 'vec_prob_stats', args: [a, len, f32, o, block] }),
    (out) => {
      sum.addQuad(out, 0);
      if (out[4] > max) max = out[4];
      count += out[5];
      if (out[6] !== 0) bad = true;
    },
    undefined,
    threads,
    PER_THREAD_COPY_BOUND,
  );
  return { sum: sum.value(), max, count, bad };
}

/**
 * log Σ_{p>0} p^α for α > 0 in one pass, with Σp and whether some p is negative: each block's terms relative
 * to its own largest, exp(α·log p − m_b) (its maxima counted), combined at the overall m = α·log pmax as
 * logSumExp's blocks ({@link combineAtMax}): m + log1p(b). `log` is undefined where pmax is not finite and
 * positive (the checks then fail, or the TypeScript path takes a NaN). By vec_pow_lse: for α ≤ 8 each term
 * is 2^(α·e − c)·c_j^α·(1 + z)^α (p = 2ᵉ·m, c_j from m's top 8 bits, |z| ≤ 2⁻⁹) from two tables and a binomial
 * series, 1.4× faster than its log2 and exp2, which orders past 8 keep. @internal
 */
export function vectorLogPowSum(
  rt: Runtime,
  p: FloatVector,
  alpha: number,
  threads = 1,
): { log: number | undefined; sum: number; bad: boolean } {
  const f32 = isF32(p);
  const blocks: Float64Array[] = [];
  const sum = new ChunkSum();
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o, _y, block, tmp) => ({ fn: 'vec_pow_lse', args: [a, len, f32, alpha, o, block, tmp] }),
    (out) => {
      blocks.push(out.slice(0, 6));
      sum.addQuad(out, 6);
      if (out[10] !== 0) bad = true;
    },
    undefined,
    threads,
  );
  const c = combineAtMax(blocks);
  return { log: c && c[0] + Math.log1p(c[1]), sum: sum.value(), bad };
}

/**
 * A kernel's blocks of [0..3] a compensated sum of terms, [4..7] Σp and [8] whether some p is negative,
 * added in block order: vec_int_pow_sum's and vec_expm1_sum's. @internal
 */
function termsAndChecks(
  rt: Runtime,
  p: FloatVector,
  fn: string,
  args: number[],
  threads: number,
  perThread: number,
): { total: number; sum: number; bad: boolean } {
  const f32 = isF32(p);
  const s = new ChunkSum();
  const sum = new ChunkSum();
  let bad = false;
  eachChunk(
    rt,
    [p],
    ([a], len, o, _y, block) => ({ fn, args: [a, len, f32, ...args, o, block] }),
    (out) => {
      s.addQuad(out, 0);
      sum.addQuad(out, 4);
      if (out[8] !== 0) bad = true;
    },
    undefined,
    threads,
    perThread,
  );
  return { total: s.value(), sum: sum.value(), bad };
}

/**
 * Σp, Σ p^α for an integer α ≥ 2 (binary powering) or α = k + ½ (p^k·√p), and `bad` as in
 * {@link EntropySums}, by vec_int_pow_sum. @internal
 */
export function vectorIntPowSum(
  rt: Runtime,
  p: FloatVector,
  alpha: number,
  threads = 1,
): { sum: number; powSum: number; bad: boolean } {
  const k = Math.floor(alpha);
  const half = alpha !== k;
  const t = termsAndChecks(
    rt,
    p,
    'vec_int_pow_sum',
    [k, half ? 1 : 0],
    threads,
    half ? PER_THREAD_CHEAP : PER_THREAD_COPY_BOUND,
  );
  return { sum: t.sum, powSum: t.total, bad: t.bad };
}

/** Σ_{p>0} p·expm1(δ·log p), Σp and whether some p is negative, in one pass by vec_expm1_sum. @internal */
export function vectorExpm1Sum(
  rt: Runtime,
  p: FloatVector,
  delta: number,
  threads = 1,
): { total: number; sum: number; bad: boolean } {
  return termsAndChecks(rt, p, 'vec_expm1_sum', [delta], threads, PER_THREAD);
}

/**
 * The blocks of vec_lse / vec_lse_exp (each [0..3] Σ_{x<m_b} exp(x − m_b), [4] the count of x = m_b, [5] m_b)
 * combined at the overall max m: [m, b, scales] with b = Σ exp(x − m) − 1 (the first maximum left out) and
 * scales[j] = exp(m_j − m) (1 at m, 0 for a block of −Infinity). Blocks at m add exactly, their maxima counted,
 * not summed; those below are scaled (one more rounding per block). Undefined unless m is finite.
 */
function combineAtMax(blocks: Float64Array[]): [number, number, number[]] | undefined {
  let m = Number.NEGATIVE_INFINITY;
  for (const out of blocks) {
    if (Number.isNaN(out[5])) return undefined;
    if (out[5] > m) m = out[5];
  }
  if (!Number.isFinite(m)) return undefined;
  const s = new ChunkSum();
  let maxima = 0;
  const scales = blocks.map((out) => {
    const mb = out[5];
    if (mb === m) {
      s.addQuad(out, 0);
      maxima += out[4];
      return 1;
    }
    if (mb === Number.NEGATIVE_INFINITY) return 0;
    const f = Math.exp(mb - m);
    s.addQuad(out, 0, f);
    s.addNumber(out[4] * f);
    return f;
  });
  s.addNumber(maxima - 1);
  return [m, s.value(), scales];
}

/**
 * [m, b] with m = max x and b = Σ exp(x − m) − 1 (the sum of logSumExpParts' terms, the first maximum left
 * out: logSumExp = m + log1p(b)), in one pass over x by vec_lse (each block's max, then its sum), the blocks
 * combined by {@link combineAtMax}; undefined unless m is finite (a NaN, a +Infinity or all −Infinity: the
 * caller's own path). @internal
 */
export function vectorLogSumExp(rt: Runtime, x: FloatVector, threads = 1): [number, number] | undefined {
  const f32 = isF32(x);
  const blocks: Float64Array[] = [];
  eachChunk(
    rt,
    [x],
    ([a], len, o, _y, block) => ({ fn: 'vec_lse', args: [a, len, f32, o, block] }),
    (out) => blocks.push(out.slice(0, 6)),
    undefined,
    threads,
  );
  const c = combineAtMax(blocks);
  return c && [c[0], c[1]];
}

/**
 * softmax of a float64 x into out (a float64 array apart from x) in one pass over x by vec_lse_exp, which
 * writes out = exp(x − m_b) with m_b each block's max, and sums them; then out is scaled block by block:
 * out / S where m_b is the overall max m (exp(x − m)/S, as the two-pass path), out·exp(m_b − m) / S below it
 * (one more rounding), and 0 for a block of −Infinity, with S = 1 + b of {@link combineAtMax}.
 * False (out then holds garbage) unless m is finite. @internal
 */
export function vectorSoftmaxOnePass(rt: Runtime, x: Float64Array, out: Float64Array, threads = 1): boolean {
  const blocks: Float64Array[] = [];
  eachChunk(
    rt,
    [x],
    ([a], len, o, y, block) => ({ fn: 'vec_lse_exp', args: [a, len, o, block, y] }),
    (res) => blocks.push(res.slice(0, 6)),
    out,
    threads,
  );
  const c = combineAtMax(blocks);
  if (!c) return false;
  const [, b, scale] = c;
  const s = 1 + b;
  const block = Math.min(x.length, CHUNK);
  for (let j = 0; j < blocks.length; j++) {
    const i0 = j * block;
    const i1 = Math.min(x.length, i0 + block);
    const f = scale[j];
    if (f === 0) out.fill(0, i0, i1);
    else if (f === 1) for (let i = i0; i < i1; i++) out[i] /= s;
    else for (let i = i0; i < i1; i++) out[i] = (out[i] * f) / s;
  }
  return true;
}

/**
 * The output pass of softmax or logSoftmax over x into out (of x's float type): exp(x − m)/c by vec_softmax,
 * or (`log`) x − m − c by vec_log_softmax, a few operations per element. @internal
 */
export function vectorNormalizeInto(
  rt: Runtime,
  log: boolean,
  x: FloatVector,
  m: number,
  c: number,
  out: FloatVector,
  threads = 1,
): void {
  const f32 = isF32(x);
  const fn = log ? 'vec_log_softmax' : 'vec_softmax';
  eachChunk(
    rt,
    [x],
    ([a], len, _o, y) => ({ fn, args: [a, len, f32, m, c, y] }),
    () => {},
    out,
    threads,
    log ? PER_THREAD_COPY_BOUND : PER_THREAD,
  );
}
