import type { FastifyRequest } from 'fastify'
import { CORE_DEFAULTS } from '../defaults.js'
import { Dependency } from '../dependency.js'
import { request } from '../dependency-inputs.js'
import { PORTICO_ERR_CORE_SECURITY_OPTION_INVALID } from '../errors.js'
import { cookieFromHeader } from './cookie-parse.js'
import { lastValue, notAuthenticated } from './credentials.js'
import {
  checkSchemeOptions,
  described,
  requiredString,
  type SchemeOptions,
  type SchemeValue,
} from './scheme-options.js'

/** Where an API key is sent. */
export type ApiKeyLocation = 'header' | 'query' | 'cookie'

/**
 * Options of {@link ApiKey}. Defaults: `CORE_DEFAULTS.apiKey`.
 *
 * @example
 * new ApiKey({ in: 'header', keyName: 'x-api-key' })
 */
export interface ApiKeyOptions<A extends boolean = boolean> extends SchemeOptions<A> {
  /** Where the key is sent: a header, a query parameter or a cookie. Required. */
  in: ApiKeyLocation
  /** The header (case-insensitive), query parameter or cookie name. Required. */
  keyName: string
  /** Default: `APIKeyHeader`, `APIKeyQuery` or `APIKeyCookie` (FastAPI's names). */
  name?: string
}

const DEFAULT_NAMES: Record<ApiKeyLocation, string> = {
  header: 'APIKeyHeader',
  query: 'APIKeyQuery',
  cookie: 'APIKeyCookie',
}

/** A cookie of a request: @fastify/cookie's `request.cookies` when it was parsed, else the header's. */
function cookieValue(req: FastifyRequest, keyName: string): string | undefined {
  const cookies = (req as { cookies?: Record<string, string | undefined> | null }).cookies
  if (cookies != null) return cookies[keyName]
  const header = req.headers.cookie
  return header === undefined ? undefined : cookieFromHeader(header, keyName)
}

/**
 * An API key in a header, a query parameter or a cookie (FastAPI's `APIKeyHeader`, `APIKeyQuery`,
 * `APIKeyCookie`): resolves to the key. A missing or empty key: 401 `Not authenticated` with
 * `WWW-Authenticate: APIKey` (FastAPI 0.92 answers 403; a missing credential is a 401)
 * (`autoError: false`: `undefined`). The key is not validated: compare it in a dependency of your
 * own. Documented as `{ type: 'apiKey', in, name: keyName }`; the header/parameter is not added to
 * the operation's parameters (the scheme documents it). A cookie is read from `request.cookies` when
 * @fastify/cookie is registered, else from the `Cookie` header.
 *
 * @example
 * const apiKey = new ApiKey({ in: 'header', keyName: 'x-api-key' })
 * const verifyKey = dependency({ key: apiKey, keys: inject(Keys) }, ({ key, keys }) => keys.check(key))
 * \@Controller('/admin', { dependencies: [verifyKey] })
 */
export class ApiKey<A extends boolean = true> extends Dependency<SchemeValue<A, string>> {
  /** Whether a request without the key gets 401 (else the dependency resolves to `undefined`). */
  readonly autoError: boolean
  /** Where the key is read. */
  readonly in: ApiKeyLocation
  /** The header, query parameter or cookie name. */
  readonly keyName: string

  constructor(options: ApiKeyOptions<A>) {
    const o = checkSchemeOptions('ApiKey', options ?? null, CORE_DEFAULTS.apiKey)
    const location = o.in as ApiKeyLocation
    if (!Object.hasOwn(DEFAULT_NAMES, location as string)) {
      throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID(
        'in',
        'ApiKey',
        "expected 'header', 'query' or 'cookie'",
      )
    }
    const keyName = requiredString('ApiKey', 'keyName', o.keyName)
    const name = (o.name as string | undefined) ?? DEFAULT_NAMES[location]
    const autoError = (o.autoError as boolean | undefined) ?? CORE_DEFAULTS.apiKey.autoError
    const checked = (value: unknown) => {
      const key = lastValue(value)
      if (key === undefined && autoError) throw notAuthenticated('APIKey')
      return key
    }
    const lower = keyName.toLowerCase()
    const read: (req: FastifyRequest) => unknown =
      location === 'header'
        ? (req) => req.headers[lower]
        : location === 'query'
          ? (req) => (req.query as Record<string, unknown> | undefined)?.[keyName]
          : (req) => cookieValue(req, keyName)
    super(
      { request: request() },
      function apiKey({ request: req }: { request: FastifyRequest }) {
        return checked(read(req))
      },
      {
        name,
        securityScheme: {
          name,
          scheme: { type: 'apiKey', in: location, name: keyName, ...described(o.description) },
        },
      },
    )
    this.autoError = autoError
    this.in = location
    this.keyName = keyName
  }
}
