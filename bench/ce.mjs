#!/usr/bin/env node
// Cross entropy (mean over class-index targets) value + gradient over float32 [N, C] logits:
// surprisal's wasm SIMD128 kernel, its float64 TypeScript path, tfjs (cpu and wasm backends), PyTorch
// CPU (1 and 2 threads) and onnxruntime-node CPU (1 and 2 intra-op threads, running bench/ce.onnx, which
// bench/make_ce_onnx.py writes), plus the time to read the logits once (a copy), all in one run.
//
//   npm run build && node bench/ce.mjs                 all shapes
//   node bench/ce.mjs --shapes 65536x10,4096x32000     some shapes
//   node bench/ce.mjs --skip tfjs-cpu,torch,ort        leave peers out
//
// Every (shape, implementation) runs in its own child process so that its peak RSS (maxRSS) is its own.
// Each child warms up (twice for wasm and onnxruntime, and for at least 1 s of calls, so that V8 has tiered
// the wasm up to TurboFan), then times 7 repetitions (up to 15 s; 1 for calls over 5 s; up to 51 or 3 s for
// calls under 50 ms); the median is reported.
// GB/s = N·C·4 bytes of logits / median seconds.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLogits } from './data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};

const logits = benchLogits;

// fn may return a promise (onnxruntime's session.run); it is awaited inside the timed region, and only then.
async function timeIt(fn, warmups) {
  const call = async () => {
    const r = fn();
    if (r instanceof Promise) await r;
  };
  const w0 = performance.now();
  // At least `warmups` calls, and for fast calls at least 1 s of them: V8 compiles wasm with Liftoff first
  // and tiers functions up to TurboFan only after they have run a while (a few 6 ms calls are not enough).
  for (let i = 0; i < warmups || (performance.now() - w0 < 1000 && i < 200); i++) await call();
  // A warm-up over 5 s (tfjs cpu on the large shapes) gets a single timed repetition.
  const reps = performance.now() - w0 > 5000 * warmups ? 1 : 3;
  const times = [];
  const start = performance.now();
  // 7 repetitions (up to 15 s); calls under 50 ms repeat up to 51 times or 3 s, for a steadier median.
  const enough = () =>
    times.length >= reps &&
    (reps === 1 ||
      times.length >= 51 ||
      performance.now() - start >= 15000 ||
      (times.length >= 7 && (Math.max(...times) > 50 || performance.now() - start >= 3000)));
  while (!enough()) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times;
}

async function child(impl, n, c, threads) {
  const { x, y } = logits(n, c);
  let times;
  let check;
  if (impl === 'copy') {
    // Copy the logits once into a preallocated buffer (one read + one write of N·C·4 bytes).
    const dst = new Float32Array(x.length);
    times = await timeIt(() => dst.set(x), 2);
    check = dst[dst.length - 1];
  } else if (impl === 'read') {
    // Read the logits once: a wasm SIMD128 sum over them (in kernel memory), split over `threads` threads.
    const { kernelFloat32Array } = await import('../dist/index.js');
    const { kernelRuntime } = await import('../dist/kernels/runtime.js');
    const kx = kernelFloat32Array(x.length);
    kx.set(x);
    const rt = kernelRuntime();
    const at = rt.heap.addressOf(kx);
    times = await timeIt(() => {
      check = rt.exports.sum_f32(at, kx.length);
    }, 2);
  } else if (impl === 'wasm' || impl === 'js') {
    // Ordinary Float32Arrays: logits copied into kernel memory a block at a time, a fresh gradient per call.
    const { crossEntropyLoss } = await import('../dist/index.js');
    const t = { data: x, shape: [n, c] };
    times = await timeIt(
      () => {
        check = crossEntropyLoss(t, y, { backend: impl, threads }).loss;
      },
      impl === 'wasm' ? 2 : 1,
    );
  } else if (impl === 'kmem') {
    // Logits and gradient in kernel memory (kernelFloat32Array, gradInto): no copy in or out.
    const { crossEntropyLoss, kernelFloat32Array } = await import('../dist/index.js');
    const kx = kernelFloat32Array(x.length);
    kx.set(x);
    const kg = kernelFloat32Array(x.length);
    const t = { data: kx, shape: [n, c] };
    times = await timeIt(() => {
      check = crossEntropyLoss(t, y, { backend: 'wasm', threads, gradInto: kg }).loss;
    }, 2);
  } else if (impl === 'tfjs-cpu' || impl === 'tfjs-wasm') {
    const tf = await import('@tensorflow/tfjs');
    if (impl === 'tfjs-wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend('wasm');
    } else {
      await tf.setBackend('cpu');
    }
    await tf.ready();
    const xt = tf.tensor2d(x, [n, c]);
    const yt = tf.tensor1d(y, 'int32');
    const vg = tf.valueAndGrad((z) => tf.losses.softmaxCrossEntropy(tf.oneHot(yt, c), z));
    times = await timeIt(() => {
      // One-hot labels are built inside (tfjs takes no index targets); results read back to JS.
      const { value, grad } = vg(xt);
      check = value.dataSync()[0];
      grad.dataSync();
      value.dispose();
      grad.dispose();
    }, 1);
    check = `${check} (backend ${tf.getBackend()})`;
  } else if (impl === 'ort1' || impl === 'ort2') {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(join(here, 'ce.onnx'), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    // The same logits; int64 targets (the graph's input type) converted outside the timed region.
    const target = BigInt64Array.from(y, (v) => BigInt(v));
    const feeds = {
      logits: new ort.Tensor('float32', x, [n, c]),
      target: new ort.Tensor('int64', target, [n]),
    };
    // session.run returns both outputs as JS typed arrays (the grad copied out of ORT's buffers).
    times = await timeIt(async () => {
      const out = await session.run(feeds);
      check = out.loss.data[0];
    }, 2);
    check = `${check} (onnxruntime-node ${ort.env.versions.node}, ${threads} intra-op threads)`;
    await session.release();
  } else {
    throw new Error(`unknown implementation ${impl}`);
  }
  const r = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({ impl, n, c, times, maxRssMiB: r.maxRSS / 1024, check: String(check) }),
  );
}

function runChild(cmd, cargs) {
  const r = spawnSync(cmd, cargs, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 600_000 });
  if (r.status !== 0)
    return { error: (r.stderr || r.error?.message || 'failed').trim().split('\n').slice(-3).join(' ') };
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: r.stdout.slice(-300) };
  }
}

async function main() {
  const shapes = opt('--shapes', '4096x32000,65536x10,512x128256')
    .split(',')
    .map((s) => s.split('x').map(Number));
  const skip = new Set(opt('--skip', '').split(','));
  const ortLabel = 'onnxruntime-node 1.30 CPU: log_softmax + NLL + gradient graph (bench/ce.onnx)';
  const impls = [
    ['copy', 'copy logits once (Float32Array.set: one read + one write)', 1],
    ['read', 'read logits once (wasm SIMD128 sum)', 1],
    ['wasm', "surprisal wasm SIMD128, ordinary arrays, fresh gradient (backend: 'wasm')", 1],
    ['wasm', "surprisal wasm SIMD128, ordinary arrays, fresh gradient (backend: 'wasm')", 2],
    ['kmem', 'surprisal wasm SIMD128, logits + gradInto in kernel memory (kernelFloat32Array)', 1],
    ['kmem', 'surprisal wasm SIMD128, logits + gradInto in kernel memory (kernelFloat32Array)', 2],
    ['js', "surprisal TypeScript float64 (backend: 'js')", 1],
    ['tfjs-cpu', 'tfjs 4.22 cpu: valueAndGrad(softmaxCrossEntropy)', 1],
    ['tfjs-wasm', 'tfjs 4.22 wasm (XNNPACK): valueAndGrad(softmaxCrossEntropy)', 1],
    ['torch1', 'PyTorch CPU F.cross_entropy + backward', 1],
    ['torch2', 'PyTorch CPU F.cross_entropy + backward', 2],
    ['ort1', ortLabel, 1],
    ['ort2', ortLabel, 2],
    // --skip torch / --skip ort leave out both thread counts.
  ].filter(([k]) => !skip.has(k) && !skip.has(k.replace(/[12]$/, '')));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  // Which build of the kernels this Node loads ("SIMD128" in the labels below is either build).
  const { kernelRuntime } = await import('../dist/kernels/runtime.js');
  console.log(
    `# node ${process.version}, ${availableParallelism()} cores (${cpu}), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, kernels: ${kernelRuntime()?.variant ?? 'none'} build`,
  );
  const rows = [];
  for (const [n, c] of shapes) {
    const bytes = n * c * 4;
    for (const [key, label, threads] of impls) {
      const res = key.startsWith('torch')
        ? runChild('/usr/bin/python3', [join(here, 'ce_torch.py'), String(n), String(c), String(threads)])
        : runChild(process.execPath, [
            fileURLToPath(import.meta.url),
            '--child',
            key,
            String(n),
            String(c),
            String(threads),
          ]);
      const med = res.times ? res.times[Math.floor(res.times.length / 2)] : Number.NaN;
      res.median = med;
      rows.push({ shape: `[${n}, ${c}]`, key, label, threads, res, bytes });
      console.error(
        `[${n}, ${c}] ${key}: ${res.error ? `ERROR ${res.error}` : `${med.toFixed(2)} ms (min ${res.times[0].toFixed(2)}), ${(bytes / med / 1e6).toFixed(2)} GB/s, maxRSS ${res.maxRssMiB.toFixed(0)} MiB, loss ${res.check}`}`,
      );
    }
  }
  // Markdown table: ratios are a row's time / ours at the same thread count (> 1: ours is faster), against
  // ordinary arrays (wasm) and against arrays in kernel memory (kmem).
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    '\n| shape | implementation | threads | reps | median ms | GB/s of logits | time / ours (arrays) | time / ours (kernel memory) | peak RSS MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const ours = (key) =>
      rows.find((r) => r.shape === row.shape && r.key === key && r.threads === row.threads)?.res.median;
    const ratio = (t) => (t ? (row.res.median / t).toFixed(2) : '');
    const { res } = row;
    if (res.error) {
      console.log(`| ${row.shape} | ${row.label} | ${row.threads} | | failed: ${res.error} | | | | |`);
      continue;
    }
    const gbs = row.bytes / res.median / 1e6;
    console.log(
      `| ${row.shape} | ${row.label} | ${row.threads} | ${res.times.length} | ${res.median.toFixed(1)} | ${gbs.toFixed(2)} | ${ratio(ours('wasm'))} | ${ratio(ours('kmem'))} | ${res.maxRssMiB.toFixed(0)} |`,
    );
  }
}

if (args[0] === '--child') await child(args[1], Number(args[2]), Number(args[3]), Number(args[4]));
else await main();
