import { PORTICO_ERR_CLI_OPTION_INVALID } from './errors.js'
import { show } from './values.js'

// Parsers for the server-limit flags (values.ts has the others). Like them, each takes the raw
// string and the name it came from (`--timeout-request` or `PORTICO_TIMEOUT_REQUEST`).

/**
 * A timeout in seconds, `0` for none: a non-negative number up to a day.
 *
 * @example
 * parseTimeout('30', '--timeout-request') // 30
 * parseTimeout('0', '--timeout-request') // 0 (no timeout)
 */
export function parseTimeout(raw: string, name: string): number {
  const trimmed = raw.trim()
  const seconds = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!(seconds >= 0 && seconds <= 86400))
    throw new PORTICO_ERR_CLI_OPTION_INVALID(
      name,
      'must be a number of seconds from 0 (none) to 86400',
      show(raw),
    )
  return seconds
}

/**
 * A limit on a count, `0` for none: a non-negative integer.
 *
 * @example
 * parseLimit('100', '--limit-concurrency') // 100
 */
export function parseLimit(raw: string, name: string): number {
  const trimmed = raw.trim()
  const count = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!(count >= 0))
    throw new PORTICO_ERR_CLI_OPTION_INVALID(name, 'must be an integer, 0 for none', show(raw))
  return count
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2 }

/**
 * A size in bytes, above 0: an integer, optionally with `kb` or `mb` (powers of 1024).
 *
 * @example
 * parseBytes('1048576', '--body-limit') // 1048576
 * parseBytes('10mb', '--body-limit') // 10485760
 */
export function parseBytes(raw: string, name: string): number {
  const match = /^(\d{1,12})\s*(b|kb?|mb?)?$/i.exec(raw.trim())
  const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]! : Number.NaN
  if (!(bytes > 0 && Number.isSafeInteger(bytes)))
    throw new PORTICO_ERR_CLI_OPTION_INVALID(
      name,
      'must be a number of bytes above 0, optionally with kb or mb (e.g. 1048576, 512kb, 10mb)',
      show(raw),
    )
  return bytes
}
