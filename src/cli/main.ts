#!/usr/bin/env node
/**
 * The `surprisal` command: parse the arguments (commander), read the inputs, call the library, print a table
 * or one JSON document. Exit codes: 0 done, 1 a user error (bad file, bad flag, bad value: one line on
 * stderr), 2 an internal error (one line; the stack trace with --debug).
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerEstimate } from './commands/estimate.js';
import { registerLogits } from './commands/logits.js';
import { registerLoo } from './commands/loo.js';
import { registerMeasure } from './commands/measure.js';
import { registerMerge } from './commands/merge.js';
import { registerProfile } from './commands/profile.js';
import { registerPsis } from './commands/psis.js';
import { registerRank } from './commands/rank.js';
import { registerTail } from './commands/tail.js';
import type { Context } from './common.js';
import { report } from './errors.js';
import { closeStdin } from './input/source.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

const debug = process.argv.includes('--debug');

// `surprisal ... | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const ctx: Context = { origins: {} };

function fail(err: unknown): void {
  const { line, code } = report(err, ctx.origins, debug);
  process.stderr.write(`${line}\n`);
  process.exitCode = code;
}

/** Runs a command's action, turning whatever it throws into one line on stderr and an exit code. */
async function run(action: (ctx: Context) => Promise<void>): Promise<void> {
  try {
    await action(ctx);
  } catch (err) {
    fail(err);
  }
}

const program = new Command('surprisal')
  .description(
    'Information theory from the command line: exact measures of distributions, estimators on data, model ' +
      'evaluation from logits, rare events by importance sampling, and PSIS. Run `surprisal COMMAND --help` ' +
      'for the options of a command and a worked example.',
  )
  .version(version(), '-V, --version', 'print the version')
  .option('--debug', 'print the stack trace of an error')
  .helpOption('-h, --help', 'print help (with a worked example for each command)')
  .configureOutput({
    // commander's own errors (unknown option, missing argument, bad choice) as one line, like ours.
    outputError: (str, write) => write(`${str.trim().replace(/\s*\n\s*/g, ' ')}\n`),
  })
  .addHelpText(
    'after',
    '\nExit codes: 0 done; 1 a user error (bad file, flag or value), with one line on stderr naming the file\n' +
      'and row; 2 an internal error (the stack trace with --debug). --json prints exactly one JSON document.',
  )
  .exitOverride();

registerMeasure(program, run);
registerEstimate(program, run);
registerRank(program, run);
registerLogits(program, run);
registerTail(program, run);
registerPsis(program, run);
registerLoo(program, run);
registerProfile(program, run);
registerMerge(program, run);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 1;
  } else fail(err);
} finally {
  closeStdin();
}
