import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_ROUTE_INVALID, PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN } from './errors.js'
import { knownKeys, unknownKey } from './option-keys.js'
import type { RouteDefinition } from './route.js'
import { type RouteOptions, SCHEMA_KEYS } from './route-options.js'
import { type CheckedSchemas, checkResponseSchemas, checkSchema } from './schema-check.js'

// Startup checks of one route's options and path. Each catches a mistake that would otherwise be
// silent: a request that always fails, or an OpenAPI document that says something else than the app.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** What each passed-through Fastify option must be (Fastify's own errors would not name the route). */
const PASS_THROUGH_CHECKS: { [K in keyof RouteOptions]?: [(value: unknown) => boolean, string] } = {
  config: [isPlainObject, 'must be an object'],
  bodyLimit: [(v) => Number.isInteger(v) && (v as number) > 0, 'must be a positive integer (bytes)'],
  constraints: [isPlainObject, 'must be an object, e.g. { host: "api.example.com" }'],
  logLevel: [(v) => typeof v === 'string', 'must be a log level name'],
  logSerializers: [isPlainObject, 'must be an object of serializer functions'],
  attachValidation: [(v) => typeof v === 'boolean', 'must be a boolean'],
  exposeHeadRoute: [(v) => typeof v === 'boolean', 'must be a boolean'],
  errorHandler: [(v) => typeof v === 'function', 'must be a function'],
  schemaErrorFormatter: [(v) => typeof v === 'function', 'must be a function'],
  validatorCompiler: [(v) => typeof v === 'function', 'must be a function'],
  serializerCompiler: [(v) => typeof v === 'function', 'must be a function'],
  consumes: [
    (v) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && t.includes('/')),
    "must be an array of media types, e.g. ['application/x-www-form-urlencoded']",
  ],
  openapi: [isPlainObject, 'must be an object of OpenAPI operation fields'],
}

/**
 * PASS_THROUGH_CHECKS as a list made once, read with an index: these checks run for every route at
 * startup, mostly in the interpreter, where entries() and destructuring allocate on each route.
 */
const PASS_THROUGH_LIST = Object.entries(PASS_THROUGH_CHECKS).map(([key, [valid, expected]]) => ({
  key: key as keyof RouteOptions,
  valid,
  expected,
}))

/** `true` when a response key (`201`, `'2xx'`, `'default'`) covers `status`. */
function covers(keys: readonly string[], status: number): boolean {
  return keys.some((k) => k === String(status) || k === `${String(status)[0]}xx` || k === 'default')
}

/** A `status` (or Fastify's default 200) that no `response` schema serializes, documents a lie. */
function checkStatus(definition: RouteDefinition, where: string): void {
  const o = definition.options
  if (o.response === undefined) return
  const keys = Object.keys(o.response)
  const declared = () => keys.join(', ')
  if (o.status !== undefined) {
    if (covers(keys, o.status)) return
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      where,
      `it answers ${o.status} (\`status\`) but \`response\` declares no schema for it (declared: ${declared()}); declare \`response: { ${o.status}: ... }\` or change \`status\``,
    )
  }
  // A handler with @Reply() may set its status itself.
  if (definition.params.some((p) => p.kind === 'reply')) return
  const success = keys.filter((k) => k.startsWith('2'))
  if (success.length === 0 || covers(keys, 200)) return
  throw new PORTICO_ERR_CORE_ROUTE_INVALID(
    where,
    `it answers 200 (Fastify's default) but \`response\` declares no schema for it (declared: ${declared()}); set \`status: ${success[0]}\``,
  )
}

/** Checks one route's options: known keys, schemas, status, the Fastify options passed through. */
export function checkRouteOptions(definition: RouteDefinition, where: string, checked: CheckedSchemas): void {
  const o = definition.options
  const unknown = unknownKey(o, CORE_DEFAULTS.route)
  if (unknown !== undefined) {
    throw new PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN(unknown, where, knownKeys(CORE_DEFAULTS.route))
  }
  for (const key of SCHEMA_KEYS) if (o[key] !== undefined) checkSchema(o[key], key, where, checked)
  if (o.response !== undefined) checkResponseSchemas(o.response, where, checked)
  if (o.status !== undefined && (!Number.isInteger(o.status) || o.status < 100 || o.status > 599)) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, `status ${o.status} is not an HTTP status code`)
  }
  for (let i = 0; i < PASS_THROUGH_LIST.length; i++) {
    const { key, valid, expected } = PASS_THROUGH_LIST[i]!
    const value = o[key]
    if (value !== undefined && !valid(value)) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, `\`${key}\` ${expected}`)
    }
  }
  if (o.config !== undefined && Object.hasOwn(o.config, 'portico')) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      where,
      "`config.portico` is Portico's own (route name, controller, handler): use another key",
    )
  }
  checkStatus(definition, where)
}

const WORD_CHAR = /[\w$]/

/** Whether the Fastify path `path` has a `:name` segment. */
export function hasSegment(path: string, name: string): boolean {
  // indexOf, not a RegExp built from `name`: one would be compiled per parameter of every route.
  const needle = `:${name}`
  for (let at = path.indexOf(needle); at !== -1; at = path.indexOf(needle, at + 1)) {
    const next = path[at + needle.length]
    if (next === undefined || !WORD_CHAR.test(next)) return true
  }
  return false
}

/**
 * Rejects a FastAPI-style `{name}` parameter in a route's path (Fastify would match it literally, and
 * every `@Param(name)` would then say the path has no such segment). `fullPath` includes the register
 * prefix.
 */
export function checkPathSyntax(where: string, fullPath: string): void {
  const braced = /\{([A-Za-z_$][\w$-]*)\}/.exec(fullPath)
  if (!braced) return
  const fixed = fullPath.replace(/\{([A-Za-z_$][\w$-]*)\}/g, ':$1')
  throw new PORTICO_ERR_CORE_ROUTE_INVALID(
    where,
    `the path '${fullPath}' writes a parameter as {${braced[1]}}: Fastify (and Portico) write it :${braced[1]}, as in '${fixed}'`,
  )
}

/**
 * Requires a `:segment` in the path for every property of the route's `params` schema: else every
 * request fails validation and the document declares a path parameter the path does not have.
 */
export function checkParamsInPath(definition: RouteDefinition, where: string, fullPath: string): void {
  const properties = (definition.options.params as { properties?: unknown } | undefined)?.properties
  if (!isPlainObject(properties)) return
  for (const name of Object.keys(properties)) {
    if (!hasSegment(fullPath, name)) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        where,
        `the \`params\` schema declares \`${name}\` but the path '${fullPath}' has no :${name} segment`,
      )
    }
  }
}
