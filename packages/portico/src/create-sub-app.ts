import { type Class, type PorticoOptions, type Provider, portico } from '@portico/core'
import { type OpenApiOptions, openapi } from '@portico/openapi'
import { mount, type ServerObject } from '@portico/root-path'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { withServeHook } from './create-app.js'
import { errorFormatOf } from './error-format.js'
import { checkClassList, checkOptionKeys } from './options.js'

/** Options of {@link createSubApp}: an application of its own, mounted under a prefix. */
export interface SubAppOptions {
  /** The sub-application's controller classes. Default: `[]`. */
  controllers?: Class[]
  /**
   * Its own providers. A sub-application shares the providers of the app it is mounted in (one
   * `BooksService` for both); a token listed here gets its own instance in the sub-application
   * instead. Default: `[]`.
   */
  providers?: Provider[]
  /** Its shared models (TypeBox schemas with an `$id`), added before its routes. Default: `[]`. */
  schemas?: PorticoOptions['schemas']
  /** Dependencies run for their effect (guards) on every route of the sub-application. Default: `[]`. */
  dependencies?: PorticoOptions['dependencies']
  /**
   * Replacements of dependencies and providers inside the sub-application (those of the app above
   * apply too). Default: `[]`.
   */
  overrides?: PorticoOptions['overrides']
  /** Its own OpenAPI `servers`, after `<root path><mount prefix>`. Default: `[]`. */
  servers?: ServerObject[]
  /** Put `{ url: <root path><mount prefix> }` first in its `servers`. Default: `true`. */
  rootPathInServers?: boolean
  /**
   * Its own document and docs pages (`<prefix>/openapi.json`, `<prefix>/docs`, `<prefix>/redoc`), with
   * @portico/openapi's options, or `false` for none. Default: `{}`. Its validation error responses
   * follow the parent app's `errorFormat`, whose error handler answers the sub-application's errors.
   */
  openapi?: Omit<OpenApiOptions, 'servers' | 'registerRoutes' | 'errorFormat'> | false
}

/** The default of every {@link createSubApp} option; its keys are the options it knows. */
export const SUB_APP_DEFAULTS = Object.freeze({
  controllers: [],
  providers: [],
  schemas: [],
  dependencies: [],
  overrides: [],
  servers: [],
  rootPathInServers: true,
  openapi: {},
} as const satisfies Required<SubAppOptions>)

/**
 * A sub-application (FastAPI's `app.mount()`): register it under a prefix on an app made by
 * `createApp`. Inside it `request.rootPath` is the root path + the prefix; it has its own document
 * (paths relative to the mount, `servers` starting with `<root path><prefix>`) and docs pages, and
 * the parent's document does not list its routes. Mounts nest.
 *
 * @example
 * const app = createApp({ controllers: [MainController], rootPath: '/api/v1' })
 * app.register(createSubApp({ controllers: [SubController] }), { prefix: '/subapi' })
 * // GET /api/v1/subapi/sub, docs at /api/v1/subapi/docs
 */
export function createSubApp(options: SubAppOptions = {}): FastifyPluginAsync {
  checkOptionKeys(options, SUB_APP_DEFAULTS, 'createSubApp')
  checkClassList(options.controllers, 'controllers')
  const subApplication = async (app: FastifyInstance): Promise<void> => {
    if (options.openapi !== false) {
      await app.register(openapi, { ...withServeHook(options.openapi), errorFormat: errorFormatOf(app) })
    }
    await app.register(portico, {
      controllers: options.controllers ?? [],
      providers: options.providers ?? [],
      schemas: options.schemas ?? [],
      dependencies: options.dependencies ?? [],
      // The app's overrides apply in the mount too (core reads them from the app's container).
      overrides: options.overrides ?? [],
    })
  }
  return mount(subApplication, { servers: options.servers, rootPathInServers: options.rootPathInServers })
}
