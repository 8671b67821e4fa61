// Type tests of dependencies: `dependency()` infers its inputs' values and its result, `Resolved<>`
// is what a @Depends parameter is typed with, and @Depends / @Security check the parameter they
// decorate (TypeScript passes the literal parameter index). Every `// @ts-expect-error` must stay an
// error. Run: pnpm exec tsc -p packages/core/test-types/tsconfig.json

import {
  Body,
  Controller,
  Dependency,
  Depends,
  dependency,
  Get,
  Header,
  header,
  Injectable,
  InjectionToken,
  inject,
  Post,
  path,
  Query,
  query,
  type Resolved,
  Security,
  securityScopes,
} from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'

const LIMIT = new InjectionToken<number>('LIMIT')
class Users {
  byToken(token: string) {
    return { id: token.length, name: token, scopes: ['read'] }
  }
}

const token = dependency({ auth: header('authorization') }, ({ auth }) => {
  const raw: string | undefined = auth
  return raw ?? ''
})
const currentUser = dependency({ token, users: inject(Users) }, async ({ token, users }) =>
  users.byToken(token),
)
const paging = dependency(
  {
    limit: query('limit', Type.Integer({ default: 20 })),
    max: inject(LIMIT),
    key: header('x-key', Type.String()),
  },
  ({ limit, max, key }) => {
    const n: number = limit
    const m: number = max
    const k: string = key
    return { n, m, k }
  },
)
const db = dependency({}, async function* db() {
  yield { query: (sql: string) => [sql] }
})
const scoped = dependency({ s: securityScopes(), id: path<number>('id') }, ({ s, id }) => {
  const scopes: string[] = s.scopes
  const text: string = s.scopeString
  return { scopes, text, id }
})

@Injectable()
class CurrentAdmin {
  constructor(private readonly users: Users) {}
  resolve(@Depends(token) t: Resolved<typeof token>) {
    return { ...this.users.byToken(t), admin: true as const }
  }
}

class Bearer extends Dependency<string> {}

// The values dependency() infers.
const user: Resolved<typeof currentUser> = { id: 1, name: 'a', scopes: [] }
const conn: Resolved<typeof db> = { query: () => [] }
const admin: Resolved<typeof CurrentAdmin> = { id: 1, name: 'a', scopes: [], admin: true }
const bearerValue: Resolved<Bearer> = 'token'
void [user, conn, admin, bearerValue, scoped]

// Security(dep, scopes) as an input: its value is the dependency's.
const writer = dependency({ user: Security(currentUser, ['books:write']) }, ({ user }) => {
  const name: string = user.name
  return name
})
const writerName: Resolved<typeof writer> = 'ada'
void writerName

// @ts-expect-error an input must be an input or a dependency
dependency({ auth: 'authorization' }, () => 1)

const NewBook = Type.Object({ isbn: Type.String() })
const Limit = Type.Integer({ minimum: 1, default: 20 })
const Token = Type.String()

@Controller('/books')
export class Books {
  @Get('/me')
  me(
    @Depends(currentUser) u: Resolved<typeof currentUser>,
    @Depends(CurrentAdmin) a: Resolved<typeof CurrentAdmin>,
  ) {
    return { id: u.id, admin: a.admin }
  }

  // The resolved type itself (unbranded) is accepted by @Depends too; the route check wants Resolved<>.
  @Get('/page')
  page(@Depends(paging) p: Resolved<typeof paging>, @Depends(db) d: Resolved<typeof db>) {
    return { n: p.n, rows: d.query('select') }
  }

  @Post('/', { body: NewBook, dependencies: [token, Security(currentUser, ['books:write'])] })
  create(
    @Security(currentUser, ['books:write']) u: Resolved<typeof currentUser>,
    @Body() book: Static<typeof NewBook>,
  ) {
    return { by: u.name, isbn: book.isbn }
  }

  // @ts-expect-error (the route check) a plain type on a @Depends parameter
  @Get('/wrong')
  // @ts-expect-error (the parameter check) the dependency resolves to a user, not a number
  wrong(@Depends(currentUser) u: number) {
    return u
  }

  @Get('/wrong-second')
  wrongSecond(
    @Depends(token) t: Resolved<typeof token>,
    // @ts-expect-error the second parameter is typed as the token's string, not the user
    @Depends(currentUser) u: Resolved<typeof token>,
  ) {
    return [t, u]
  }

  // @ts-expect-error a plain type on a @Depends parameter: the route check asks for Resolved<typeof dep>
  @Get('/plain')
  plain(@Depends(token) t: string) {
    return t
  }

  @Get('/in-place')
  inPlace(
    @Query('limit', Limit) limit: Resolved<typeof Limit>,
    @Header('x-token', Type.String()) t: Resolved<typeof Token>,
  ) {
    const n: number = limit
    return { n, t }
  }

  @Get('/in-place-wrong')
  // @ts-expect-error the in-place schema is an integer, the parameter a string
  inPlaceWrong(@Query('limit', Limit) limit: Resolved<typeof Token>) {
    return limit
  }

  // @ts-expect-error (the route check) a plain type
  @Get('/security-wrong')
  // @ts-expect-error (the parameter check) @Security checks its parameter the same way
  securityWrong(@Security(CurrentAdmin, ['admin']) a: string) {
    return a
  }
}
