#!/usr/bin/env node
// linearCrossEntropyLoss (value + gradients for hidden, weight and bias, mean over N) against PyTorch CPU
// computing F.cross_entropy(hidden @ weight.T + bias) + backward in float32 with the [N, V] logits
// materialised. Each implementation in its own process (peak RSS its own); medians.
//
//   npm run build && node bench/linear_ce.mjs [N H V]      default 256 512 32000
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { xorshift32 } from './data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [n, h, v] = (process.argv[2] === '--child' ? process.argv.slice(4, 7) : process.argv.slice(2, 5)).map(
  Number,
);
const N = n || 256;
const Hd = h || 512;
const V = v || 32000;

async function child(impl, threads) {
  const { linearCrossEntropyLoss } = await import('../dist/index.js');
  const r = xorshift32(1);
  const hid = Float32Array.from({ length: N * Hd }, () => r() * 2 - 1);
  const w = Float32Array.from({ length: V * Hd }, () => (r() * 2 - 1) / Math.sqrt(Hd));
  const b = Float32Array.from({ length: V }, () => r() - 0.5);
  const y = Array.from({ length: N }, (_, i) => (i * 7919) % V);
  const call = () =>
    linearCrossEntropyLoss({ data: hid, shape: [N, Hd] }, { data: w, shape: [V, Hd] }, y, {
      bias: b,
      backend: impl,
      threads,
    }).loss;
  let check = call();
  const times = [];
  const start = performance.now();
  while (times.length < 3 || (times.length < 7 && performance.now() - start < 20000)) {
    const t0 = performance.now();
    check = call();
    times.push(performance.now() - t0);
  }
  times.sort((p, q) => p - q);
  process.stdout.write(
    JSON.stringify({ times, maxRssMiB: process.resourceUsage().maxRSS / 1024, check: String(check) }),
  );
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 900_000 });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ') };
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[7] ?? 1));
} else {
  const flops = 4 * 2 * N * Hd * V; // two logit passes and two gradient GEMMs
  console.log(
    `# node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model}), N ${N}, H ${Hd}, V ${V}`,
  );
  console.log(
    '| implementation | threads | median ms | GFLOP/s (4·2·N·H·V) | time / ours | peak RSS MiB | loss |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const ours = (threads) => [
    'surprisal wasm (blocks, never [N, V])',
    threads,
    () => run(process.execPath, [fileURLToPath(import.meta.url), '--child', 'wasm', N, Hd, V, threads]),
  ];
  const rows = [
    ours(1),
    ours(2),
    [
      'PyTorch CPU float32 (materialises [N, V])',
      1,
      () => run('/usr/bin/python3', [join(here, 'linear_ce_torch.py'), N, Hd, V, 1]),
    ],
    [
      'PyTorch CPU float32 (materialises [N, V])',
      2,
      () => run('/usr/bin/python3', [join(here, 'linear_ce_torch.py'), N, Hd, V, 2]),
    ],
  ];
  let base;
  for (const [label, threads, f] of rows) {
    const res = f();
    if (res.error) {
      console.log(`| ${label} | ${threads} | failed: ${res.error} | | | | |`);
      continue;
    }
    const med = res.times[Math.floor(res.times.length / 2)];
    base ??= med;
    console.log(
      `| ${label} | ${threads} | ${med.toFixed(0)} | ${(flops / med / 1e6).toFixed(2)} | ${(med / base).toFixed(2)} | ${res.maxRssMiB.toFixed(0)} | ${res.check} |`,
    );
  }
}
