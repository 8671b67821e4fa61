import type { DocsCspDirectives } from './docs-csp.js'
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

/** Every directive `docsCsp` knows, none set (`undefined`: not sent). */
const NO_DIRECTIVES = Object.freeze({
  'default-src': undefined,
  'script-src': undefined,
  'script-src-elem': undefined,
  'script-src-attr': undefined,
  'style-src': undefined,
  'style-src-elem': undefined,
  'style-src-attr': undefined,
  'img-src': undefined,
  'font-src': undefined,
  'connect-src': undefined,
  'media-src': undefined,
  'object-src': undefined,
  'child-src': undefined,
  'frame-src': undefined,
  'worker-src': undefined,
  'manifest-src': undefined,
  'frame-ancestors': undefined,
  'base-uri': undefined,
  'form-action': undefined,
  sandbox: undefined,
  'report-uri': undefined,
  'report-to': undefined,
  'require-trusted-types-for': undefined,
  'trusted-types': undefined,
  'upgrade-insecure-requests': undefined,
} satisfies { readonly [K in keyof Required<DocsCspDirectives>]: undefined })

type PagePolicy = { readonly [K in keyof Required<DocsCspDirectives>]: readonly string[] | undefined }
const NONE = Object.freeze(["'none'"])
const SELF = Object.freeze(["'self'"])
/** What no page needs: nothing by default, no framing, no `<base>`, forms only to the app. */
const LOCKED = { 'default-src': NONE, 'frame-ancestors': NONE, 'base-uri': NONE, 'form-action': SELF }

/**
 * The Content-Security-Policy of each docs page, each directive found needed in Chromium (every
 * page has no inline script). Swagger UI: `data:` images (the icons of swagger-ui.css), `blob:`
 * ones (image responses of "Try it out"), no inline style (React sets styles through the CSSOM);
 * `connect-src` also gets, per page, the origins of absolute `servers` URLs and OAuth2 token URLs.
 * ReDoc: inline styles (styled-components writes `<style>` elements), `data:` images, its search
 * in a `blob:` worker. The OAuth2 redirect page: its one script.
 */
const DOCS_CSP_DEFAULTS = Object.freeze({
  swaggerUi: Object.freeze({
    ...NO_DIRECTIVES,
    ...LOCKED,
    'script-src': SELF,
    'style-src': SELF,
    'img-src': Object.freeze(["'self'", 'data:', 'blob:']),
    'connect-src': SELF,
  } satisfies PagePolicy),
  redoc: Object.freeze({
    ...NO_DIRECTIVES,
    ...LOCKED,
    'script-src': SELF,
    'style-src': Object.freeze(["'self'", "'unsafe-inline'"]),
    'img-src': Object.freeze(["'self'", 'data:']),
    'connect-src': SELF,
    'worker-src': Object.freeze(['blob:']),
  } satisfies PagePolicy),
  oauth2Redirect: Object.freeze({ ...NO_DIRECTIVES, ...LOCKED, 'script-src': SELF } satisfies PagePolicy),
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
    /** Directives replacing those of `OPENAPI_DEFAULTS.docsCsp` on every docs page. */
    docsCsp: Object.freeze({}),
    /** The validation error response documented: 400 `ValidationError` (`'fastapi'`: 422 `HTTPValidationError`). */
    errorFormat: 'fastify',
  } satisfies DefaultsOf<OpenApiOptions>),
  /** The Content-Security-Policy of each docs page, by directive (`undefined`: not sent). */
  docsCsp: DOCS_CSP_DEFAULTS,
})
