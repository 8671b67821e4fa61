import type { TSchema } from '@sinclair/typebox'
import type { ControllerOptions } from './controller.js'
import type { FileFieldOptions } from './files.js'
import type { Class, Provider } from './injection.js'
import type { Override } from './overrides.js'
import type { PorticoOptions } from './plugin.js'
import type { EventStreamOptions, FileResponseOptions, ResponseOptions } from './response-classes.js'
import type { ContentResponse, MediaOptions } from './responses.js'
import type { DependencyEntry, RouteOptions } from './route-options.js'
import type { ApiKeyOptions } from './security/api-key.js'
import type { HttpBasicOptions } from './security/http-basic.js'
import type { HttpBearerOptions } from './security/http-bearer.js'
import type { OAuth2PasswordBearerOptions } from './security/oauth2-password-bearer.js'
import type { SettingsOptions } from './settings.js'
import type { WebSocketOptions } from './websocket.js'

/** A default as stored: arrays are frozen, so typed readonly. */
type Default<V> = V extends readonly (infer E)[] ? readonly E[] : V

/**
 * Every key of an options type, each with its default (`undefined` for "none"). Used with
 * `satisfies`: a key added to the options type without a default here fails to compile, and so does
 * a default for a key the type does not have.
 */
type DefaultsOf<T> = { readonly [K in keyof Required<T>]: Default<T[K]> | undefined }

const NO_CONTROLLERS: readonly Class[] = Object.freeze([])
const NO_PROVIDERS: readonly Provider[] = Object.freeze([])
const NO_SCHEMAS: readonly TSchema[] = Object.freeze([])
const NO_DEPENDENCIES: readonly DependencyEntry[] = Object.freeze([])
const NO_OVERRIDES: readonly Override[] = Object.freeze([])
const NO_SCOPES: Readonly<Record<string, string>> = Object.freeze({})

/**
 * The defaults of every options object of @portico/core, by options object: `plugin` (the `portico`
 * plugin), `controller` (`@Controller(prefix, options)`) and `route` (`@Get(path, options)` and the
 * other route decorators). `undefined` means "none": the key is left off the Fastify route. The keys
 * are also the known keys: any other key fails at startup, naming it.
 *
 * @example
 * Object.keys(CORE_DEFAULTS.route) // ['body', 'querystring', 'params', ..., 'security']
 * CORE_DEFAULTS.plugin.controllers // []
 * CORE_DEFAULTS.route.bodyLimit // undefined: the Fastify instance's
 */
export const CORE_DEFAULTS = Object.freeze({
  plugin: Object.freeze({
    controllers: NO_CONTROLLERS,
    providers: NO_PROVIDERS,
    schemas: NO_SCHEMAS,
    dependencies: NO_DEPENDENCIES,
    overrides: NO_OVERRIDES,
  } satisfies DefaultsOf<PorticoOptions>),
  // An `overrides` entry: `provide` and exactly one of the `use*` keys.
  override: Object.freeze({
    provide: undefined,
    useValue: undefined,
    useFactory: undefined,
    inject: undefined,
    useClass: undefined,
    useDependency: undefined,
  } satisfies DefaultsOf<Override>),
  controller: Object.freeze({
    tags: undefined,
    hooks: undefined,
    security: undefined,
    dependencies: undefined,
  } satisfies DefaultsOf<ControllerOptions>),
  // `@WebSocket(path, options)`: the route options an upgrade request has a use for.
  websocket: Object.freeze({
    params: undefined,
    querystring: undefined,
    headers: undefined,
    cookies: undefined,
    name: undefined,
    dependencies: undefined,
    config: undefined,
    logLevel: undefined,
    constraints: undefined,
  } satisfies DefaultsOf<WebSocketOptions>),
  // `settings(schema, options)`: no prefix, `process.env` when the app starts, no env file.
  settings: Object.freeze({
    prefix: '',
    env: undefined,
    envFile: undefined,
  } satisfies DefaultsOf<SettingsOptions>),
  // Security schemes (`new HttpBearer(options)`...): FastAPI's scheme names, 401 without credentials.
  httpBearer: Object.freeze({
    name: 'HTTPBearer',
    description: undefined,
    autoError: true,
  } satisfies DefaultsOf<HttpBearerOptions>),
  httpBasic: Object.freeze({
    name: 'HTTPBasic',
    realm: undefined,
    description: undefined,
    autoError: true,
  } satisfies DefaultsOf<HttpBasicOptions>),
  // `in` and `keyName` are required; `name` depends on `in` (APIKeyHeader, APIKeyQuery, APIKeyCookie).
  apiKey: Object.freeze({
    in: undefined,
    keyName: undefined,
    name: undefined,
    description: undefined,
    autoError: true,
  } satisfies DefaultsOf<ApiKeyOptions>),
  // `tokenUrl` is required.
  oauth2PasswordBearer: Object.freeze({
    tokenUrl: undefined,
    scopes: NO_SCOPES,
    name: 'OAuth2PasswordBearer',
    description: undefined,
    autoError: true,
  } satisfies DefaultsOf<OAuth2PasswordBearerOptions>),
  // One field of the route option `files`: any media type, 1 MiB (the memory one file may take),
  // required. `maxCount` depends on the decorator: 1 for @File(name), 10 for @Files(name).
  file: Object.freeze({
    types: undefined,
    maxSize: 1048576,
    maxCount: undefined,
    required: true,
  } satisfies DefaultsOf<FileFieldOptions>),
  // Response declarations (html(), text(), stream(), file(), sse(), redirect()) and content maps.
  media: Object.freeze({ description: undefined } satisfies DefaultsOf<MediaOptions>),
  contentResponse: Object.freeze({
    content: undefined,
    description: undefined,
    headers: undefined,
  } satisfies DefaultsOf<ContentResponse>),
  // Response classes: HtmlResponse, TextResponse, RedirectResponse (no `status` there: its argument).
  response: Object.freeze({ status: undefined, headers: undefined } satisfies DefaultsOf<ResponseOptions>),
  redirectResponse: Object.freeze({
    headers: undefined,
  } satisfies DefaultsOf<Omit<ResponseOptions, 'status'>>),
  fileResponse: Object.freeze({
    type: undefined,
    filename: undefined,
    disposition: undefined,
    status: undefined,
    headers: undefined,
  } satisfies DefaultsOf<FileResponseOptions>),
  eventStream: Object.freeze({
    keepAlive: 15_000,
    retry: undefined,
    status: undefined,
    headers: undefined,
  } satisfies DefaultsOf<EventStreamOptions>),
  route: Object.freeze({
    body: undefined,
    querystring: undefined,
    params: undefined,
    headers: undefined,
    // Cookies, form fields and files (cookies.ts, forms.ts, files.ts): none.
    cookies: undefined,
    form: undefined,
    files: undefined,
    response: undefined,
    // Fastify's own default (200) applies: Portico sets no status unless asked to.
    status: undefined,
    name: undefined,
    summary: undefined,
    description: undefined,
    tags: undefined,
    operationId: undefined,
    deprecated: false,
    hide: false,
    // The controller's `security`, if any, else what the route's dependencies declare.
    security: undefined,
    dependencies: undefined,
    // Fastify route options: `undefined` leaves Fastify's own default (or the context's) in force.
    config: undefined,
    bodyLimit: undefined,
    constraints: undefined,
    logLevel: undefined,
    logSerializers: undefined,
    attachValidation: false,
    // Fastify's default, `false` when an explicit @Head() route has the same path.
    exposeHeadRoute: undefined,
    errorHandler: undefined,
    schemaErrorFormatter: undefined,
    validatorCompiler: undefined,
    serializerCompiler: undefined,
    // `application/json` in the document.
    consumes: undefined,
    openapi: undefined,
  } satisfies DefaultsOf<RouteOptions>),
})
