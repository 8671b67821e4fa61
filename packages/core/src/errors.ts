import createError, { type FastifyErrorConstructor } from '@fastify/error'

/**
 * Constructor of a coded Portico error; its arguments fill the message's `%s`/`%d` placeholders.
 *
 * @example
 * const err = new PORTICO_ERR_CORE_OPTION_INVALID('controllers', 'expected an array')
 * err.code // 'PORTICO_ERR_CORE_OPTION_INVALID'
 */
export type PorticoErrorConstructor = FastifyErrorConstructor<{ code: string }, unknown[]>

function coded(code: string, message: string): PorticoErrorConstructor {
  return createError<string, number, unknown[]>(code, message, 500)
}

// Every coded startup error of @portico/core. Codes are PORTICO_ERR_CORE_<NOUN>_<PROBLEM> and each
// constant is named as its code. Each message names the class, method, parameter or option at fault,
// so the stack trace is not needed to find it.

/**
 * A class passed in `controllers` has no `@Controller()` decorator of its own.
 *
 * @example
 * await app.register(portico, { controllers: [class Plain {}] })
 * await app.ready() // rejects: Plain is not a controller: decorate it with @Controller() ...
 */
export const PORTICO_ERR_CORE_CONTROLLER_NOT_DECORATED = coded(
  'PORTICO_ERR_CORE_CONTROLLER_NOT_DECORATED',
  '%s is not a controller: decorate it with @Controller() before passing it in `controllers`',
)

/**
 * Misuse of `@Controller()`: a prefix that is not a string, options that are not an object. Thrown
 * when the class is decorated.
 *
 * @example
 * \@Controller('/x', 'admin' as never) class X {} // throws: Invalid controller X: the options must be an object
 */
export const PORTICO_ERR_CORE_CONTROLLER_INVALID = coded(
  'PORTICO_ERR_CORE_CONTROLLER_INVALID',
  'Invalid controller %s: %s',
)

/**
 * `@Controller(prefix, options)` options have a key Portico does not know (a typo is never ignored).
 * Thrown at startup.
 *
 * @example
 * \@Controller('/admin', { tag: ['admin'] }) class Admin {}
 * // app.ready() rejects: Unknown option `tag` in @Controller() of Admin (known: tags, hooks, security)
 */
export const PORTICO_ERR_CORE_CONTROLLER_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_CONTROLLER_OPTION_UNKNOWN',
  'Unknown option `%s` in @Controller() of %s (known: %s)',
)

/**
 * Invalid `portico` plugin options (`controllers`, `providers` not arrays of the right things).
 *
 * @example
 * await app.register(portico, { controllers: 'UsersController' as never })
 * await app.ready() // rejects: Invalid option `controllers`: expected an array of controller classes
 */
export const PORTICO_ERR_CORE_OPTION_INVALID = coded(
  'PORTICO_ERR_CORE_OPTION_INVALID',
  'Invalid option `%s`: %s',
)

/**
 * The `portico` plugin options have a key Portico does not know. Fastify's own register options
 * (`prefix`, `logLevel`, `logSerializers`) are allowed.
 *
 * @example
 * await app.register(portico, { controller: [UsersController] } as never)
 * await app.ready() // rejects: Unknown option `controller` of the portico plugin (known: controllers, providers)
 */
export const PORTICO_ERR_CORE_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_OPTION_UNKNOWN',
  'Unknown option `%s` of the portico plugin (known: %s)',
)

/**
 * Two handlers answer the same method and path (both are named). Thrown at startup.
 *
 * @example
 * // @Get('/users/:id') in A.find and @Get('/users/:userId') in B.show
 * await app.ready() // rejects: Two handlers for GET /users/:userId: A.find and B.show
 */
export const PORTICO_ERR_CORE_ROUTE_DUPLICATE = coded(
  'PORTICO_ERR_CORE_ROUTE_DUPLICATE',
  'Two handlers for %s %s: %s and %s',
)

/**
 * Misuse of a route decorator (two HTTP decorators on one method, a bad path or `status`, a
 * non-method target). Thrown when the class is decorated, or at startup for `status`.
 *
 * @example
 * \@Get('/', { status: 42 }) list() {}
 * // app.ready() rejects: Invalid route Users.list: status 42 is not an HTTP status code
 */
export const PORTICO_ERR_CORE_ROUTE_INVALID = coded('PORTICO_ERR_CORE_ROUTE_INVALID', 'Invalid route %s: %s')

/**
 * Route decorator options have a key Portico does not know (a typo such as `respones` is never
 * ignored). Thrown at startup, naming `Controller.method`.
 *
 * @example
 * \@Get('/', { respones: { 200: User } }) list() {}
 * // app.ready() rejects: Unknown route option `respones` on Users.list (known: body, querystring, ...)
 */
export const PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN',
  'Unknown route option `%s` on %s (known: %s)',
)

/**
 * A schema given in route options is not a JSON schema object (or a `response` key is not a status).
 * Thrown at startup.
 *
 * @example
 * \@Post('/', { body: 'string' as never }) create() {}
 * // app.ready() rejects: Invalid body schema on Users.create: expected a JSON schema object ...
 */
export const PORTICO_ERR_CORE_SCHEMA_INVALID = coded(
  'PORTICO_ERR_CORE_SCHEMA_INVALID',
  'Invalid %s schema on %s: %s',
)

/**
 * A parameter decorator needs a schema (or a schema property, or a path segment) the route does not
 * declare. Thrown at startup.
 *
 * @example
 * \@Post('/') create(@Body() body: unknown) {}
 * // app.ready() rejects: Users.create parameter #0 uses @Body() but the route declares no `body` schema
 */
export const PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING = coded(
  'PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING',
  '%s parameter #%d uses %s but %s',
)

/**
 * A handler parameter has no parameter decorator, or two. Thrown at startup, or when decorated.
 *
 * @example
 * \@Post('/', { body: NewUser }) create(@Body() body: unknown, extra: unknown) {}
 * // app.ready() rejects: Users.create parameter #1 has no parameter decorator: use @Body(), ...
 */
export const PORTICO_ERR_CORE_PARAM_INVALID = coded('PORTICO_ERR_CORE_PARAM_INVALID', '%s parameter #%d %s')

/**
 * No provider is registered for a token a class depends on. Thrown at startup.
 *
 * @example
 * // UsersController's constructor takes a UsersService that is not in `providers` nor @Injectable()
 * await app.ready() // rejects: No provider for UsersService, needed by parameter #0 of UsersController ...
 */
export const PORTICO_ERR_CORE_DI_PROVIDER_MISSING = coded(
  'PORTICO_ERR_CORE_DI_PROVIDER_MISSING',
  'No provider for %s, needed by parameter #%d of %s: add it to `providers`%s',
)

/**
 * A constructor parameter's type is undefined at runtime (circular import or type-only import).
 * Thrown at startup.
 *
 * @example
 * // `import type { Db } from './db.js'` in a class whose constructor takes a Db
 * await app.ready() // rejects: Cannot resolve parameter #0 of Repo: its type is undefined at runtime ...
 */
export const PORTICO_ERR_CORE_DI_DEPENDENCY_UNDEFINED = coded(
  'PORTICO_ERR_CORE_DI_DEPENDENCY_UNDEFINED',
  'Cannot resolve parameter #%d of %s: its type is undefined at runtime. Likely cause: a circular import ' +
    "(the parameter's class was not yet defined when %s was decorated) or an `import type` of that class. " +
    'Break the import cycle, use a value import, or inject it with @Inject(token)',
)

/**
 * A constructor parameter's type cannot serve as a token: an interface, union or primitive (its
 * design type is Object, String...), or a class imported with `import type` (its design type is
 * Function: the message then suggests a value import). Thrown at startup.
 *
 * @example
 * // constructor(private readonly clock: Clock) where Clock is an interface, without @Inject(token)
 * await app.ready() // rejects: Cannot resolve parameter #0 of Service: its type Object is not injectable ...
 * // constructor(private readonly db: Db) with `import type { Db } from './db.js'`
 * await app.ready() // rejects: Cannot resolve parameter #0 of Repo: `db` has type Function at runtime. ... import the class as a value ...
 */
export const PORTICO_ERR_CORE_DI_TYPE_UNINJECTABLE = coded(
  'PORTICO_ERR_CORE_DI_TYPE_UNINJECTABLE',
  'Cannot resolve parameter #%d of %s: %s',
)

/**
 * A class has constructor parameters but no design:paramtypes metadata (not `@Injectable()`, or not
 * compiled with tsc's `emitDecoratorMetadata`). Thrown at startup.
 *
 * @example
 * // class Repo { constructor(db: Db) {} } without @Injectable(), listed in `providers`
 * await app.ready() // rejects: Repo has 1 constructor parameter(s) but no type metadata ...
 */
export const PORTICO_ERR_CORE_DI_TYPE_METADATA_MISSING = coded(
  'PORTICO_ERR_CORE_DI_TYPE_METADATA_MISSING',
  '%s has %d constructor parameter(s) but no type metadata: decorate it with @Injectable() and compile with ' +
    'tsc (emitDecoratorMetadata), or inject each parameter with @Inject(token)',
)

/**
 * Providers depend on each other in a cycle (the chain is named). Thrown at startup.
 *
 * @example
 * // providers: [{ provide: A, useFactory, inject: [B] }, { provide: B, useFactory, inject: [A] }]
 * await app.ready() // rejects: Circular dependency: InjectionToken(A) -> InjectionToken(B) -> InjectionToken(A)
 */
export const PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR = coded(
  'PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR',
  'Circular dependency: %s',
)

/**
 * A provider object is malformed (no `provide`, a bad token, none of useValue/useClass/useFactory).
 * Thrown at startup.
 *
 * @example
 * await app.register(portico, { providers: [{ provide: 'db' } as never] })
 * await app.ready() // rejects: Invalid provider providers[0] ('db'): needs one of useValue, useClass ...
 */
export const PORTICO_ERR_CORE_DI_PROVIDER_INVALID = coded(
  'PORTICO_ERR_CORE_DI_PROVIDER_INVALID',
  'Invalid provider %s: %s',
)

/**
 * `@UseHooks()` got neither a hooks object nor a hook class, or a hook class with no method named
 * like a Fastify hook. Thrown when the class is decorated.
 *
 * @example
 * \@UseHooks(AuditLog) class Admin {} // throws: Invalid hooks @UseHooks() on Admin: AuditLog has no method named like a Fastify hook (onRequest, ...)
 */
export const PORTICO_ERR_CORE_HOOKS_INVALID = coded('PORTICO_ERR_CORE_HOOKS_INVALID', 'Invalid hooks %s: %s')

/**
 * Settings read by `settings(schema, options)` are missing or invalid. Thrown at startup (when the
 * container creates the settings provider) or by `load()`; the message lists every variable at
 * fault (with its prefix) and the type it expects.
 *
 * @example
 * const AppSettings = settings(Type.Object({ port: Type.Integer() }), { prefix: 'APP_' })
 * // APP_PORT=abc
 * await app.ready() // rejects: Invalid settings(port): APP_PORT must be integer, got "abc"
 */
export const PORTICO_ERR_CORE_SETTINGS_INVALID = coded('PORTICO_ERR_CORE_SETTINGS_INVALID', 'Invalid %s: %s')

/**
 * `settings(schema, options)` got an option it does not know. Thrown by `settings()`.
 *
 * @example
 * settings(Schema, { envfile: '.env' } as never) // throws: Unknown option `envfile` of settings() (known: prefix, env, envFile)
 */
export const PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_SETTINGS_OPTION_UNKNOWN',
  'Unknown option `%s` of settings() (known: %s)',
)

/**
 * `settings(schema, options)` got a schema that is not a TypeBox object, or an option of the wrong
 * type. Thrown by `settings()`.
 *
 * @example
 * settings(Type.String() as never) // throws: Invalid settings() argument `schema`: expected a TypeBox object schema
 */
export const PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID = coded(
  'PORTICO_ERR_CORE_SETTINGS_OPTION_INVALID',
  'Invalid settings() argument `%s`: %s',
)

/**
 * The `envFile` of `settings()` has a line that is not `KEY=value` (nor a comment, nor blank), an
 * invalid variable name or an unterminated quote. Thrown at startup, naming the file and line.
 *
 * @example
 * // .env: `DATABASE_URL postgres://x`
 * await app.ready() // rejects: Invalid env file .env, line 1: expected KEY=value
 */
export const PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID = coded(
  'PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID',
  'Invalid env file %s, line %d: %s',
)

/**
 * The options of a security scheme (`new HttpBearer(...)`, `HttpBasic`, `ApiKey`,
 * `OAuth2PasswordBearer`) have a key it does not know. Thrown by the constructor.
 *
 * @example
 * new OAuth2PasswordBearer({ tokenURL: '/token' } as never)
 * // throws: Unknown option `tokenURL` of OAuth2PasswordBearer (known: tokenUrl, scopes, name, description, autoError)
 */
export const PORTICO_ERR_CORE_SECURITY_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_SECURITY_OPTION_UNKNOWN',
  'Unknown option `%s` of %s (known: %s)',
)

/**
 * An option of a security scheme has the wrong value (a missing `tokenUrl`, an `in` other than
 * header/query/cookie, a non-boolean `autoError`...). Thrown by the constructor.
 *
 * @example
 * new ApiKey({ in: 'body', keyName: 'key' } as never) // throws: Invalid option `in` of ApiKey: expected 'header', 'query' or 'cookie'
 */
export const PORTICO_ERR_CORE_SECURITY_OPTION_INVALID = coded(
  'PORTICO_ERR_CORE_SECURITY_OPTION_INVALID',
  'Invalid option `%s` of %s: %s',
)

/**
 * `BackgroundTasks.add()` got something that is not a function. Thrown by `add()` (in the handler).
 *
 * @example
 * tasks.add(sendMail(user)) // throws: BackgroundTasks.add() expects a function, got a Promise
 */
export const PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID = coded(
  'PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID',
  'BackgroundTasks.add() expects a function, got %s',
)

// Per-request dependencies (dependency.ts, dependency-plan.ts, overrides.ts).

/**
 * Misuse of `dependency()`, `new Dependency()`, an input (`header()` without a name...), or of
 * `@Depends()` / `@Security()` (no dependency, scopes not strings). Thrown where it is written.
 *
 * @example
 * dependency({}, 'nope' as never) // throws: Invalid dependency anonymous dependency: resolve must be a function
 */
export const PORTICO_ERR_CORE_DEPENDENCY_INVALID = coded(
  'PORTICO_ERR_CORE_DEPENDENCY_INVALID',
  'Invalid dependency %s: %s',
)

/**
 * A value in a dependency's inputs, a `dependencies` list entry or an override target is neither an
 * input (`header()`, `query()`, `inject()`...) nor a dependency. Thrown at startup, naming the route,
 * the dependency and the input.
 *
 * @example
 * dependency({ token: 'authorization' as never }, f) // on a route: app.ready() rejects:
 * // Books.list: dependency f input `token` is not an input (use header(), query(), cookie(), path(), body(), inject(), request(), reply(), securityScopes() or a dependency)
 */
export const PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID = coded(
  'PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID',
  '%s: dependency %s input `%s` is not an input (use header(), query(), cookie(), path(), body(), inject(), request(), reply(), securityScopes() or a dependency)',
)

/**
 * A dependency reads something the route cannot provide: `path('id')` on a route without `:id` (or
 * whose `params` schema lacks `id`), a class dependency's `@Body()` without a body schema. Thrown at
 * startup, naming the route, the dependency and the input.
 *
 * @example
 * const book = dependency({ id: path('id') }, ({ id }) => id)
 * // @Get('/', { dependencies: [book] }) -> Books.list: dependency book input `id` (path('id')) needs: the route declares no `params` schema
 */
export const PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_MISSING = coded(
  'PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_MISSING',
  '%s: dependency %s input `%s` (%s) needs: %s',
)

/**
 * Dependencies that depend on each other in a cycle. Thrown at startup with the chain.
 *
 * @example
 * // a depends on b, b on a: app.ready() rejects: Books.list: dependencies form a cycle: a -> b -> a
 */
export const PORTICO_ERR_CORE_DEPENDENCY_CIRCULAR = coded(
  'PORTICO_ERR_CORE_DEPENDENCY_CIRCULAR',
  '%s: dependencies form a cycle: %s',
)

/**
 * A class used as a dependency is not `@Injectable()` or has no `resolve` method. Thrown at startup,
 * naming the route and the parameter.
 *
 * @example
 * class CurrentUser { resolve() {} } // no @Injectable()
 * // app.ready() rejects: Books.list: dependency class CurrentUser (parameter #0) is not @Injectable(): decorate it
 */
export const PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID = coded(
  'PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID',
  '%s: dependency class %s (%s) %s',
)

/**
 * Two declarations of one header / query parameter / cookie with different schemas (two
 * dependencies, or a dependency and the route's own schema). Thrown at startup naming both.
 *
 * @example
 * // dependency a: header('x-token', Type.String()); dependency b: header('x-token', Type.Integer())
 * // app.ready() rejects: Books.list: header `x-token` has different schemas in dependency a and dependency b
 */
export const PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT = coded(
  'PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT',
  '%s: %s `%s` has different schemas in %s and %s',
)

/**
 * A malformed entry of the `overrides` option (no `provide`, none or several of useValue /
 * useFactory / useClass / useDependency, `useDependency` for a provider token). Thrown at startup.
 *
 * @example
 * overrides: [{ provide: currentUser }] // app.ready() rejects: Invalid override overrides[0] (currentUser): needs one of useValue, useFactory, useClass or useDependency
 */
export const PORTICO_ERR_CORE_OVERRIDE_INVALID = coded(
  'PORTICO_ERR_CORE_OVERRIDE_INVALID',
  'Invalid override overrides[%d] (%s): %s',
)

/**
 * An `overrides` entry has a key Portico does not know. Thrown at startup.
 *
 * @example
 * overrides: [{ provide: currentUser, usevalue: 1 }] // Unknown key `usevalue` in overrides[0] (known: provide, useValue, useFactory, inject, useClass, useDependency)
 */
export const PORTICO_ERR_CORE_OVERRIDE_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_OVERRIDE_OPTION_UNKNOWN',
  'Unknown key `%s` in overrides[%d] (known: %s)',
)

// Reply errors of uploads (sent to the client, with their status): not startup errors.

/**
 * An uploaded file is larger than its field's `maxSize` (413). A file of exactly `maxSize` bytes is
 * accepted; reading stops at the first byte over it.
 *
 * @example
 * // @Post('/cover', { files: { cover: { maxSize: 1024 } } }), a 1025-byte file
 * // -> 413 { code: 'PORTICO_ERR_CORE_FILE_TOO_LARGE', message: 'File field `cover` accepts files of at most 1024 bytes' }
 */
export const PORTICO_ERR_CORE_FILE_TOO_LARGE = createError<string, number, unknown[]>(
  'PORTICO_ERR_CORE_FILE_TOO_LARGE',
  'File field `%s` accepts files of at most %d bytes',
  413,
)

/**
 * A multipart field carries more files than its `maxCount` (413).
 *
 * @example
 * // @Post('/photos', { files: { photos: { maxCount: 2 } } }), three files in `photos`
 * // -> 413 { code: 'PORTICO_ERR_CORE_FILE_TOO_MANY', message: 'File field `photos` accepts at most 2 file(s)' }
 */
export const PORTICO_ERR_CORE_FILE_TOO_MANY = createError<string, number, unknown[]>(
  'PORTICO_ERR_CORE_FILE_TOO_MANY',
  'File field `%s` accepts at most %d file(s)',
  413,
)

/**
 * An uploaded file's media type is not in its field's `types` (415).
 *
 * @example
 * // @Post('/cover', { files: { cover: { types: ['image/png'] } } }), a text/plain part
 * // -> 415 { code: 'PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED', message: 'Unsupported file type text/plain in field `cover` (accepted: image/png)' }
 */
export const PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED = createError<string, number, unknown[]>(
  'PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED',
  'Unsupported file type %s in field `%s` (accepted: %s)',
  415,
)

/**
 * A response declaration (`html({ ... })`, a `{ content }` map in `response`) or a response class
 * (`new FileResponse(path, { ... })`, `new EventStream(source, { ... })`) got an option it does not
 * know. Declarations throw when decorated or at startup; response classes when constructed.
 *
 * @example
 * new FileResponse('/srv/a.pdf', { type: 'application/pdf', fileName: 'a.pdf' } as never)
 * // throws: Unknown option `fileName` of FileResponse (known: type, filename, disposition, status, headers)
 */
export const PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN = coded(
  'PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN',
  'Unknown option `%s` of %s (known: %s)',
)

/**
 * A response class got a value it cannot send: a status outside 100-599 (a redirect outside 300-399),
 * a FileResponse without a `type`, a negative `keepAlive`. Thrown when constructed.
 *
 * @example
 * new RedirectResponse('/books', 200) // throws: Invalid RedirectResponse: the status must be a 3xx redirect status, got 200
 */
export const PORTICO_ERR_CORE_RESPONSE_INVALID = coded('PORTICO_ERR_CORE_RESPONSE_INVALID', 'Invalid %s: %s')
