import createError, { type FastifyErrorConstructor } from '@fastify/error'

/**
 * Constructor of a coded Portico error; its arguments fill the message's `%s`/`%d` placeholders.
 *
 * @example
 * const err = new ERR_INVALID_OPTION('controllers', 'expected an array') // err.code: 'PORTICO_ERR_OPTION_INVALID'
 */
export type PorticoErrorConstructor = FastifyErrorConstructor<{ code: string }, unknown[]>

function coded(code: string, message: string): PorticoErrorConstructor {
  return createError<string, number, unknown[]>(code, message, 500)
}

// Every coded startup error of @portico/core. Each message names the class, method, parameter or
// option at fault, so the stack trace is not needed to find it.

/**
 * A class passed in `controllers` has no `@Controller()` decorator.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_CONTROLLER_NOT_DECORATED') // true
 */
export const ERR_NOT_A_CONTROLLER = coded(
  'PORTICO_ERR_CONTROLLER_NOT_DECORATED',
  '%s is not a controller: decorate it with @Controller() before passing it in `controllers`',
)

/**
 * Invalid bootstrap options (`controllers`, `providers`, ...).
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_OPTION_INVALID') // true
 */
export const ERR_INVALID_OPTION = coded('PORTICO_ERR_OPTION_INVALID', 'Invalid option `%s`: %s')

/**
 * Two handlers answer the same method and path.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_ROUTE_DUPLICATE') // true
 */
export const ERR_DUPLICATE_ROUTE = coded('PORTICO_ERR_ROUTE_DUPLICATE', 'Two handlers for %s %s: %s and %s')

/**
 * Misuse of a route decorator (two HTTP decorators on one method, a bad path, ...).
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_ROUTE_INVALID') // true
 */
export const ERR_INVALID_ROUTE = coded('PORTICO_ERR_ROUTE_INVALID', 'Invalid route %s: %s')

/**
 * A schema given in route options is not a JSON schema object.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_SCHEMA_INVALID') // true
 */
export const ERR_INVALID_SCHEMA = coded('PORTICO_ERR_SCHEMA_INVALID', 'Invalid %s schema on %s: %s')

/**
 * A parameter decorator needs a schema the route does not declare.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_PARAM_SCHEMA_MISSING') // true
 */
export const ERR_PARAM_SCHEMA_MISSING = coded(
  'PORTICO_ERR_PARAM_SCHEMA_MISSING',
  '%s parameter #%d uses %s but %s',
)

/**
 * A handler parameter has no parameter decorator, or two.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_PARAM_INVALID') // true
 */
export const ERR_PARAM_INVALID = coded('PORTICO_ERR_PARAM_INVALID', '%s parameter #%d %s')

/**
 * No provider is registered for a token a class depends on.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_DI_MISSING_PROVIDER') // true
 */
export const ERR_MISSING_PROVIDER = coded(
  'PORTICO_ERR_DI_MISSING_PROVIDER',
  'No provider for %s, needed by parameter #%d of %s: add it to `providers`%s',
)

/**
 * A constructor parameter's type is undefined at runtime (circular import or type-only import).
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_DI_UNDEFINED_DEPENDENCY') // true
 */
export const ERR_UNDEFINED_DEPENDENCY = coded(
  'PORTICO_ERR_DI_UNDEFINED_DEPENDENCY',
  'Cannot resolve parameter #%d of %s: its type is undefined at runtime. Likely cause: a circular import ' +
    "(the parameter's class was not yet defined when %s was decorated) or an `import type` of that class. " +
    'Break the import cycle, use a value import, or inject it with @Inject(token)',
)

/**
 * A constructor parameter's type cannot serve as a token (interface, union, primitive, Object).
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_DI_UNINJECTABLE_TYPE') // true
 */
export const ERR_UNINJECTABLE_TYPE = coded(
  'PORTICO_ERR_DI_UNINJECTABLE_TYPE',
  'Cannot resolve parameter #%d of %s: its type %s is not injectable (an interface, union or primitive ' +
    'type compiles to %s). Use @Inject(token)',
)

/**
 * A class has constructor parameters but no design:paramtypes metadata.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_DI_NO_TYPE_METADATA') // true
 */
export const ERR_NO_TYPE_METADATA = coded(
  'PORTICO_ERR_DI_NO_TYPE_METADATA',
  '%s has %d constructor parameter(s) but no type metadata: decorate it with @Injectable() and compile with ' +
    'tsc (emitDecoratorMetadata), or inject each parameter with @Inject(token)',
)

/**
 * Providers depend on each other in a cycle.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_DI_CIRCULAR') // true
 */
export const ERR_CIRCULAR_DEPENDENCY = coded('PORTICO_ERR_DI_CIRCULAR', 'Circular dependency: %s')

/**
 * A provider object is malformed.
 *
 * @example
 * await app.ready().catch((err) => err.code === 'PORTICO_ERR_DI_PROVIDER_INVALID') // true
 */
export const ERR_INVALID_PROVIDER = coded('PORTICO_ERR_DI_PROVIDER_INVALID', 'Invalid provider %s: %s')
