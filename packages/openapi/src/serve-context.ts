import type { FastifyRequest } from 'fastify'
import type { OpenApiServeHook, ServerObject } from './options.js'

/** What one response is built with, after every serve hook ran. */
export interface ResolvedServeContext {
  basePath: string
  /** `undefined`: the document's own servers. */
  servers: ServerObject[] | undefined
  /** The `Vary` header value (the request headers the hooks read), `undefined` when none. */
  vary: string | undefined
}

const hasControlCharacter = (value: string) => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

/**
 * A base path is '' or an absolute path. `//x` and `/\x` are refused: browsers read them as
 * another host. A trailing slash is dropped so that `${basePath}/openapi.json` has no `//`.
 */
export function normalizeBasePath(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  if (value === '' || value === '/') return ''
  if (!value.startsWith('/') || value[1] === '/' || value[1] === '\\' || hasControlCharacter(value)) {
    return undefined
  }
  return value.endsWith('/') ? value.replace(/\/+$/, '') : value
}

/** `a, b, a` -> `a, b` (header names compare case-insensitively; the first spelling is kept). */
function joinVary(list: string): string {
  const seen = new Map<string, string>()
  for (const name of list.split(', ')) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name)
  return [...seen.values()].join(', ')
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Runs the serve hooks of one openapi plugin for each document or page response. Hooks return the
 * same few values request after request (one base path and one vary list per proxy location), so
 * the last base path checked and every frozen vary list are remembered instead of being checked
 * again per request.
 */
export class ServeContextResolver {
  readonly #hooks: readonly OpenApiServeHook[]
  readonly #defaultBasePath: string
  #lastBasePath: unknown
  #lastNormalized: string | undefined
  readonly #varyOfFrozen = new WeakMap<readonly unknown[], string | undefined>()

  /** `hooks` is read at each call: hooks added later (before ready) take part. */
  constructor(hooks: readonly OpenApiServeHook[], defaultBasePath: string) {
    this.#hooks = hooks
    this.#defaultBasePath = defaultBasePath
  }

  /** Runs the hooks in order; later hooks override earlier fields, invalid fields are ignored. */
  resolve(request: FastifyRequest): ResolvedServeContext {
    let basePath = this.#defaultBasePath
    let servers: ServerObject[] | undefined
    let vary: string | undefined
    for (const hook of this.#hooks) {
      const result = hook(request)
      if (result === undefined || result === null) continue
      if (result.basePath !== undefined) {
        const normalized = this.#normalize(result.basePath)
        if (normalized === undefined)
          request.log.debug('@portico/openapi: serve hook returned an invalid basePath; ignored')
        else basePath = normalized
      }
      if (result.servers !== undefined) {
        if (Array.isArray(result.servers)) servers = result.servers
        else request.log.debug('@portico/openapi: serve hook returned servers that are not an array; ignored')
      }
      if (Array.isArray(result.vary)) {
        const header = this.#varyHeader(result.vary)
        if (header !== undefined) vary = vary === undefined ? header : joinVary(`${vary}, ${header}`)
      }
    }
    return { basePath, servers, vary }
  }

  #normalize(value: unknown): string | undefined {
    if (value !== this.#lastBasePath) {
      this.#lastBasePath = value
      this.#lastNormalized = normalizeBasePath(value)
    }
    return this.#lastNormalized
  }

  /** The `Vary` value of the header names of `list` that are HTTP tokens (`undefined`: none). */
  #varyHeader(list: readonly unknown[]): string | undefined {
    const frozen = Object.isFrozen(list)
    if (frozen && this.#varyOfFrozen.has(list)) return this.#varyOfFrozen.get(list)
    const valid = list.filter((header) => typeof header === 'string' && TOKEN.test(header))
    const header = valid.length === 0 ? undefined : joinVary(valid.join(', '))
    if (frozen) this.#varyOfFrozen.set(list, header)
    return header
  }
}
