/**
 * What the commands share: the context an action fills in (where each library argument came from, for error
 * messages), the common flags, and the worked example at the end of each `--help`.
 * @module
 */
import { type Command, Option } from 'commander';
import type { Origins } from './errors.js';

/** State of one run: the files behind each library argument, so that errors can name them. */
export interface Context {
  origins: Origins;
}

/** Flags of the commands that print information quantities: `--base` and `--bits`. */
export function unitFlags(cmd: Command): Command {
  return cmd
    .option(
      '--base <base>',
      'unit of the result: 2 (bits), e (nats), 10 (hartleys) or any number > 0 and != 1',
      'e',
    )
    .option('--bits', 'same as --base 2');
}

/** `--json`, `--debug`. */
export function outputFlags(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document with stable keys instead of the table')
    .option('--debug', 'print the stack trace of an error');
}

/** `--format`, `--header` / `--no-header` for commands that read tables. */
export function inputFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension, else sniffed)').choices([
        'csv',
        'tsv',
        'json',
        'npy',
      ]),
    )
    .option('--header', 'the first row is a header')
    .option('--no-header', 'the first row is data (default: a first row holding text is a header)');
}

/**
 * Appends "Example:" with command lines (`$ ...`) and their output to the command's help. The examples are
 * run by the tests (in a folder holding the files they name), so they cannot drift from the program.
 */
export function example(cmd: Command, text: string): Command {
  return cmd.addHelpText('after', `\nExample:\n${text.replace(/^\n+|\n+$/g, '')}\n`);
}
