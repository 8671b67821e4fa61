import type { RawRequestDefaultExpression } from 'fastify'
import { PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING } from './errors.js'
import { parseForwardedPrefix, stripPrefix } from './prefix.js'
import { kRootPathState, type RootPathState, setForwardedRoot } from './state.js'

type RewriteThis = { [kRootPathState]?: RootPathState; log?: { debug: Function; error: Function } }

const warned = new WeakSet<object>()

// One app per process is the common case: remember the last instance's state so the per-request lookup
// is a pointer comparison instead of a symbol lookup on Fastify's (dictionary-mode) instance object.
let lastInstance: unknown
let lastState: RootPathState | undefined

/** Whether the direct peer on this socket is trusted: computed once per connection (proxy-addr parses
 * the address on every call, ~1 µs). Keyed by socket, so keep-alive connections pay it once. */
const peerTrust = new WeakMap<object, boolean>()

/** Parsed X-Forwarded-Prefix values; a proxy sends a handful of distinct ones. Bounded. */
const FORWARDED_CACHE_LIMIT = 256
const forwardedCache = new Map<string, ReturnType<typeof parseForwardedPrefix>>()

function parseForwardedCached(header: string | string[]): ReturnType<typeof parseForwardedPrefix> {
  if (typeof header !== 'string') return parseForwardedPrefix(header)
  let parsed = forwardedCache.get(header)
  if (parsed === undefined && !forwardedCache.has(header)) {
    parsed = parseForwardedPrefix(header)
    if (forwardedCache.size >= FORWARDED_CACHE_LIMIT) forwardedCache.clear()
    forwardedCache.set(header, parsed)
  }
  return parsed
}

function isTrustedPeer(state: RootPathState, socket: { remoteAddress?: string } | undefined): boolean {
  if (socket === undefined || state.trust === undefined) return false
  let trusted = peerTrust.get(socket)
  if (trusted === undefined) {
    const address = socket.remoteAddress
    trusted = address !== undefined && state.trust(address, 0)
    peerTrust.set(socket, trusted)
  }
  return trusted
}

/**
 * Fastify `rewriteUrl` that strips the root path before routing. Pass it to the Fastify constructor and
 * register the {@link rootPath} plugin; it reads the plugin's state from the root instance (`this`).
 *
 * A path equal to the effective root path, or starting with it followed by `/` or `?`, is routed without
 * it; any other path is routed unchanged (so proxies that strip the prefix and proxies that pass it through
 * both work). With `forwardedPrefix`, a trusted proxy's valid `X-Forwarded-Prefix` is stripped first, then
 * the static `rootPath`. No allocation and no regular expression when no prefix applies.
 *
 * An absolute-form target (`GET http://host:8000/api/v1/app`, which RFC 9112 section 3.2.2 says a server
 * must accept) is routed as its origin-form (`/api/v1/app`, query kept), then stripped like any other
 * path; its authority replaces the `Host` header, as the RFC requires, so `request.host` and
 * `request.hostname` are the target's (a trusted proxy's `X-Forwarded-Host` still wins). Only `http` and
 * `https` targets with a plain `host[:port]` authority are rewritten (userinfo is refused); `*`
 * (`OPTIONS *`), authority-form (`CONNECT host:443`) and anything else are left to Fastify.
 *
 * @example
 * const app = Fastify({ trustProxy: '10.0.0.1', rewriteUrl: rootPathRewriteUrl })
 * await app.register(rootPath, { rootPath: '/api/v1' })
 */
export function rootPathRewriteUrl(this: unknown, req: RawRequestDefaultExpression): string {
  let url = req.url ?? '/'
  // Origin-form (`/path?query`) is nearly every request: one character compared, nothing allocated.
  if (url.charCodeAt(0) !== 47 /* / */) url = originFormOf(req, url)
  const self = this as RewriteThis
  let state: RootPathState | undefined
  if (self === lastInstance) state = lastState
  else {
    state = self[kRootPathState]
    if (state !== undefined) {
      lastInstance = self
      lastState = state
    }
  }
  if (state === undefined) {
    if (!warned.has(self)) {
      warned.add(self)
      self.log?.error(new PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING())
    }
    return url
  }
  if (state.probing) state.probed = true
  if (!state.rewriterSeen) state.rewriterSeen = true
  const staticRoot = state.options.rootPath
  if (state.trust !== undefined) {
    const header = req.headers['x-forwarded-prefix']
    if (header !== undefined) {
      if (isTrustedPeer(state, req.socket)) {
        const forwarded = parseForwardedCached(header)
        if (forwarded?.ok) {
          setForwardedRoot(req, forwarded.value)
          if (forwarded.value !== '') {
            const rest = stripPrefix(url, forwarded.value)
            if (rest !== undefined) return rest
          }
        } else if (forwarded !== undefined) {
          // The value itself is never logged: it is attacker-controlled.
          self.log?.debug({ reason: forwarded.reason }, 'ignored invalid X-Forwarded-Prefix')
        }
      } else {
        self.log?.debug('ignored X-Forwarded-Prefix from an untrusted peer')
      }
    }
  }
  if (staticRoot !== '') {
    const rest = stripPrefix(url, staticRoot)
    if (rest !== undefined) return rest
  }
  return url
}

const HTTP_SCHEME = /^https?:\/\//i
/** RFC 3986 host (IP literal or reg-name, no userinfo) and optional port. */
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::[0-9]*)?$/

/**
 * The origin-form of an absolute-form request target (`http://host:8000/a?b` -> `/a?b`), setting the
 * `Host` header to its authority (RFC 9112 section 3.2.2: the target's authority wins over `Host`).
 * Anything that is not an `http(s)://host[:port]` target comes back unchanged for Fastify to answer.
 */
function originFormOf(req: RawRequestDefaultExpression, url: string): string {
  if (!HTTP_SCHEME.test(url)) return url
  const start = url.indexOf('//') + 2
  let end = start
  while (end < url.length) {
    const code = url.charCodeAt(end)
    if (code === 47 /* / */ || code === 63 /* ? */ || code === 35 /* # */) break
    end++
  }
  const authority = url.slice(start, end)
  if (!AUTHORITY.test(authority)) return url
  req.headers.host = authority
  if (end === url.length) {
    // RFC 9112 section 3.2.4: an OPTIONS target with an empty path and no query means `*`.
    return req.method === 'OPTIONS' ? '*' : '/'
  }
  return url.charCodeAt(end) === 47 ? url.slice(end) : `/${url.slice(end)}`
}
