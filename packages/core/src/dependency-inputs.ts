import type { Static, TSchema } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { PORTICO_ERR_CORE_DEPENDENCY_INVALID } from './errors.js'
import type { Token, TokenType } from './injection.js'

// The inputs a function dependency declares (`dependency({ token: header('authorization') }, ...)`).
// Each is a small frozen descriptor read once at startup, when the route's code is generated: nothing
// here runs per request.

/** What an input reads. */
export type InputKind =
  | 'inject'
  | 'header'
  | 'query'
  | 'cookie'
  | 'path'
  | 'body'
  | 'request'
  | 'reply'
  | 'securityScopes'

// Symbol.for: an input made by one copy of @portico/core is recognised by another.
const INPUT = Symbol.for('portico.core.input')

/**
 * One input of a function dependency; `T` is the value the dependency receives for it.
 *
 * @example
 * const token: Input<string | undefined> = header('authorization')
 */
export class Input<T = unknown> {
  /** Carries `T` for typing only. */
  declare readonly __value?: T
  readonly [INPUT] = true
  constructor(
    readonly kind: InputKind,
    readonly name?: string,
    readonly schema?: TSchema,
    readonly token?: Token,
  ) {
    Object.freeze(this)
  }
  /** How the input was written, for messages: `header('x-token')`. */
  get label(): string {
    if (this.kind === 'inject')
      return `inject(${String((this.token as { name?: string })?.name ?? this.token)})`
    return this.name === undefined ? `${this.kind}()` : `${this.kind}('${this.name}')`
  }
}

/** Whether `value` is an {@link Input} (of any copy of @portico/core). */
export function isInput(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && (value as { [INPUT]?: unknown })[INPUT] === true
}

/**
 * What `securityScopes()` gives: the scopes every `Security()` use above the dependency requires
 * (FastAPI's `SecurityScopes`).
 *
 * @example
 * dependency({ scopes: securityScopes(), user: currentUser }, ({ scopes, user }) => {
 *   for (const s of scopes.scopes) if (!user.scopes.includes(s)) throw new Forbidden(`needs ${scopes.scopeString}`)
 * })
 */
export interface SecurityScopes {
  scopes: string[]
  /** The scopes joined by spaces, as in `WWW-Authenticate: Bearer scope="..."`. */
  scopeString: string
}

function named(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_DEPENDENCY_INVALID(`${kind}()`, 'needs a name')
  }
  return name
}

/**
 * The single instance of a provider token (class, InjectionToken, string or symbol).
 *
 * @example
 * dependency({ users: inject(UsersService), id: header('x-user') }, ({ users, id }) => users.find(id))
 */
export function inject<K extends Token>(token: K): Input<TokenType<K>> {
  return new Input('inject', undefined, undefined, token)
}

/** The value type of a header/query/cookie input: the schema's, else the raw string. */
type Valued<S, Raw> = [S] extends [TSchema] ? Static<S> : Raw

/**
 * One request header (case-insensitive name). With a schema it is merged into the route's `headers`
 * schema: validated and documented as if the route declared it.
 *
 * @example
 * dependency({ key: header('x-api-key', Type.String()) }, ({ key }) => key)
 */
export function header<S extends TSchema | undefined = undefined>(
  name: string,
  schema?: S,
): Input<Valued<S, string | undefined>> {
  return new Input('header', named('header', name).toLowerCase(), schema)
}

/**
 * One query parameter, merged into the route's `querystring` schema (validated, documented).
 *
 * @example
 * dependency({ page: query('page', Type.Integer({ minimum: 1, default: 1 })) }, ({ page }) => page)
 */
export function query<S extends TSchema>(name: string, schema: S): Input<Static<S>> {
  return new Input('query', named('query', name), schema)
}

/**
 * One cookie; with a schema merged into the route's `cookies` schema.
 *
 * @example
 * dependency({ sid: cookie('sid') }, ({ sid }) => sid)
 */
export function cookie<S extends TSchema | undefined = undefined>(
  name: string,
  schema?: S,
): Input<Valued<S, string | undefined>> {
  return new Input('cookie', named('cookie', name), schema)
}

/**
 * One path parameter; the route's `params` schema must declare it (checked at startup).
 *
 * @example
 * dependency({ id: path('id') }, ({ id }) => books.get(id as number))
 */
export function path<T = unknown>(name: string): Input<T> {
  return new Input('path', named('path', name))
}

/**
 * The validated request body (the dependency then runs after validation).
 *
 * @example
 * dependency({ book: body<NewBook>() }, ({ book }) => book.isbn)
 */
export function body<T = unknown>(): Input<T> {
  return new Input('body')
}

/**
 * The Fastify request.
 *
 * @example
 * dependency({ req: request() }, ({ req }) => req.ip)
 */
export function request(): Input<FastifyRequest> {
  return new Input('request')
}

/**
 * The Fastify reply (to set headers; a dependency should not send).
 *
 * @example
 * dependency({ res: reply() }, ({ res }) => void res.header('x-seen', '1'))
 */
export function reply(): Input<FastifyReply> {
  return new Input('reply')
}

/**
 * The scopes required of this dependency by every `Security()` above it. A dependency reading it
 * checks scopes itself: no automatic 403 then.
 *
 * @example
 * dependency({ s: securityScopes(), token: oauth2 }, ({ s, token }) => check(token, s.scopes))
 */
export function securityScopes(): Input<SecurityScopes> {
  return new Input('securityScopes')
}
