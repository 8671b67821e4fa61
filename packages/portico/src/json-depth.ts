import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify'
import { PORTICO_ERR_APP_BODY_TOO_DEEP, PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'

// JSON.parse (and secure-json-parse, Fastify's parser) read 10,000 nested arrays without trouble,
// but what walks the result recursively does not: JSON.stringify overflows the stack past ~4,000
// levels, so an echoing route answered 500 `Maximum call stack size exceeded`; recursive schemas
// and user code are at risk too. A JSON body nested deeper than a bound is a client error (400),
// refused before validation and the handler. The check walks the parsed body, not the text, so
// Fastify's own parser (its prototype-poisoning protection, its errors) and a JSON parser of the
// user's (`addContentTypeParser('application/json', ...)`, which a replaced parser would refuse)
// stay in place.

/**
 * Whether `value` holds arrays or plain objects nested more than `max` levels (`[]` is one level,
 * `{"a":[1]}` two). The recursion stops at `max`, so it never goes deeper than that itself; only
 * arrays and plain objects are entered (what JSON.parse makes), never buffers or class instances.
 *
 * @example
 * nestsDeeperThan([[1]], 1) // true
 * nestsDeeperThan({ a: [1] }, 2) // false
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  return isContainer(value) && deeper(value, max)
}

function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

// `value` is a container at a level where `levels` more (itself included) are allowed.
function deeper(value: object, levels: number): boolean {
  if (levels === 0) return true
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index]
      if (isContainer(item) && deeper(item, levels - 1)) return true
    }
    return false
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key]
    if (isContainer(item) && deeper(item, levels - 1)) return true
  }
  return false
}

/** `application/json` and the `+json` types (`application/problem+json`...), parameters aside. */
function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  if (contentType === 'application/json') return true
  const semicolon = contentType.indexOf(';')
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}

/**
 * A `preValidation` hook answering 400 (PORTICO_ERR_APP_BODY_TOO_DEEP) to a JSON body nested more
 * than `max` levels. Bodies of other types are left alone (a multipart body can hold references
 * back to itself), and so are bodies too short to nest that deep (`Content-Length` under
 * `2 * (max + 1)`, one opening and one closing bracket a level, and no `Content-Encoding`): most
 * requests cost a comparison or two.
 *
 * @example
 * app.addHook('preValidation', jsonDepthHook(128))
 */
export function jsonDepthHook(max: number) {
  const shortest = 2 * (max + 1)
  return function jsonDepth(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void {
    const body = request.body
    if (body === null || typeof body !== 'object') {
      done()
      return
    }
    // Cheapest test first: every request to a body-taking route runs this. A body too short to
    // nest that deep is left alone, unless compressed (decoded by a plugin, it can be far shorter
    // than what it nests); then only a JSON one (a multipart body can hold references back to itself).
    // `request.headers` is a getter: read once.
    const headers = request.headers
    const checked =
      !(Number(headers['content-length']) < shortest && headers['content-encoding'] === undefined) &&
      isJsonType(headers['content-type'])
    if (checked && nestsDeeperThan(body, max)) done(new PORTICO_ERR_APP_BODY_TOO_DEEP(max))
    else done()
  }
}

/** Methods whose requests Fastify never parses a body for. */
const BODILESS = new Set(['GET', 'HEAD'])

/**
 * An `onRoute` hook that gives {@link jsonDepthHook} to every route that can receive a body (not
 * GET or HEAD), after the route's own preValidation hooks. Per route rather than on the app: a
 * global hook would make every GET run a preValidation hook for nothing.
 *
 * @example
 * app.addHook('onRoute', jsonDepthOnRoute(128))
 */
export function jsonDepthOnRoute(max: number): (route: RouteOptions) => void {
  const hook = jsonDepthHook(max)
  return (route) => {
    const methods = [route.method].flat()
    if (methods.every((method) => BODILESS.has(method))) return
    const own = route.preValidation
    route.preValidation = own === undefined ? [hook] : [...[own].flat(), hook]
  }
}

/**
 * Checks createApp's `jsonMaxDepth`: a positive integer, or `false` for no bound.
 *
 * @example
 * checkJsonMaxDepth(0) // throws PORTICO_ERR_APP_OPTION_INVALID
 */
export function checkJsonMaxDepth(value: unknown): void {
  if (value === undefined || value === false) return
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return
  throw new PORTICO_ERR_APP_OPTION_INVALID(
    'jsonMaxDepth',
    `expected a positive integer or false, got ${String(value)}`,
  )
}
