import { isIP } from 'node:net'
import { PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'

// Fastify hands `trustProxy` to proxy-addr when the app is built, whose errors name neither the
// option nor a code (`invalid IP address: not-an-ip`), or are not about the option at all
// (`['127.0.0.1', 5]` gave `note.lastIndexOf is not a function`). createApp checks it first, with
// proxy-addr's rules: an address or `address/range` (a prefix length, or a netmask for IPv4), or
// one of its names for groups of ranges.

/** proxy-addr's names for groups of ranges, accepted wherever an address is. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal']

// The IPv4 spellings proxy-addr's parser (ipaddr.js) reads besides dotted decimal: octal and hex
// parts, fewer than four parts. Which of them it finally accepts is its call.
const LEGACY_IPV4 = /^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}$/i

function addressKind(text: string): 4 | 6 | 0 {
  const kind = isIP(text)
  if (kind !== 0) return kind as 4 | 6
  return LEGACY_IPV4.test(text) ? 4 : 0
}

function isNetmask(text: string): boolean {
  if (isIP(text) !== 4) return false
  const bits = text
    .split('.')
    .map((part) => Number(part).toString(2).padStart(8, '0'))
    .join('')
  // Ones then zeros, at least one one (a /0 range is refused too).
  return /^1+0*$/.test(bits)
}

/** Why `entry` (one address of the list) is not one proxy-addr reads, or undefined when it is. */
function entryProblem(entry: string): string | undefined {
  if (RANGE_NAMES.includes(entry)) return undefined
  const slash = entry.lastIndexOf('/')
  const address = slash === -1 ? entry : entry.slice(0, slash)
  const kind = addressKind(address)
  if (kind === 0) return `"${entry}" is not an IP address, a CIDR range or one of ${RANGE_NAMES.join(', ')}`
  if (slash === -1) return undefined
  const range = entry.slice(slash + 1)
  const max = kind === 6 ? 128 : 32
  if (/^\d+$/.test(range) && Number(range) > 0 && Number(range) <= max) return undefined
  if (kind === 4 && isNetmask(range)) return undefined
  return `"${entry}" has an invalid range (a prefix length from 1 to ${max}${kind === 4 ? ', or a netmask' : ''})`
}

const EXPECTED =
  'expected true/false, a number of hops, a string of comma-separated IP addresses or CIDR ranges, an array of such strings (one address each), or a function (address, hop) => boolean'

/**
 * Checks createApp's `trustProxy` option as Fastify will read it, throwing
 * PORTICO_ERR_APP_OPTION_INVALID naming the option and the entry at fault.
 *
 * @example
 * checkTrustProxy('127.0.0.1, 10.0.0.0/8') // fine
 * checkTrustProxy(['127.0.0.1', 5]) // throws: Invalid option "trustProxy[1]": ...
 */
export function checkTrustProxy(value: unknown): void {
  if (value === undefined || typeof value === 'boolean' || typeof value === 'function') return
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return
    throw new PORTICO_ERR_APP_OPTION_INVALID(
      'trustProxy',
      `a number of hops is an integer from 0, got ${value}`,
    )
  }
  if (typeof value === 'string') {
    // '' trusts no proxy (Fastify tests the option for truth); others are split at commas, trimmed.
    if (value === '') return
    for (const entry of value.split(',').map((part) => part.trim())) {
      const problem = entry === '' ? `an empty entry in "${value}"` : entryProblem(entry)
      if (problem !== undefined) throw new PORTICO_ERR_APP_OPTION_INVALID('trustProxy', problem)
    }
    return
  }
  if (Array.isArray(value)) {
    value.forEach((entry: unknown, index) => {
      const name = `trustProxy[${index}]`
      if (typeof entry !== 'string') {
        throw new PORTICO_ERR_APP_OPTION_INVALID(
          name,
          `expected a string (one IP address or CIDR range), got ${describe(entry)}`,
        )
      }
      const problem = entryProblem(entry)
      if (problem !== undefined) throw new PORTICO_ERR_APP_OPTION_INVALID(name, problem)
    })
    return
  }
  throw new PORTICO_ERR_APP_OPTION_INVALID('trustProxy', `${EXPECTED}; got ${describe(value)}`)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object'
  return `${typeof value} ${String(value)}`
}
