/**
 * The p and q that the sections "Cross entropy and KL" and "Deep connections" share: editing either section
 * edits both, so the table of Deep connections is computed "from the same p and q".
 */
export const OUTCOMES = ['cat', 'dog', 'bird', 'fish'] as const;

export interface PairState {
  /** Unnormalised weights of the true distribution p. */
  p: number[];
  /** Unnormalised weights of the model q. */
  q: number[];
}

type Listener = (state: PairState, source: string) => void;

const state: PairState = { p: [10, 60, 20, 10], q: [40, 30, 20, 10] };
const listeners: Listener[] = [];

export function pair(): PairState {
  return { p: [...state.p], q: [...state.q] };
}

/** Replaces p and/or q and notifies every section; source names the section that made the change. */
export function setPair(next: Partial<PairState>, source: string): void {
  if (next.p) state.p = [...next.p];
  if (next.q) state.q = [...next.q];
  for (const f of listeners) f(pair(), source);
}

export function onPair(f: Listener): void {
  listeners.push(f);
}
