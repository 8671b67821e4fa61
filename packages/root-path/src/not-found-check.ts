import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED } from './errors.js'
import { getState } from './state.js'
import { externalPath, trustedOrigin } from './url-for.js'

// What a 404 becomes: a 405 with Allow, or a trailing-slash redirect (Starlette's redirect_slashes).
// Decided only once Fastify's router has found no route (an onRequest hook of the not-found handlers,
// see not-found.ts): a request that matches a route never runs any of this.

/** An onRequest hook, callback style. */
export type OnRequest = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void

/** The methods no 405 is decided for: left to Fastify and to plugins such as @fastify/cors. */
const LEFT_ALONE = 'OPTIONS'

/** Fastify's supported methods, sorted, per app (its getter builds a new array on each read). */
const methodsOf = new WeakMap<object, readonly string[]>()

/**
 * The check, for every not-found handler of an app: 405, else redirect, else `done()` (the handler
 * answers). Reads the options from the plugin's state, so it can be installed before the plugin runs.
 */
export const trailingSlashOrMethod: OnRequest = (request, reply, done) => {
  const state = getState(request.server)
  const method = request.method
  if (state === undefined || method === LEFT_ALONE) return done()
  const redirect = state.options.redirectSlashes
  const methodNotAllowed = state.options.methodNotAllowed
  if (redirect === false && !methodNotAllowed) return done()
  const server = request.server
  let methods = methodsOf.get(state)
  if (methods === undefined) {
    methods = [...server.supportedMethods].sort()
    methodsOf.set(state, methods)
  }
  const url = request.url
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  // Only origin-form targets: anything else (an absolute-form one the rewriter left alone) is a 404.
  if (path.charCodeAt(0) !== 47) return done()
  const constraints = derivedConstraints(request)
  if (methodNotAllowed) {
    const allowed = allowedMethods(server, methods, path, method, constraints)
    if (allowed !== undefined) {
      reply.code(405).header('allow', allowed).send(new PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED())
      return
    }
  }
  if (redirect !== false && path !== '/') {
    const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`
    if (other !== '' && server.findRoute({ method, url: other, constraints }) !== null) {
      const relative = toAscii(externalPath(request, other) + (q === -1 ? '' : url.slice(q)))
      const origin = redirect.absolute ? trustedOrigin(request) : undefined
      const location = origin === undefined ? relative : origin + relative
      reply.redirect(location, method === 'GET' || method === 'HEAD' ? 307 : 308)
      return
    }
  }
  done()
}

/**
 * `Allow` for `path`: every method with a route there, when one other than OPTIONS has one (a
 * catch-all OPTIONS route, as @fastify/cors adds, does not make every path known). Else `undefined`.
 */
function allowedMethods(
  server: FastifyInstance,
  methods: readonly string[],
  path: string,
  method: string,
  constraints: Record<string, string> | undefined,
): string | undefined {
  let allowed: string[] | undefined
  let known = false
  for (const candidate of methods) {
    if (candidate === method || server.findRoute({ method: candidate, url: path, constraints }) === null) {
      continue
    }
    if (allowed === undefined) allowed = [candidate]
    else allowed.push(candidate)
    if (candidate !== LEFT_ALONE) known = true
  }
  return known ? allowed!.join(', ') : undefined
}

/**
 * The built-in constraints Fastify's router derives (host, and version when asked for), so a route
 * constrained to another host or version is not redirected to. Without them find-my-way only looks
 * at unconstrained routes.
 */
function derivedConstraints(request: FastifyRequest): Record<string, string> | undefined {
  const host = request.headers.host
  const version = request.headers['accept-version']
  if (host === undefined && version === undefined) return undefined
  const constraints: Record<string, string> = {}
  if (host !== undefined) constraints.host = host
  if (typeof version === 'string') constraints.version = version
  return constraints
}

const NOT_PRINTABLE = /[^\x21-\x7e]/gu

/**
 * A Location header value of printable ASCII only: a character read from the socket (Node decodes
 * the request target as latin1, one character per byte) becomes that byte percent-encoded; one
 * beyond latin1 (given to `inject`) its UTF-8 bytes.
 */
function toAscii(location: string): string {
  return location.replace(NOT_PRINTABLE, (char) => {
    const code = char.charCodeAt(0)
    if (code < 0x100) return `%${code.toString(16).toUpperCase().padStart(2, '0')}`
    try {
      return encodeURIComponent(char)
    } catch {
      return '%EF%BF%BD' // a lone surrogate: U+FFFD, as a URL parser would make it
    }
  })
}
