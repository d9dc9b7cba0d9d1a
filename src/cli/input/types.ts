/**
 * Column types for the commands that estimate from tables: the library's rule (`inferColumnType`) with the
 * overrides `--discrete a,b` and `--continuous c`, so every command agrees on what a column is.
 * @module
 */
import { type ColumnType, inferColumnType } from '../../index.js';
import { UserError } from '../errors.js';
import type { Column } from './columns.js';

/** `--discrete` / `--continuous` as lists of column names (or numbers from 1); `--continuous` alone: all. */
export interface TypeFlags {
  discrete?: string;
  continuous?: string | boolean;
}

/** A comma-separated list of column names. */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The overrides, checked against the columns a command reads (a name that is none of them is an error). */
export function readTypeFlags(
  flags: TypeFlags,
  available: string[],
): { discrete: string[]; continuous: string[] } {
  const discrete = flags.discrete === undefined ? [] : listOf(flags.discrete);
  const continuous =
    flags.continuous === true
      ? [...available]
      : typeof flags.continuous === 'string'
        ? listOf(flags.continuous)
        : [];
  for (const [flag, names] of [
    ['--discrete', discrete],
    ['--continuous', continuous],
  ] as const) {
    for (const n of names) {
      if (!available.includes(n)) {
        throw new UserError(
          `${flag} names '${n}', which is not a column read here (${available.map((a) => `'${a}'`).join(', ')})`,
        );
      }
    }
  }
  const both = discrete.find((n) => continuous.includes(n));
  if (both !== undefined)
    throw new UserError(`column '${both}' is named by both --discrete and --continuous`);
  return { discrete, continuous };
}

/**
 * A column's type: an override, else text → discrete, else the library's rule on its numbers (integers with at
 * most min(20, max(2, ⌊N/2⌋)) distinct values are discrete). `spec` is how --column named it.
 */
export function typeOfColumn(
  c: Column,
  spec: string | undefined,
  overrides: { discrete: string[]; continuous: string[] },
): { type: ColumnType; inferred: boolean } {
  const named = (list: string[]) => list.includes(c.name) || (spec !== undefined && list.includes(spec));
  if (named(overrides.discrete)) return { type: 'discrete', inferred: false };
  if (named(overrides.continuous)) {
    if (c.kind === 'categorical') {
      const example = c.categories?.find((v) => v !== undefined);
      throw new UserError(
        `column '${c.name}' holds text${example === undefined ? '' : ` ('${example}')`}; it cannot be continuous`,
      );
    }
    return { type: 'continuous', inferred: false };
  }
  if (c.kind === 'categorical' || !c.values) return { type: 'discrete', inferred: true };
  return { type: inferColumnType(c.values), inferred: true };
}

/** Why a numeric column got its type, for the note the commands print. */
export function typeReason(c: Column, type: ColumnType): string {
  if (type === 'continuous') {
    return `column '${c.name}' is taken as continuous (numbers with a fractional part, or more distinct integers than min(20, N/2)); --discrete ${c.name} counts its values as categories`;
  }
  return `column '${c.name}' is taken as discrete (integers with few distinct values); --continuous ${c.name} treats it as continuous`;
}
