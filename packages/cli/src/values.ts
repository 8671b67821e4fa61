import { isIP } from 'node:net'
import proxyaddr from '@fastify/proxy-addr'
import { checkRootPath, resolveRootPathOptions } from '@portico/root-path'
import { PORTICO_ERR_CLI_OPTION_INVALID } from './errors.js'
import { LOG_FORMATS, type LogFormat } from './log-destination.js'

// Parsers for flag and environment values. Each takes the raw string and the name it came from
// (`--port` or `PORTICO_PORT`) so that the error names what the user typed.

/** Log levels accepted by `--log-level` (pino's, plus `silent`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
/** A pino log level. */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** A raw value as quoted in an error message. */
export const show = (raw: string) => JSON.stringify(raw)

/** The entries of a comma-separated list, trimmed, empty ones dropped. */
const commaList = (raw: string) =>
  raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(raw: string, name: string): number {
  const trimmed = raw.trim()
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!(port >= 0 && port <= 65535))
    throw new PORTICO_ERR_CLI_OPTION_INVALID(name, 'must be an integer from 0 to 65535', show(raw))
  return port
}

/** A host name or IP address to listen on (IPv6 may be bracketed). */
export function parseHost(raw: string, name: string): string {
  const host = raw.trim().replace(/^\[(.*)\]$/, '$1')
  const hostname =
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/
  if (isIP(host) === 0 && !hostname.test(host)) {
    throw new PORTICO_ERR_CLI_OPTION_INVALID(name, 'must be an IP address or a host name', show(raw))
  }
  return host
}

/** A number of worker processes, a positive integer. */
export function parseWorkers(raw: string, name: string): number {
  const trimmed = raw.trim()
  const workers = /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!(workers >= 1)) throw new PORTICO_ERR_CLI_OPTION_INVALID(name, 'must be a positive integer', show(raw))
  return workers
}

/** A log level: fatal, error, warn, info, debug, trace or silent. */
export function parseLogLevel(raw: string, name: string): LogLevel {
  const level = raw.trim().toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new PORTICO_ERR_CLI_OPTION_INVALID(name, `must be one of ${LOG_LEVELS.join(', ')}`, show(raw))
  }
  return level as LogLevel
}

/** A log format: auto, json or pretty. */
export function parseLogFormat(raw: string, name: string): LogFormat {
  const format = raw.trim().toLowerCase()
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    throw new PORTICO_ERR_CLI_OPTION_INVALID(name, `must be one of ${LOG_FORMATS.join(', ')}`, show(raw))
  }
  return format as LogFormat
}

/** A duration in seconds, a positive number. */
export function parseSeconds(raw: string, name: string): number {
  const trimmed = raw.trim()
  const seconds = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!(seconds > 0 && seconds <= 86400))
    throw new PORTICO_ERR_CLI_OPTION_INVALID(name, 'must be a number of seconds above 0', show(raw))
  return seconds
}

/** A yes/no environment value: 1/true/yes/on or 0/false/no/off (case-insensitive). */
export function parseBoolean(raw: string, name: string): boolean {
  const value = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(value)) return true
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false
  throw new PORTICO_ERR_CLI_OPTION_INVALID(
    name,
    'must be one of 1, true, yes, on, 0, false, no, off',
    show(raw),
  )
}

/**
 * Trusted proxy addresses, mapped onto Fastify's `trustProxy`: `'*'` trusts every peer (`true`);
 * otherwise a comma-separated list of IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or
 * proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`), validated by proxy-addr, the
 * library Fastify itself uses to evaluate `trustProxy`.
 */
export function parseAllowIps(raw: string, name: string): true | string[] {
  const entries = commaList(raw)
  if (entries.length === 0)
    throw new PORTICO_ERR_CLI_OPTION_INVALID(
      name,
      "must be '*' or a comma-separated list of IPs/CIDRs",
      show(raw),
    )
  if (entries.includes('*')) return true
  for (const entry of entries) {
    try {
      proxyaddr.compile(entry)
    } catch {
      throw new PORTICO_ERR_CLI_OPTION_INVALID(
        name,
        `has an invalid IP address or CIDR range ${show(entry)}`,
        show(raw),
      )
    }
  }
  return entries
}

/**
 * A root path, validated and normalised by @portico/root-path's own `checkRootPath` (the rules the
 * plugin applies at startup): `''` or `/segment(/segment)*`; a trailing slash is dropped and `/`
 * means no root path; relative paths, empty or dot segments, `?`, `#`, `\\`, schemes and control
 * characters fail.
 */
export function parseRootPath(raw: string, name: string): string {
  const checked = checkRootPath(raw)
  if (!checked.ok) throw new PORTICO_ERR_CLI_OPTION_INVALID(name, checked.reason, show(raw))
  return checked.value
}

/**
 * The host names the app answers to, mapped onto createApp's (and @portico/root-path's)
 * `allowedHosts`: a comma-separated list, empty entries ignored, each entry validated by
 * `resolveRootPathOptions` itself (the rules the plugin applies at startup): a host name or IP
 * address without scheme, port or path, `*.example.com` (any subdomain), or `*` (any host).
 *
 * @example
 * parseAllowedHosts('api.example.com, *.example.com', '--allowed-hosts') // ['api.example.com', '*.example.com']
 */
export function parseAllowedHosts(raw: string, name: string): string[] {
  const entries = commaList(raw)
  if (entries.length === 0) {
    throw new PORTICO_ERR_CLI_OPTION_INVALID(
      name,
      "must be a comma-separated list of host names, like api.example.com,*.example.com ('*' for any host)",
      show(raw),
    )
  }
  // One entry at a time, so that the message can name the entry at fault rather than an index.
  for (const entry of entries) {
    try {
      resolveRootPathOptions({ allowedHosts: [entry] })
    } catch (error) {
      throw new PORTICO_ERR_CLI_OPTION_INVALID(
        name,
        `has an invalid host ${show(entry)}: each entry must be a host name or IP address without scheme, port or path (example.com, [::1]), *.example.com or *`,
        show(raw),
        { cause: error },
      )
    }
  }
  return entries
}

/**
 * `--schema-cache`: a directory (kept as written, relative to the working directory), or `off`
 * (`undefined`: no cache).
 *
 * @example parseSchemaCache('node_modules/.cache/portico', '--schema-cache') // 'node_modules/.cache/portico'
 */
export function parseSchemaCache(raw: string, name: string): string | undefined {
  const dir = raw.trim()
  if (dir === 'off') return undefined
  if (dir === '') throw new PORTICO_ERR_CLI_OPTION_INVALID(name, 'must be a directory or off', show(raw))
  return dir
}
