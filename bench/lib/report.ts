/** Markdown tables for the terminal and bench/RESULTS.md. */

/**
 * A markdown table with padded columns, laid out as Biome formats Markdown (so RESULTS.md passes
 * `biome check` as written): cells padded to the column width, right-aligned columns padded on the left.
 */
export function table(headers: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const right = headers.map((_, i) => (align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'r')
  const widths = headers.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const pad = (cell: string, i: number) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))
  const line = (cells: string[]) => `| ${headers.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`
  const sep = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : `:${'-'.repeat(w - 1)}`)).join(' | ')} |`
  return [line(headers), sep, ...rows.map(line)].join('\n')
}

/** 12345.6 -> "12,346"; keeps a decimal for small values. */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2)
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a'
}

export function mb(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(0) : 'n/a'
}
