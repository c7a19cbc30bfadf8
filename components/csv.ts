const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

/**
 * RFC 4180 CSV: every field quoted when it must be, times as ISO strings, nested values as JSON.
 * Every line ends in CRLF, the last one too: a file without its final line break reads as cut short
 * to tools that count lines, and appending to it joins two rows.
 */
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
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))];
  return lines.map((line) => `${line}\r\n`).join('');
}

export function isoColumns(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const copy = { ...row };
  for (const column of columns) {
    if (typeof copy[column] === 'number') copy[column] = new Date(copy[column]).toISOString();
  }
  return copy;
}

/** Stage ids in `columns` as `names` (id → name) has them; an id no workflow version named stays as it is. */
export function namedColumns(
  row: Record<string, unknown>,
  columns: readonly string[],
  names: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const copy = { ...row };
  for (const column of columns) {
    const id = copy[column];
    if (typeof id === 'string' && Object.hasOwn(names, id)) copy[column] = names[id];
  }
  return copy;
}

/** What in a display name would split the list (";", ","), or read as an address or quoting. */
const NEEDS_QUOTES = /[;,<>@"\\]/;

/**
 * Contacts as a rep reads (and could paste into a To: line): "Dana Lee <dana@acme.com>;
 * lee@acme.com". `names` maps an address to the person's name, where Ember knows it.
 */
export function contactList(addresses: readonly string[], names: ReadonlyMap<string, string>): string {
  return addresses
    .map((address) => {
      const name = names.get(address);
      if (!name) return address;
      const shown = NEEDS_QUOTES.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : name;
      return `${shown} <${address}>`;
    })
    .join('; ');
}
