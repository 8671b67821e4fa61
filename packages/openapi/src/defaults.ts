import { defaultOperationId } from './operation-id.js'
import type { OpenApiOptions } from './options.js'

/** Every key of `T`, each with its default (`undefined`: none, or derived from another option). */
type DefaultsOf<T> = { readonly [K in keyof Required<T>]: T[K] | undefined }

/** Portico's Swagger UI configuration defaults (FastAPI's, plus no online validator). */
export const SWAGGER_UI_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  dom_id: '#swagger-ui',
  layout: 'BaseLayout',
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // The default sends the spec URL to validator.swagger.io for a badge: not offline, not private.
  validatorUrl: null,
})

/**
 * The defaults of @portico/openapi, by options object (`plugin`: the options of `openapi`). Its keys
 * are the options the plugin knows: any other key fails the registration, naming the known ones.
 * `undefined` means no default (the key is left out of the document) or one derived from another
 * option (`oauth2RedirectUrl` from `docsUrl`, `docsTitle` from `info.title`).
 *
 * @example
 * OPENAPI_DEFAULTS.plugin.docsUrl // '/docs'
 */
export const OPENAPI_DEFAULTS = Object.freeze({
  plugin: Object.freeze({
    info: Object.freeze({ title: 'Portico', version: '0.1.0' }),
    openapiUrl: '/openapi.json',
    docsUrl: '/docs',
    /** `${docsUrl}/oauth2-redirect` */
    oauth2RedirectUrl: undefined,
    redocUrl: '/redoc',
    securitySchemes: undefined,
    security: undefined,
    tags: undefined,
    servers: undefined,
    externalDocs: undefined,
    serveHook: undefined,
    /** Given parameters are merged over these. */
    swaggerUiParameters: SWAGGER_UI_DEFAULTS,
    swaggerUiInitOAuth: undefined,
    generateOperationId: defaultOperationId,
    /** `${info.title} - Swagger UI` and `${info.title} - ReDoc` */
    docsTitle: undefined,
    redocOptions: Object.freeze({}),
    registerRoutes: true,
  } satisfies DefaultsOf<OpenApiOptions>),
})
