// The JSON values the rules produce and read (fact values, decision outputs, action parameters)
// as one line of text: strings as they are, contexts as `key: value`, lists comma separated.

export function formatValue(value: unknown, nested = false): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return nested ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => formatValue(item, true)).join(', ');
    return `[${items}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${key}: ${formatValue(item, true)}`,
    );
    return nested ? `{${entries.join(', ')}}` : entries.join(', ');
  }
  return String(value);
}

/** An action the rules asked for, e.g. `assignPortfolio portfolio: business-fr`. */
export function formatAction(action: Readonly<Record<string, unknown>>): string {
  const { type, ...rest } = action;
  const fields = formatValue(rest);
  const name = typeof type === 'string' ? type : '?';
  return fields === '' ? name : `${name} — ${fields}`;
}
