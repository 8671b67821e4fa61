import { Type } from '@sinclair/typebox'

/**
 * The form of OAuth2's password grant (FastAPI's `OAuth2PasswordRequestForm`), which clients and
 * Swagger UI's Authorize dialog post (`application/x-www-form-urlencoded`) to an
 * `OAuth2PasswordBearer`'s `tokenUrl`: `username`, `password`, `scope` (space-separated, default
 * `''`), and optionally `grant_type` (`password`), `client_id`, `client_secret`. Use it as the
 * route's `form` schema; answer `{ access_token, token_type: 'bearer' }`.
 *
 * @example
 * \@Post('/token', { form: OAuth2PasswordRequestForm })
 * token(@Form() form: Static<typeof OAuth2PasswordRequestForm>) {
 *   const user = this.users.authenticate(form.username, form.password) // 400 when it fails, as FastAPI
 *   return { access_token: this.tokens.issue(user, form.scope.split(' ').filter(Boolean)), token_type: 'bearer' }
 * }
 */
export const OAuth2PasswordRequestForm = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ pattern: '^password$' })),
    username: Type.String(),
    password: Type.String(),
    scope: Type.String({ default: '', description: 'Scopes, separated by spaces' }),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
  },
  { title: 'OAuth2PasswordRequestForm' },
)
