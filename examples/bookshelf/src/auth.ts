// OAuth2 password flow (contract rows 1 and 2): POST /token issues opaque tokens carrying the
// scopes asked for that the user holds; `currentUser` resolves a bearer token to its user.
import { randomBytes } from 'node:crypto'
import { type Static, Type } from '@sinclair/typebox'
import {
  Controller,
  Depends,
  dependency,
  Form,
  Get,
  Injectable,
  inject,
  notAuthenticated,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Post,
  type Resolved,
} from 'portico'
import { HTTPError } from './models.js'

const USERS: Record<string, { password: string; scopes: string[] }> = {
  alice: { password: 'wonderland', scopes: ['books:write'] },
  admin: { password: 'admin-secret', scopes: ['books:write', 'admin'] },
}

const User = Type.Object({ username: Type.String(), scopes: Type.Array(Type.String()) }, { $id: 'User' })
const Token = Type.Object(
  { access_token: Type.String(), token_type: Type.Literal('bearer') },
  { $id: 'Token' },
)
export type User = Static<typeof User>

const scopes = { 'books:write': 'Add, change and remove books', admin: 'Read the statistics' }
export const oauth2 = new OAuth2PasswordBearer({ tokenUrl: 'token', scopes })

@Injectable()
export class Tokens {
  readonly #users = new Map<string, User>()

  issue({ username, password, scope }: Static<typeof OAuth2PasswordRequestForm>): string {
    const user = USERS[username]
    if (user?.password !== password) throw notAuthenticated('Bearer', 'Incorrect username or password')
    const asked = scope.split(' ').filter(Boolean)
    const scopes = asked.length === 0 ? user.scopes : user.scopes.filter((s) => asked.includes(s))
    const token = randomBytes(24).toString('base64url')
    this.#users.set(token, { username, scopes })
    return token
  }

  user(token: string): User {
    const user = this.#users.get(token)
    if (!user) throw notAuthenticated('Bearer', 'Could not validate credentials')
    return user
  }
}

const userOf = (bearer: OAuth2PasswordBearer) =>
  dependency({ token: bearer, tokens: inject(Tokens) }, ({ token, tokens }) => tokens.user(token))

export const currentUser = userOf(oauth2)
// The admin sub-application's Swagger UI (/admin/docs) resolves a relative tokenUrl against its own
// page, so its Authorize reaches the main app's /token as ../token.
export const adminUser = userOf(new OAuth2PasswordBearer({ tokenUrl: '../token', scopes }))

@Controller('', { tags: ['auth'] })
export class AuthController {
  constructor(private readonly tokens: Tokens) {}

  @Post('/token', {
    form: OAuth2PasswordRequestForm,
    response: { 200: Token, 401: HTTPError },
    summary: 'Log in',
  })
  token(@Form() form: Static<typeof OAuth2PasswordRequestForm>) {
    return { access_token: this.tokens.issue(form), token_type: 'bearer' as const }
  }

  @Get('/me', { response: { 200: User }, summary: 'The current user' })
  me(@Depends(currentUser) user: Resolved<typeof currentUser>) {
    return user
  }
}
