import { CORE_DEFAULTS } from '../defaults.js'
import { Dependency } from '../dependency.js'
import { header } from '../dependency-inputs.js'
import { PORTICO_ERR_CORE_SECURITY_OPTION_INVALID } from '../errors.js'
import { bearerTokenResolver } from './credentials.js'
import {
  checkSchemeOptions,
  described,
  requiredString,
  type SchemeOptions,
  type SchemeValue,
} from './scheme-options.js'

/**
 * Options of {@link OAuth2PasswordBearer}. Defaults: `CORE_DEFAULTS.oauth2PasswordBearer`.
 *
 * @example
 * new OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { 'books:write': 'Add and edit books' } })
 */
export interface OAuth2PasswordBearerOptions<A extends boolean = boolean> extends SchemeOptions<A> {
  /**
   * Where clients (and Swagger UI's Authorize dialog) post `username` + `password` for a token.
   * Kept as given in the document: a relative URL (`'token'`, `'/auth/token'`) resolves against the
   * document's server, so it follows the app's root path behind a proxy. Required.
   */
  tokenUrl: string
  /** The scopes a token may carry, with a description each, shown by the Authorize dialog. Default `{}`. */
  scopes?: Record<string, string>
}

/**
 * OAuth2's password flow (FastAPI's `OAuth2PasswordBearer`): resolves to the bearer token of
 * `Authorization: Bearer <token>`. Without one: 401 `Not authenticated` with `WWW-Authenticate:
 * Bearer` (`autoError: false`: `undefined`). Documented as `{ type: 'oauth2', flows: { password:
 * { tokenUrl, scopes } } }` under `name` (default `OAuth2PasswordBearer`), which gives Swagger UI
 * its Authorize button; `@Security(currentUser, ['books:write'])` documents and checks scopes.
 *
 * @example
 * const oauth2 = new OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { 'books:write': 'Edit books' } })
 * const currentUser = dependency({ token: oauth2, users: inject(Users) }, ({ token, users }) => users.byToken(token))
 * \@Post('/books') create(@Security(currentUser, ['books:write']) user: Resolved<typeof currentUser>) {}
 */
export class OAuth2PasswordBearer<A extends boolean = true> extends Dependency<SchemeValue<A, string>> {
  /** Whether a request without a token gets 401 (else the dependency resolves to `undefined`). */
  readonly autoError: boolean
  /** The token URL, as given. */
  readonly tokenUrl: string
  /** The declared scopes. */
  readonly scopes: Readonly<Record<string, string>>

  constructor(options: OAuth2PasswordBearerOptions<A>) {
    const owner = 'OAuth2PasswordBearer'
    const o = checkSchemeOptions(owner, options ?? null, CORE_DEFAULTS.oauth2PasswordBearer)
    const tokenUrl = requiredString(owner, 'tokenUrl', o.tokenUrl)
    const scopes = o.scopes ?? CORE_DEFAULTS.oauth2PasswordBearer.scopes
    if (
      scopes === null ||
      typeof scopes !== 'object' ||
      Array.isArray(scopes) ||
      Object.values(scopes).some((d) => typeof d !== 'string')
    ) {
      throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID(
        'scopes',
        owner,
        'expected an object of scope descriptions',
      )
    }
    const name = (o.name as string | undefined) ?? CORE_DEFAULTS.oauth2PasswordBearer.name
    const autoError = (o.autoError as boolean | undefined) ?? CORE_DEFAULTS.oauth2PasswordBearer.autoError
    const frozen = Object.freeze({ ...(scopes as Record<string, string>) })
    super({ authorization: header('authorization') }, bearerTokenResolver(autoError), {
      name,
      securityScheme: {
        name,
        scheme: {
          type: 'oauth2',
          flows: { password: { tokenUrl, scopes: { ...frozen } } },
          ...described(o.description),
        },
      },
    })
    this.autoError = autoError
    this.tokenUrl = tokenUrl
    this.scopes = frozen
  }
}
