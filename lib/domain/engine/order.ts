import type { Instant } from './types';

/**
 * The one order in which a deal's inputs are applied, whatever order they arrived in (the contract's
 * "Late mail and second copies", step 2): by time; at equal times time-based triggers first (they fire
 * "before each event is applied"), then the rep's inputs in the order they were made, then messages by
 * id, so two messages of the same minute apply the same way whichever arrived first.
 *
 * A key is kept as text that sorts as the order does, so a deal row can say how far it has applied
 * its inputs and a store can compare it without decoding.
 */
export type OrderKey = string;

const enum Rank {
  Timer = 0,
  Input = 1,
  Message = 2,
}

const ZEROS = '0000000000000000';

/** `value` as at least `width` digits (`width` at most 16); a slice of zeros is cheaper than padStart, keys being made per input. */
const padded = (value: number, width: number) => {
  const digits = String(Math.max(0, Math.trunc(value)));
  return digits.length >= width ? digits : ZEROS.slice(16 - width + digits.length) + digits;
};

/** Epoch milliseconds to 1 < 2^53, padded so text order is time order (times before 1970 never occur). */
const time = (at: Instant) => padded(at, 16);

/** Sequence numbers of the rep's inputs, padded the same way. */
const sequence = (seq: number) => padded(seq, 10);

export function timerKey(at: Instant): OrderKey {
  return `${time(at)}:${Rank.Timer}`;
}

/** `seq` orders the rep's inputs made at the same time: file order in a scenario, recording order in the store. */
export function inputKey(at: Instant, seq: number): OrderKey {
  return `${time(at)}:${Rank.Input}:${sequence(seq)}`;
}

export function messageKey(at: Instant, id: string): OrderKey {
  return `${time(at)}:${Rank.Message}:${id}`;
}

/** Before every key: a deal that has applied nothing yet. */
export const NO_KEY: OrderKey = '';

export function laterKey(a: OrderKey, b: OrderKey): OrderKey {
  return a >= b ? a : b;
}
