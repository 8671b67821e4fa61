import type { FastifyRequest } from 'fastify'
import type { OpenApiServeHook, ServerObject } from './options.js'

/** What one response is built with, after every serve hook ran. */
export interface ResolvedServeContext {
  basePath: string
  /** `undefined`: the document's own servers. */
  servers: ServerObject[] | undefined
  vary: string[]
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

/** Runs the serve hooks in order; later hooks override earlier fields, invalid fields are ignored. */
export function resolveServeContext(
  request: FastifyRequest,
  hooks: readonly OpenApiServeHook[],
  defaultBasePath: string,
): ResolvedServeContext {
  const context: ResolvedServeContext = { basePath: defaultBasePath, servers: undefined, vary: [] }
  for (const hook of hooks) {
    const result = hook(request)
    if (result === undefined || result === null) continue
    if (result.basePath !== undefined) {
      const basePath = normalizeBasePath(result.basePath)
      if (basePath === undefined)
        request.log.debug('@portico/openapi: serve hook returned an invalid basePath; ignored')
      else context.basePath = basePath
    }
    if (result.servers !== undefined) {
      if (Array.isArray(result.servers)) context.servers = result.servers
      else request.log.debug('@portico/openapi: serve hook returned servers that are not an array; ignored')
    }
    if (Array.isArray(result.vary)) {
      for (const header of result.vary) {
        if (typeof header === 'string' && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(header))
          context.vary.push(header)
      }
    }
  }
  return context
}
