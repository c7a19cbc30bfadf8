const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/** RFC 4180 CSV: every field quoted when it must be, times as ISO strings, nested values as JSON. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cell = (value: unknown) => {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : value === null || value === undefined
            ? ''
            : JSON.stringify(value);
    // A leading =, +, -, @, tab or carriage return can start a formula in a spreadsheet (OWASP's
    // list): email text is untrusted. A number, negative or not, is only a number.
    const safe = !NUMBER.test(text) && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n');
}

export function isoColumns(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const copy = { ...row };
  for (const column of columns) {
    if (typeof copy[column] === 'number') copy[column] = new Date(copy[column]).toISOString();
  }
  return copy;
}
