/** Statistics over nothing are null, never 0: an empty period must not read as a perfect one. */

/** Ascending, as a typed array: its numeric sort needs no comparator calls, which dominated the dashboard. */
function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile: the ⌈p·n⌉-th smallest value. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
