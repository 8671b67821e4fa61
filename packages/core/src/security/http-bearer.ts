import { CORE_DEFAULTS } from '../defaults.js'
import { Dependency } from '../dependency.js'
import { header } from '../dependency-inputs.js'
import { bearerTokenResolver } from './credentials.js'
import { checkSchemeOptions, described, type SchemeOptions, type SchemeValue } from './scheme-options.js'

/**
 * Options of {@link HttpBearer}. Defaults: `CORE_DEFAULTS.httpBearer`.
 *
 * @example
 * new HttpBearer({ name: 'jwt', description: 'A JWT issued by /token' })
 */
export interface HttpBearerOptions<A extends boolean = boolean> extends SchemeOptions<A> {}

/**
 * HTTP Bearer authentication (FastAPI's `HTTPBearer`): resolves to the token of
 * `Authorization: Bearer <token>` (scheme case-insensitive). Without one: 401 `Not authenticated`
 * with `WWW-Authenticate: Bearer` (`autoError: false`: `undefined`). Documented as
 * `{ type: 'http', scheme: 'bearer' }` under `name` (default `HTTPBearer`) on every route that
 * reaches it. It checks no token: verify it in a dependency of your own that uses it.
 *
 * @example
 * const bearer = new HttpBearer()
 * const currentUser = dependency({ token: bearer, users: inject(Users) }, ({ token, users }) => users.byToken(token))
 * \@Get('/me') me(@Depends(currentUser) user: Resolved<typeof currentUser>) { return user }
 */
export class HttpBearer<A extends boolean = true> extends Dependency<SchemeValue<A, string>> {
  /** Whether a request without a token gets 401 (else the dependency resolves to `undefined`). */
  readonly autoError: boolean

  constructor(options?: HttpBearerOptions<A>) {
    const o = checkSchemeOptions('HttpBearer', options, CORE_DEFAULTS.httpBearer)
    const name = (o.name as string | undefined) ?? CORE_DEFAULTS.httpBearer.name
    const autoError = (o.autoError as boolean | undefined) ?? CORE_DEFAULTS.httpBearer.autoError
    super({ authorization: header('authorization') }, bearerTokenResolver(autoError), {
      name,
      securityScheme: { name, scheme: { type: 'http', scheme: 'bearer', ...described(o.description) } },
    })
    this.autoError = autoError
  }
}
