import type { TSchema } from '@sinclair/typebox'

/**
 * HTTP methods a route decorator can declare; `ALL` is every method Fastify supports.
 *
 * @example
 * const method: HttpMethod = 'PATCH'
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ALL'

/**
 * OpenAPI security requirement: scheme name -> scopes.
 *
 * @example
 * \@Get('/me', { security: [{ oauth2: ['profile'] }] })
 */
export type SecurityRequirement = Record<string, string[]>

/**
 * Options of a route decorator (`@Get(path, options)` and friends). Schemas validate the request,
 * serialize the response and document the route; documentation fields land on the Fastify route
 * `schema`, where @fastify/swagger reads them.
 *
 * @example
 * \@Post('/', {
 *   body: Type.Object({ name: Type.String() }),
 *   response: { 201: User },
 *   status: 201,
 *   summary: 'Create a user',
 *   name: 'users.create',
 * })
 */
export interface RouteOptions {
  /** Request body schema; required by `@Body()`. Default: none (body not validated). */
  body?: TSchema
  /** Query string schema; required by `@Query()`. Default: none. */
  querystring?: TSchema
  /** Path parameters schema; required by `@Params()` and `@Param(name)` (which needs `name` in it). */
  params?: TSchema
  /** Request headers schema (property names lower case). `@Headers()`/`@Header()` work without it. */
  headers?: TSchema
  /**
   * Response schemas by status code (`200`, `'2xx'`, `'default'`, ...). The reply is serialized with
   * the schema of its status: properties the schema does not declare are dropped. Default: none
   * (JSON.stringify).
   */
  response?: Record<number | string, TSchema>
  /** Success status code set before the handler runs. Default: 200 (Fastify's default). */
  status?: number
  /** Route name (used by URL generation). Default: none. Stored in `config.portico.name`. */
  name?: string
  /** OpenAPI summary. */
  summary?: string
  /** OpenAPI description (Markdown). */
  description?: string
  /** OpenAPI tags, added after the controller's tags. */
  tags?: string[]
  /** OpenAPI operationId. Default: none (the openapi package may derive one from `config.portico`). */
  operationId?: string
  /** Marks the operation deprecated in OpenAPI. Default: false. */
  deprecated?: boolean
  /** Leaves the route out of the OpenAPI document. Default: false. */
  hide?: boolean
  /** OpenAPI security requirements; overrides the controller's `security`. */
  security?: SecurityRequirement[]
}

/** The schema-bearing keys of {@link RouteOptions}, checked at startup. */
export const SCHEMA_KEYS = ['body', 'querystring', 'params', 'headers'] as const
