import { isDeepStrictEqual } from 'node:util'
import type { RouteOptions } from 'fastify'
import type { ErrorFormat } from './error-schemas.js'
import { PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT } from './errors.js'
import { httpErrorSchema } from './http-error-component.js'
import type { OpenApiDocument } from './options.js'

// The security schemes routes declare themselves: @portico/core puts every scheme a route's
// dependencies reach in `config.portico.securitySchemes` (`{ <name>: <Security Scheme Object> }`)
// and the requirement in `schema.security`. This file puts those schemes in
// `components.securitySchemes` and documents the 401 (and 403) such routes answer.

type Schemes = Record<string, Record<string, unknown>>

/** The schemes a route declares in `config.portico.securitySchemes` (core's contract), if any. */
export function routeSecuritySchemes(route: RouteOptions): Schemes | undefined {
  const schemes = (route.config as { portico?: { securitySchemes?: unknown } } | undefined)?.portico
    ?.securitySchemes
  if (schemes === null || typeof schemes !== 'object' || Object.keys(schemes).length === 0) return undefined
  return schemes as Schemes
}

/**
 * Every security scheme of a document: the `securitySchemes` option's, then those the routes
 * declare. Throws `PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT` when one name has two different
 * objects, naming both places (`describe` names a route).
 */
export function collectSecuritySchemes(
  routes: Iterable<{ route: RouteOptions; describe: () => string }>,
  declared: Record<string, unknown> | undefined,
): Schemes {
  const schemes: Schemes = { ...(declared as Schemes | undefined) }
  const where = new Map<string, string>(
    Object.keys(schemes).map((name) => [name, 'the securitySchemes option']),
  )
  for (const { route, describe } of routes) {
    for (const [name, scheme] of Object.entries(routeSecuritySchemes(route) ?? {})) {
      const existing = schemes[name]
      if (existing === undefined) {
        schemes[name] = scheme
        where.set(name, describe())
      } else if (!isDeepStrictEqual(existing, scheme)) {
        throw new PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT(name, where.get(name)!, describe())
      }
    }
  }
  return schemes
}

/**
 * Puts the schemes `route` declares into the document being generated, before @fastify/swagger
 * builds the route's operation: it reads `components.securitySchemes` for each requirement (and
 * leaves the scheme's header or query parameter out of the parameters). The object is replaced, not
 * changed: @fastify/swagger's copy shares it with the `securitySchemes` option.
 */
export function addRouteSecuritySchemes(document: OpenApiDocument, route: RouteOptions): void {
  const schemes = routeSecuritySchemes(route)
  if (schemes === undefined) return
  document.components ??= {}
  const existing = document.components.securitySchemes as Schemes | undefined
  if (existing !== undefined && Object.keys(schemes).every((name) => Object.hasOwn(existing, name))) return
  document.components.securitySchemes = { ...structuredClone(schemes), ...existing } as never
}

/** Whether one of the route's requirements on `schemes` names scopes (a 403 is then possible). */
function requiresScopes(route: RouteOptions, schemes: Schemes): boolean {
  const security = (route.schema as { security?: unknown } | undefined)?.security
  if (!Array.isArray(security)) return false
  return security.some((requirement: Record<string, unknown> | null) =>
    Object.entries(requirement ?? {}).some(
      ([name, scopes]) => Object.hasOwn(schemes, name) && Array.isArray(scopes) && scopes.length > 0,
    ),
  )
}

/**
 * On every operation whose route declares a security scheme: a 401 (`WWW-Authenticate` header, the error body of `format`) and, when the
 * route requires scopes, a 403, unless the operation declares that status (or `4XX`) itself.
 */
export function addSecurityDocumentation(
  document: OpenApiDocument,
  operations: Iterable<{ route: RouteOptions; responses: Record<string, unknown> | undefined }>,
  format: ErrorFormat,
): void {
  let schema: Record<string, unknown> | undefined
  for (const { route, responses } of operations) {
    const schemes = routeSecuritySchemes(route)
    if (schemes === undefined || responses === undefined || responses['4XX'] !== undefined) continue
    schema ??= httpErrorSchema(document, format)
    responses['401'] ??= {
      description: 'Not authenticated',
      headers: {
        'WWW-Authenticate': { description: 'The authentication challenge', schema: { type: 'string' } },
      },
      content: { 'application/json': { schema: structuredClone(schema) } },
    }
    if (requiresScopes(route, schemes)) {
      responses['403'] ??= {
        description: 'Not enough permissions',
        content: { 'application/json': { schema: structuredClone(schema) } },
      }
    }
  }
}
