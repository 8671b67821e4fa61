import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED, PORTICO_ERR_ROOT_PATH_OPTION_INVALID } from './errors.js'

// Starlette's TrustedHostMiddleware / Django's ALLOWED_HOSTS: the host a request names (Fastify's
// request.host: the Host header, or X-Forwarded-Host from a peer trustProxy trusts) must be one the
// app serves, or absolute URLs built from it (password-reset links) point at the attacker's host.

/**
 * `allowedHosts` compiled: exact host names, and the suffixes (`.example.com`) of `*.example.com`
 * entries. `undefined` stands for "any host" (`['*']`, the default): no hook, no work per request.
 */
export interface AllowedHosts {
  readonly exact: ReadonlySet<string>
  readonly suffixes: ReadonlySet<string>
}

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?'
const NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`)
const IPV6 = /^\[[0-9a-f:.]+\]$/
const PORT = /:\d{1,5}$/

/**
 * Validates `allowedHosts` and compiles it, naming the entry at fault (`allowedHosts[1]`). An entry is
 * a host name or IP literal without port (`example.com`, `127.0.0.1`, `[::1]`), `*.example.com` (any
 * subdomain of example.com, not example.com itself), or `*` (any host: the whole option is off).
 * Compared case-insensitively, a trailing dot ignored.
 */
export function compileAllowedHosts(value: unknown, name: string): AllowedHosts | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(
      name,
      'must be a non-empty array of host names, like ["example.com", "*.example.com"] (["*"] allows any host)',
    )
  }
  const exact = new Set<string>()
  const suffixes = new Set<string>()
  let any = false
  value.forEach((entry: unknown, index) => {
    const at = `${name}[${index}]`
    if (typeof entry !== 'string' || entry === '') {
      throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(at, 'must be a non-empty string')
    }
    if (entry === '*') {
      any = true
      return
    }
    const wildcard = entry.startsWith('*.')
    const host = normalise(wildcard ? entry.slice(2) : entry)
    if (!NAME.test(host) && (wildcard || !IPV6.test(host))) {
      throw new PORTICO_ERR_ROOT_PATH_OPTION_INVALID(
        at,
        'must be a host name or IP address without scheme, port or path ("example.com", "[::1]"), "*.example.com" or "*"',
      )
    }
    if (wildcard) suffixes.add(`.${host}`)
    else exact.add(host)
  })
  return any ? undefined : Object.freeze({ exact, suffixes })
}

/**
 * Whether `host` (`name[:port]`, as Fastify's `request.host`) is allowed. A Set lookup, plus one per
 * dot of the name when there are wildcard entries.
 *
 * @example
 * isHostAllowed(compileAllowedHosts(['*.example.com'], 'allowedHosts')!, 'api.example.com:8443') // true
 */
export function isHostAllowed(allowed: AllowedHosts, host: unknown): boolean {
  if (typeof host !== 'string' || host === '') return false
  const name = normalise(PORT.test(host) ? host.slice(0, host.lastIndexOf(':')) : host)
  if (allowed.exact.has(name)) return true
  if (allowed.suffixes.size === 0) return false
  for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
    if (allowed.suffixes.has(name.slice(dot))) return true
  }
  return false
}

/** An onRequest hook answering 400 (`PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED`) to a host not allowed. */
export function allowedHostsHook(allowed: AllowedHosts) {
  return function checkHost(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    if (isHostAllowed(allowed, request.host)) return done()
    request.log.debug('request refused: its host is not in allowedHosts')
    reply.code(400).send(new PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED())
  }
}

function normalise(host: string): string {
  const lower = host.toLowerCase()
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}
