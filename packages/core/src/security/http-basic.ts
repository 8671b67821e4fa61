import { CORE_DEFAULTS } from '../defaults.js'
import { Dependency } from '../dependency.js'
import { header } from '../dependency-inputs.js'
import { PORTICO_ERR_CORE_SECURITY_OPTION_INVALID } from '../errors.js'
import { type BasicCredentials, basicCredentials, notAuthenticated } from './credentials.js'
import { checkSchemeOptions, described, type SchemeOptions, type SchemeValue } from './scheme-options.js'

/**
 * Options of {@link HttpBasic}. Defaults: `CORE_DEFAULTS.httpBasic`.
 *
 * @example
 * new HttpBasic({ realm: 'admin' })
 */
export interface HttpBasicOptions<A extends boolean = boolean> extends SchemeOptions<A> {
  /** The realm of the `WWW-Authenticate: Basic realm="..."` challenge. Default: none (`Basic`). */
  realm?: string
}

/** A quoted-string of RFC 9110 (backslash before `"` and `\`). */
function quotedString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`
}

/**
 * HTTP Basic authentication (FastAPI's `HTTPBasic`): resolves to `{ username, password }` from
 * `Authorization: Basic <base64 of user:password>` (scheme case-insensitive, split at the first
 * colon, UTF-8). No such header: 401 `Not authenticated` with `WWW-Authenticate: Basic
 * realm="<realm>"` (`autoError: false`: `undefined`); a header that does not decode: 401 `Invalid
 * authentication credentials`, whatever `autoError`, as FastAPI. Compare the password with
 * `crypto.timingSafeEqual` in your own dependency. Documented as `{ type: 'http', scheme: 'basic' }`
 * under `name` (default `HTTPBasic`).
 *
 * @example
 * const basic = new HttpBasic({ realm: 'admin' })
 * const admin = dependency({ credentials: basic }, ({ credentials }) => checkAdmin(credentials))
 */
export class HttpBasic<A extends boolean = true> extends Dependency<SchemeValue<A, BasicCredentials>> {
  /** Whether a request without credentials gets 401 (else the dependency resolves to `undefined`). */
  readonly autoError: boolean
  /** The realm of the challenge, if any. */
  readonly realm: string | undefined

  constructor(options?: HttpBasicOptions<A>) {
    const o = checkSchemeOptions('HttpBasic', options, CORE_DEFAULTS.httpBasic)
    const name = (o.name as string | undefined) ?? CORE_DEFAULTS.httpBasic.name
    const autoError = (o.autoError as boolean | undefined) ?? CORE_DEFAULTS.httpBasic.autoError
    if (o.realm !== undefined && typeof o.realm !== 'string') {
      throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID('realm', 'HttpBasic', 'expected a string')
    }
    const realm = o.realm as string | undefined
    const challenge = realm === undefined ? 'Basic' : `Basic realm=${quotedString(realm)}`
    super(
      { authorization: header('authorization') },
      function httpBasic({ authorization }: { authorization: string | undefined }) {
        const credentials = basicCredentials(authorization)
        if (credentials === 'invalid') throw notAuthenticated(challenge, 'Invalid authentication credentials')
        if (credentials !== 'missing') return credentials
        if (autoError) throw notAuthenticated(challenge)
        return undefined
      },
      {
        name,
        securityScheme: { name, scheme: { type: 'http', scheme: 'basic', ...described(o.description) } },
      },
    )
    this.autoError = autoError
    this.realm = realm
  }
}
