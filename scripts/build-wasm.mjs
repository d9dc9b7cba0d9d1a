#!/usr/bin/env node
// Compiles the kernels of src/kernels/c/ (one .c file per kernel family, sharing the headers there) to
// WebAssembly with clang + lld, and writes src/kernels/generated/kernelsWasm.ts, which embeds the modules as
// base64 so the package (dist/) carries them and users need no compiler. Four builds of the same sources:
// SIMD128 and relaxed SIMD (-mrelaxed-simd: fused multiply–add in the exp, see src/kernels/c/simd.h; chosen
// at run time where WebAssembly.validate accepts it, the SIMD128 module being the fallback), each once
// importing a plain memory and once a shared memory (atomics, for worker threads that run the kernels on the
// same memory; used wherever SharedArrayBuffer is available).
//
//   node scripts/build-wasm.mjs           rebuild and rewrite src/kernels/generated/kernelsWasm.ts
//   node scripts/build-wasm.mjs --check   rebuild and exit 1 if the embedded bytes differ
//   node scripts/build-wasm.mjs --print   rebuild and print { clang, base64 } as JSON (used by the test)
//   node scripts/build-wasm.mjs --if-available
//                                         what `npm run build` runs: rebuild when the clang that made the
//                                         embedded modules is here, else keep them (users need no compiler)
//
// Needs clang and wasm-ld (Debian: apt-get install -y clang lld) for the SIMD128 modules, and clang-19 with
// its wasm-ld (apt-get install -y clang-19 lld-19) for the relaxed-SIMD modules: clang 14 emits the relaxed
// instructions' pre-standard opcodes, which engines reject; 16 and later emit the standardised ones.
// CLANG=... and CLANG_RELAXED=... pick other compilers (the generated file records which made each module).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targetPath = 'src/kernels/generated/kernelsWasm.ts';
const target = join(root, targetPath);
const clang = process.env.CLANG ?? 'clang';
const clangRelaxed = process.env.CLANG_RELAXED ?? 'clang-19';

const kernelDir = 'src/kernels/c';
const inKernelDir = (ext) =>
  readdirSync(join(root, kernelDir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${kernelDir}/${f}`);

/** The kernel sources (one .c file per kernel family), relative to the repository root, in link order. */
export const sources = inKernelDir('.c');

/** The headers the sources share (named in the generated file; a change to them changes the build). */
export const headers = inKernelDir('.h');

export const flags = [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-fno-builtin',
  '-nostdlib',
  '-ffp-contract=off',
  '-Wall',
  '-Wl,--no-entry',
  '-Wl,--export=__heap_base',
  '-Wl,--import-memory',
  '-Wl,--max-memory=4294967296',
  '-Wl,-z,stack-size=65536',
  '-Wl,--strip-all',
];

/** Added for the shared-memory build (wasm-ld's --shared-memory needs the atomics and bulk-memory features). */
export const sharedFlags = ['-matomics', '-mbulk-memory', '-Wl,--shared-memory'];

/** Added for the relaxed-SIMD builds (compiled by {@link clangRelaxed}). */
export const relaxedFlags = ['-mrelaxed-simd'];

export function clangVersion(cc = clang) {
  return execFileSync(cc, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
}

const extra = () => process.env.CFLAGS?.split(' ').filter(Boolean) ?? [];

/**
 * Builds the plain and shared modules with compiler `cc` and `variant` flags (none: SIMD128; relaxedFlags).
 * Fails if the compiled code uses the C shadow stack (`__stack_pointer`): every thread's instance of the
 * shared build starts its stack pointer at the same address of the one memory, so the kernels must keep all
 * their state in wasm locals.
 */
function buildPair(cc, variant) {
  const dir = mkdtempSync(join(tmpdir(), 'surprisal-wasm-'));
  try {
    // Relative source paths: keep the build directory out of the output.
    for (const src of sources) {
      const asm = join(dir, `${basename(src, '.c')}.s`);
      const cflags = flags.filter((f) => !f.startsWith('-Wl,'));
      execFileSync(cc, [...cflags, ...variant, ...extra(), '-S', '-o', asm, src], {
        cwd: root,
        stdio: 'inherit',
      });
      if (readFileSync(asm, 'utf8').includes('__stack_pointer')) {
        throw new Error(`${src} uses the shadow stack (__stack_pointer), which threads would share`);
      }
    }
    const build = (name, more) => {
      const out = join(dir, name);
      execFileSync(cc, [...flags, ...variant, ...more, ...extra(), '-o', out, ...sources], {
        cwd: root,
        stdio: 'inherit',
      });
      return readFileSync(out);
    };
    return { plain: build('kernels.wasm', []), shared: build('kernels-shared.wasm', sharedFlags) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the four modules: SIMD128 with {@link clang}, relaxed SIMD with {@link clangRelaxed}. */
export function buildWasm() {
  const simd = buildPair(clang, []);
  const relaxed = buildPair(clangRelaxed, relaxedFlags);
  return { ...simd, relaxedPlain: relaxed.plain, relaxedShared: relaxed.shared };
}

// An array joined, not a chain of +: 6,000 nested binary expressions overflow the stack of tools that walk
// the syntax tree recursively (knip did, now and then).
const b64Lines = (bytes) =>
  `[\n${(bytes.toString('base64').match(/.{1,100}/g) ?? []).map((l) => `  '${l}',`).join('\n')}\n].join('')`;

function moduleText({ plain, shared, relaxedPlain, relaxedShared }, version, relaxedVersion) {
  return `// Auto-generated file. Do not edit!
//   Sources: ${[...sources, ...headers].join('\n//            ')}
//   Generator: scripts/build-wasm.mjs
//   Command: node scripts/build-wasm.mjs (npm run build:wasm; npm run check:wasm checks it)

/** The compiler that produced the modules below (a different clang may emit different bytes). @internal */
export const kernelsWasmClang = '${version}';

/** Flags given to clang (the shared build adds {@link kernelsWasmSharedFlags}). @internal */
export const kernelsWasmFlags =
  '${flags.join(' ')}';

/** Flags added for the shared-memory build. @internal */
export const kernelsWasmSharedFlags = '${sharedFlags.join(' ')}';

/** The compiler that produced the relaxed-SIMD modules (built with {@link kernelsWasmRelaxedFlags} added). @internal */
export const kernelsWasmRelaxedClang = '${relaxedVersion}';

/** Flags added for the relaxed-SIMD builds. @internal */
export const kernelsWasmRelaxedFlags = '${relaxedFlags.join(' ')}';

/** src/kernels/c/*.c as WebAssembly SIMD128 importing a plain memory (${plain.length} bytes), base64. @internal */
export const kernelsWasmBase64 = ${b64Lines(plain)};

/** src/kernels/c/*.c as WebAssembly SIMD128 importing a shared memory (${shared.length} bytes), base64. @internal */
export const kernelsWasmSharedBase64 = ${b64Lines(shared)};

/** src/kernels/c/*.c with relaxed SIMD importing a plain memory (${relaxedPlain.length} bytes), base64. @internal */
export const kernelsWasmRelaxedBase64 = ${b64Lines(relaxedPlain)};

/** src/kernels/c/*.c with relaxed SIMD importing a shared memory (${relaxedShared.length} bytes), base64. @internal */
export const kernelsWasmRelaxedSharedBase64 = ${b64Lines(relaxedShared)};
`;
}

const mode = process.argv[2];

/** The clangs that built the embedded modules (SIMD128, relaxed), read from the generated file. */
function embeddedClang(name = 'kernelsWasmClang') {
  try {
    return readFileSync(target, 'utf8').match(new RegExp(`${name} = '([^']*)'`))?.[1];
  } catch {
    return undefined;
  }
}

function clangHere(cc = clang) {
  try {
    return clangVersion(cc);
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && mode === '--if-available') {
  const here = clangHere();
  const embedded = embeddedClang();
  const hereRelaxed = clangHere(clangRelaxed);
  const embeddedRelaxed = embeddedClang('kernelsWasmRelaxedClang');
  if (
    here === undefined ||
    here !== embedded ||
    hereRelaxed === undefined ||
    hereRelaxed !== embeddedRelaxed
  ) {
    console.log(
      `build-wasm: keeping the shipped kernels (built by ${embedded} and ${embeddedRelaxed}; here: ${here ?? 'no clang'}, ${hereRelaxed ?? `no ${clangRelaxed}`})`,
    );
    process.exit(0);
  }
  const built = buildWasm();
  if (readFileSync(target, 'utf8') !== moduleText(built, here, hereRelaxed)) {
    writeFileSync(target, moduleText(built, here, hereRelaxed));
    console.log(`build-wasm: rebuilt ${targetPath} from src/kernels/c/ (${here}; ${hereRelaxed})`);
  }
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = buildWasm();
  const version = clangVersion();
  const relaxedVersion = clangVersion(clangRelaxed);
  const sizes = `${built.plain.length} + ${built.shared.length} + ${built.relaxedPlain.length} + ${built.relaxedShared.length} bytes`;
  const compilers = `${version}; relaxed SIMD: ${relaxedVersion}`;
  if (mode === '--print') {
    process.stdout.write(
      JSON.stringify({
        clang: version,
        relaxedClang: relaxedVersion,
        base64: built.plain.toString('base64'),
        shared: built.shared.toString('base64'),
        relaxed: built.relaxedPlain.toString('base64'),
        relaxedShared: built.relaxedShared.toString('base64'),
      }),
    );
  } else if (mode === '--check') {
    if (readFileSync(target, 'utf8') !== moduleText(built, version, relaxedVersion)) {
      console.error(`${targetPath} is stale: run node scripts/build-wasm.mjs (${compilers})`);
      process.exit(1);
    }
    console.log(`${targetPath} matches src/kernels/c/ (${sizes}, ${compilers})`);
  } else {
    writeFileSync(target, moduleText(built, version, relaxedVersion));
    console.log(`wrote ${targetPath}: ${sizes} of wasm (${compilers})`);
  }
}
