import type { TSchema } from '@sinclair/typebox'
import type { FastifyContextConfig, RouteShorthandOptions } from 'fastify'
import type { DependencyRef, DependsEntry } from './depends-decorators.js'
import type { FileFieldOptions } from './files.js'

/**
 * An entry of a `dependencies` list (route, controller, app): a dependency run for its effect (a
 * guard; its value is discarded), or `Security(dep, scopes)` / `Depends(dep)`.
 *
 * @example
 * const guards: DependencyEntry[] = [verifyKey, Security(currentUser, ['admin'])]
 */
export type DependencyEntry = DependencyRef | DependsEntry

import type { ContentResponse } from './responses.js'

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
   * Cookies schema (property names as the cookies are named), validated like the other inputs and
   * documented as `in: cookie` parameters; `@Cookie(name)` reads one, `@Cookies()` all. Default: none.
   */
  cookies?: TSchema
  /**
   * Form fields schema (a `Type.Object`): the body of `application/x-www-form-urlencoded` requests
   * (and of `multipart/form-data` ones when the route has `files`), coerced like a query string and
   * documented as that request body. Required by `@Form()`. Not with `body`. Default: none.
   */
  form?: TSchema
  /**
   * Uploaded files by multipart field name, each with its limits (`types`, `maxSize`, `maxCount`,
   * `required`: `CORE_DEFAULTS.file`); read with `@File(name)` / `@Files(name)`. The route then takes
   * `multipart/form-data` bodies only. Not with `body`. Default: none.
   *
   * @example
   * \@Post('/books/:id/cover', { params: ById, files: { cover: { types: ['image/png', 'image/jpeg'], maxSize: 2_000_000 } } })
   */
  files?: Record<string, FileFieldOptions>
  /**
   * Response schemas by status code (`200`, `'2xx'`, `'default'`, ...). The reply is serialized with
   * the schema of its status: properties the schema does not declare are dropped. Default: none
   * (JSON.stringify). An entry may declare media types instead: `html()`, `text()`, `stream(type)`,
   * `file(type)`, `sse(Event)`, `redirect()` or a content map `{ content: { 'text/csv': Type.String() } }`
   * (see responses.ts), documented per media type.
   */
  response?: Record<number | string, TSchema | ContentResponse>
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
  /** OpenAPI security requirements; overrides the controller's `security` and what dependencies declare. */
  security?: SecurityRequirement[]
  /**
   * Dependencies run for their effect (guards) before the handler, after the app's and the
   * controller's; `Security(dep, scopes)` entries also require those scopes. Default: none.
   *
   * @example
   * \@Delete('/:id', { params: ById, dependencies: [Security(currentUser, ['books:write'])] })
   */
  dependencies?: readonly DependencyEntry[]

  // Fastify route options, passed through as given (https://fastify.dev/docs/latest/Reference/Routes/).
  // Left out on purpose: `method`, `url`, `handler`, `schema` (Portico builds them), the hooks
  // (`@Controller({ hooks })` and `@UseHooks()`), `prefixTrailingSlash` (Portico serves a route as
  // declared, trailing slash included) and `version` (use `constraints`).

  /**
   * Fastify route `config` (read by plugins such as @fastify/rate-limit: `{ rateLimit: { max: 5 } }`),
   * merged with Portico's own `config.portico`, which it may not set. Default: none.
   */
  config?: RouteConfig
  /** Largest accepted request body in bytes (413 above). Default: the Fastify instance's `bodyLimit`. */
  bodyLimit?: number
  /** Fastify route constraints, e.g. `{ host: 'api.example.com' }` or `{ version: '1.2.0' }`. Default: none. */
  constraints?: RouteShorthandOptions['constraints']
  /** Log level of the route's request logger, e.g. `'warn'` or `'silent'`. Default: the instance's. */
  logLevel?: RouteShorthandOptions['logLevel']
  /**
   * Serializers of the route's request logger, by key, e.g. `{ req: (request) => ({ url: request.url }) }`.
   * Default: the instance's. (Typed here: Fastify 5.0's route option types lack it.)
   */
  logSerializers?: Record<string, (value: any) => unknown>
  /**
   * Run the handler even when validation fails, with the error in `request.validationError` (read it
   * through `@Req()`). The route then documents no automatic 400. Default: false.
   */
  attachValidation?: boolean
  /**
   * Whether Fastify adds a HEAD route for this GET route. Default: Fastify's (`true`), `false` when an
   * explicit `@Head()` route has the same path.
   */
  exposeHeadRoute?: boolean
  /** Error handler of this route only (Fastify's `setErrorHandler` signature). Default: the context's. */
  errorHandler?: RouteShorthandOptions['errorHandler']
  /** Formats this route's validation errors (Fastify's `schemaErrorFormatter`). Default: the context's. */
  schemaErrorFormatter?: RouteShorthandOptions['schemaErrorFormatter']
  /** Compiles this route's request schemas (Fastify's `validatorCompiler`). Default: the context's. */
  validatorCompiler?: RouteShorthandOptions['validatorCompiler']
  /** Compiles this route's response schemas (Fastify's `serializerCompiler`). Default: the context's. */
  serializerCompiler?: RouteShorthandOptions['serializerCompiler']

  /**
   * Media types of the request body, documented as the operation's `requestBody` content types
   * (`schema.consumes`). Parsing them needs a content type parser (Fastify parses JSON and text).
   * Default: none (`application/json` in the document).
   *
   * @example
   * \@Post('/login', { body: Login, consumes: ['application/x-www-form-urlencoded'] })
   */
  consumes?: string[]
  /**
   * Fields merged into this route's OpenAPI operation object by @portico/openapi (deeply: objects
   * merge, other values replace), for what no other option says. Core only carries it, on the route
   * `schema` as `openapi`. Default: none.
   *
   * @example
   * \@Get('/', { openapi: { 'x-codeSamples': [{ lang: 'sh', source: 'curl /items' }], externalDocs: { url: 'https://example.com/items' } } })
   */
  openapi?: Record<string, unknown>
}

/**
 * The route `config` a route decorator accepts: anything but `portico`, which Portico sets.
 *
 * @example
 * const config: RouteConfig = { rateLimit: { max: 5, timeWindow: '1 minute' } }
 */
export type RouteConfig = Omit<FastifyContextConfig, 'portico'> & { portico?: never; [key: string]: unknown }

/** The schema-bearing keys of {@link RouteOptions}, checked at startup. */
export const SCHEMA_KEYS = ['body', 'querystring', 'params', 'headers', 'cookies', 'form'] as const

/** The {@link RouteOptions} keys handed to `fastify.route()` as given (`config` is merged apart). */
export const PASSED_THROUGH = [
  'bodyLimit',
  'constraints',
  'logLevel',
  'logSerializers',
  'attachValidation',
  'exposeHeadRoute',
  'errorHandler',
  'schemaErrorFormatter',
  'validatorCompiler',
  'serializerCompiler',
] as const satisfies readonly (keyof RouteOptions)[]
