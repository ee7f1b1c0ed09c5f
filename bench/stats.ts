/** The value at quantile `q` (0 to 1) of `values`, nearest rank; 0 when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** The median of `values`; 0 when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** Milliseconds as text with one decimal. */
export function ms(value: number): string {
  return value.toFixed(1);
}

/** A count as text with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Bytes as mebibytes, no decimals. */
export function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

/** A ratio as `1.23x`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a";
}
