/**
 * Helpers of the CLI tests: spawning the built command, writing .npy files, and the fixture files the tests
 * and the `--help` examples read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Normal, ndtri } from '../../src/index.js';

/** The built command (npm test builds first: `pretest`). */
export const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/main.js ...args` in `cwd`, with `input` on stdin; stderr is a pipe (no spinner). */
export function surprisal(args: string[], options: { cwd?: string; input?: string | Buffer } = {}): Run {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A run of {@link surprisalAsync}: `timedOut` when it was killed for running past its time. */
export interface AsyncRun extends Run {
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
}

/**
 * Runs the command without blocking (so that a few can run side by side), in its own process group, killed
 * with the whole group (workers included) after `timeoutMs`.
 */
export function surprisalAsync(
  args: string[],
  options: { cwd?: string; input?: string | Buffer; timeoutMs?: number } = {},
): Promise<AsyncRun> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 20000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
    // A command that does not read its input closes the pipe: that is not an error of the test.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `jobs` with at most `limit` of them at a time; the results in the order of the jobs. */
export async function pool<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs a shell line (a help example) with `surprisal` standing for the built command. */
export function shell(line: string, cwd: string): Run {
  const cmd = line.replace(/(^|\|\s*)surprisal /g, `$1"${process.execPath}" "${MAIN}" `);
  const r = spawnSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * An .npy file (format 1.0, or 2.0 with a 4-byte header length) holding a typed array: the header dict padded
 * with spaces so that the data starts at a multiple of 64 bytes, as NumPy writes it.
 */
export function npy(
  data: Float32Array | Float64Array | Int32Array | BigInt64Array,
  shape: number[],
  options: { descr?: string; fortran?: boolean; version?: 1 | 2 } = {},
): Buffer {
  const descr =
    options.descr ??
    (data instanceof Float32Array
      ? '<f4'
      : data instanceof Float64Array
        ? '<f8'
        : data instanceof Int32Array
          ? '<i4'
          : '<i8');
  const version = options.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  header += ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64);
  header += '\n';
  const head = Buffer.alloc(pre);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = version;
  head[7] = 0;
  if (version === 1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  return Buffer.concat([
    head,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

/** The logits of the fixtures: 4 positions over a vocabulary of 3, and a second model's. */
export const LOGITS = Float32Array.of(2, 0, -1, 0, 1, 0, 1, 1, 1, 3, -1, 0.5);
export const OTHER = Float32Array.of(2, 0.5, -1, 0.2, 1, 0.1, 1, 1, 1.6, 3, -1, 0.5);
export const TARGETS = [0, 2, 1, 0];

/** S = 1000 log ratios of target N(1, 1) to proposal N(0, 1) at the normal quantiles: log w = z − 1/2. */
export const LOG_RATIOS = Array.from({ length: 1000 }, (_, i) => {
  const z = ndtri((i + 0.5) / 1000);
  return -0.5 * (z - 1) ** 2 + 0.5 * z * z;
});

/** Writes every fixture into a fresh temporary folder and returns it. */
export function writeFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'surprisal-cli-'));
  const put = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);
  put('logits.npy', npy(LOGITS, [4, 3]));
  put('other.npy', npy(OTHER, [4, 3]));
  put('logits64.npy', npy(Float64Array.from(LOGITS), [4, 3], { version: 2 }));
  put('targets.npy', npy(BigInt64Array.from(TARGETS, BigInt), [4]));
  put('targets32.npy', npy(Int32Array.from(TARGETS), [4]));
  put('targets3.npy', npy(Int32Array.of(0, 1, 2), [3]));
  put('wide.npy', npy(new Float32Array(20), [4, 5]));
  put('bigendian.npy', npy(new Float32Array(12), [4, 3], { descr: '>f4' }));
  put('fortran.npy', npy(new Float32Array(12), [4, 3], { fortran: true }));
  put('truncated.npy', npy(LOGITS, [4, 3]).subarray(0, 140)); // the header and 12 of 48 data bytes
  put('nan.npy', npy(Float32Array.of(1, 2, 3, 4, Number.NaN, 6), [2, 3]));
  put('p.npy', npy(Float64Array.of(0.5, 0.25, 0.25), [3]));
  put('p.csv', 'p\n0.5\n0.25\n0.25\n');
  // Pointwise log-likelihood of a normal model (posterior draws of its mean at normal quantiles), 400 × 4.
  const mu = Array.from({ length: 400 }, (_, s) => 0.6 + ndtri((s + 0.5) / 400) / 2);
  const loglik = (sd: number) =>
    `${mu.map((m) => [-1.2, 0.3, 0.8, 2.5].map((v) => new Normal(m, sd).logProb(v)).join(',')).join('\n')}\n`;
  put('loglik.csv', loglik(1));
  put('loglik-wide.csv', loglik(2));
  put('q.csv', 'q\n0.25\n0.25\n0.5\n');
  put('pq.tsv', 'p\tq\n0.5\t0.25\n0.25\t0.25\n0.25\t0.5\n');
  put('p.json', '[0.5, 0.25, 0.25]\n');
  put('counts.csv', '3,1,0,4\n');
  put('joint.csv', ',y1,y2,y3\nx1,0.1,0.2,0.1\nx2,0.3,0.1,0.2\n');
  put('negative.csv', 'p\n0.5\n0.6\n-0.1\n');
  put(
    'data.csv',
    [
      'colour,x,y',
      'red,0.12,1.5',
      'blue,1.7,2.25',
      'red,-0.4,0.1',
      'green,2.2,3.3',
      'red,0.9,1.2',
      'blue,1.1,2.05',
      'green,-1.3,-0.4',
      'red,0.35,0.9',
      'blue,0.05,0.3',
      'green,1.45,1.6',
      'red,-0.75,-0.2',
      'blue,0.6,0.45',
      '',
    ].join('\n'),
  );
  put('nan.csv', 'id,x\n1,0.5\n2,1.5\n3,NaN\n4,2\n');
  put('blank.csv', 'id,x\n1,0.5\n2,\n');
  put('empty.csv', '');
  put('header-only.csv', 'x\n');
  put('ragged.csv', 'a,b\n1,2\n3\n');
  put('logratios.csv', `logratio\n${LOG_RATIOS.join('\n')}\n`);
  put('iris.csv', readFileSync(new URL('../data/iris.csv', import.meta.url)));
  return dir;
}
