// klDivLoss value + gradient ('batchmean') on float32 [N, V]: the float64 TypeScript path (backend: 'js')
// against the WebAssembly SIMD128 kernel (the default for Float32Array input and target), for probability
// and log-probability targets; each case in its own process (no garbage from another case), medians of 7
// after warm-up. Run: npm run build && node bench/kl_div.mjs [512x32000]
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { klDivLoss } from '../dist/index.js';
import { xorshift32 } from './data.mjs';

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const shape = process.argv[2] ?? '512x32000';
const [n, v] = shape.split('x').map(Number);
if (process.argv[3] !== '--case') {
  console.log(`# ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, [${n}, ${v}]`);
  console.log('| target | backend | median ms | GB/s (input + target) | loss |');
  console.log('|---|---|---|---|---|');
  for (const target of ['probabilities', 'log-probabilities']) {
    for (const backend of ['js', 'wasm']) {
      const r = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), shape, '--case', target, backend],
        {
          encoding: 'utf8',
        },
      );
      process.stdout.write(
        r.stdout || `| ${target} | ${backend} | failed: ${r.stderr.split('\n')[0]} | | |\n`,
      );
    }
  }
  process.exit(0);
}
const rand = xorshift32(7);
const x = new Float32Array(n * v);
const p = new Float32Array(n * v);
const lp = new Float32Array(n * v);
for (let i = 0; i < n; i++) {
  let sx = 0;
  let sp = 0;
  for (let j = 0; j < v; j++) {
    x[i * v + j] = Math.exp(4 * rand());
    p[i * v + j] = Math.exp(4 * rand());
    sx += x[i * v + j];
    sp += p[i * v + j];
  }
  for (let j = 0; j < v; j++) {
    x[i * v + j] = Math.log(x[i * v + j] / sx);
    p[i * v + j] /= sp;
    lp[i * v + j] = Math.log(p[i * v + j]);
  }
}
{
  const name = process.argv[4];
  const logTarget = name === 'log-probabilities';
  const t = logTarget ? lp : p;
  {
    const backend = process.argv[5];
    const call = () =>
      klDivLoss(
        { data: x, shape: [n, v] },
        { data: t, shape: [n, v] },
        { reduction: 'batchmean', logTarget, backend },
      );
    let loss = call().loss;
    call();
    const ts = [];
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      loss = call().loss;
      ts.push(performance.now() - t0);
    }
    const ms = median(ts);
    console.log(
      `| ${name} | ${backend} | ${ms.toFixed(1)} | ${((8 * n * v) / ms / 1e6).toFixed(2)} | ${loss} |`,
    );
  }
}
