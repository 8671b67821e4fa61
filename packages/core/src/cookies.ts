import type { Static, TSchema } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PORTICO_ERR_CORE_PARAM_INVALID } from './errors.js'
import { paramDecorator, type SchemaParamDecorator } from './params.js'

// Cookies: `@Cookie(name, schema?)` / `@Cookies()` and the route option `cookies`. Fastify validates
// params, querystring, headers and body only: the `cookies` schema is compiled with the route's own
// validator compiler (so the same Ajv options, coercion and defaults apply) and checked in the
// route's last preValidation hook, with the error Fastify builds for the other inputs
// (`FST_ERR_VALIDATION`, `validationContext: 'cookies'`). @fastify/swagger documents
// `schema.cookies` as `in: cookie` parameters.

/**
 * Injects one cookie, by its (case-sensitive) name: the validated value when the route declares a
 * `cookies` schema (which must then declare the name), else the raw string or `undefined`. With
 * `schema`, the cookie is added to the route's `cookies` schema: validated, coerced and documented as
 * if the route declared it (required unless `Type.Optional` or defaulted); type the parameter
 * `Resolved<typeof S>` (a parameter `Static<S>` does not fit fails to compile).
 *
 * @example
 * \@Get('/me')
 * me(@Cookie('session') session: string | undefined) {}
 * \@Get('/prefs')
 * prefs(@Cookie('theme', Theme) theme: Resolved<typeof Theme>) {} // const Theme = Type.Union([Type.Literal('dark'), Type.Literal('light')], { default: 'light' })
 */
export function Cookie(name: string): ParameterDecorator
export function Cookie<S extends TSchema>(name: string, schema: S): SchemaParamDecorator<Static<S>>
export function Cookie(name: string, schema?: TSchema): any {
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_PARAM_INVALID('@Cookie()', 0, 'needs a cookie name')
  }
  if (schema !== undefined && (typeof schema !== 'object' || schema === null)) {
    throw new PORTICO_ERR_CORE_PARAM_INVALID(`@Cookie('${name}')`, 0, 'has a schema that is not an object')
  }
  return paramDecorator('cookie', `@Cookie('${name}')`, name, schema === undefined ? undefined : { schema })
}

/**
 * Injects every cookie of the request as an object: validated by the route's `cookies` schema when
 * it declares one, else the raw strings.
 *
 * @example
 * \@Get('/', { cookies: Type.Object({ session: Type.String(), theme: Type.Optional(Type.String()) }) })
 * show(@Cookies() cookies: { session: string; theme?: string }) {}
 */
export function Cookies(): ParameterDecorator {
  return paramDecorator('cookies', '@Cookies()')
}

type Schema = Record<string, unknown>
const OPTIONAL = Symbol.for('TypeBox.Optional')

/**
 * The route's `cookies` schema with the in-place schemas of `@Cookie(name, schema)` added (each
 * required unless `Type.Optional` or defaulted). `undefined` when there is neither.
 */
export function mergeCookieSchemas(
  declared: unknown,
  inPlace: readonly { name: string; schema: TSchema }[],
): Schema | undefined {
  if (inPlace.length === 0) return declared as Schema | undefined
  const base = (declared ?? { type: 'object', properties: {} }) as Schema
  const properties: Schema = { ...(base.properties as Schema | undefined) }
  const required = new Set((base.required as string[] | undefined) ?? [])
  for (const { name, schema } of inPlace) {
    properties[name] = schema
    // As for dependency inputs (dependency-schemas.ts): required unless optional or defaulted.
    if ((schema as unknown as Record<symbol, unknown>)[OPTIONAL] !== 'Optional' && !('default' in schema))
      required.add(name)
  }
  // A new object: the declared schema may be shared by other routes. Its `$id` stays with it.
  const { $id: _id, ...rest } = base
  return { ...rest, type: 'object', properties, ...(required.size > 0 ? { required: [...required] } : {}) }
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null }
type Formatter = (errors: any[], dataVar: any) => Error

/** Fastify's default message (lib/context.js): `cookies must have required property 'session'`. */
function defaultFormatter(errors: unknown[], dataVar: string): Error {
  const text = (errors as { instancePath?: string; message?: string }[])
    .map((e) => `${dataVar}${e.instancePath ?? ''} ${e.message}`)
    .join(', ')
  return new Error(text)
}

/**
 * The route's onRequest hook that gives `request.cookies` its value when the cookie plugin did not
 * parse them (@fastify/cookie registered by the application with `hook: false`, or by Portico, which
 * registers it so: parsing then costs only the routes that read cookies).
 */
export function parseCookiesHook(
  this: FastifyInstance,
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const r = request as FastifyRequest & { cookies?: Record<string, string | undefined> | null }
  if (r.cookies == null) {
    const parse = (this as unknown as { parseCookie: (header: string) => Record<string, string> }).parseCookie
    r.cookies = parse(request.headers.cookie ?? '')
  }
  done()
}

/**
 * The route's preValidation hook validating `request.cookies` (coercing and filling defaults in
 * place) against `schema`. The error is Fastify's validation error: status 400, `FST_ERR_VALIDATION`,
 * `validation` (Ajv's errors) and `validationContext: 'cookies'`, formatted by the route's
 * `schemaErrorFormatter` when it has one. With `attachValidation` the handler still runs.
 */
export function cookieValidationHook(schema: Schema, formatter: Formatter | undefined, attach: boolean) {
  let validate: Validate | undefined
  const format = formatter ?? defaultFormatter
  return function validateCookies(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ) {
    validate ??= request.compileValidationSchema(schema, 'cookies' as never) as Validate
    const r = request as FastifyRequest & { cookies?: Record<string, unknown> | null }
    r.cookies ??= {}
    if (validate(r.cookies)) return done()
    const errors = [...(validate.errors ?? [])]
    const error = format(errors, 'cookies') as Error & Record<string, unknown>
    error.statusCode ??= 400
    error.code ??= 'FST_ERR_VALIDATION'
    error.validation = errors
    error.validationContext = 'cookies'
    if (!attach) return done(error)
    const withError = request as unknown as { validationError?: Error }
    withError.validationError ??= error
    done()
  }
}
