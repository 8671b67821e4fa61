/** Markdown tables for the terminal and bench/RESULTS.md. */

export function table(headers: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = headers.map((_, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : ':---'))
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(headers), line(sep), ...rows.map(line)].join('\n')
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
