import type { IncomingHttpHeaders } from 'node:http'
import type { Static, TSchema } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ResolvedMark } from './dependency.js'
import type { UploadedFile } from './files.js'
import type { RouteOptions } from './route-options.js'

// Compile-time agreement between a handler and its route's schemas.
//
// A TypeScript parameter decorator cannot see its parameter's type, and a method decorator cannot see
// which decorator sits on which parameter. So the method decorator checks, for each parameter of the
// decorated method, that at least one value the route can pass in fits the declared type: the
// Static<> of `body`, `querystring`, `params`, `headers`, any single property of `params` or `headers`
// (for @Param/@Header), raw headers or a raw header value when there is no `headers` schema, or the
// request/reply objects. It also checks that the method's (awaited) return type is assignable to one of
// the `response` schemas' Static<> (or void / the reply, for handlers that send themselves).
//
// Not checked: which decorator is on which parameter (a parameter typed like the query that carries
// @Body() passes if the query's type fits it), and @Inject tokens against constructor parameter types.

/** `true` when `T` (a value the route provides) can be passed where `P` is declared. */
type Gives<T, P> = [T] extends [P] ? true : false

/** `true` when some single property of `T` fits `P` (for @Param(name) and @Header(name)). */
type SomePropGives<T, P> = true extends { [K in keyof T]-?: Gives<T[K], P> }[keyof T] ? true : false

type BodyGives<O, P> = O extends { body: infer S extends TSchema } ? Gives<Static<S>, P> : false
type QueryGives<O, P> = O extends { querystring: infer S extends TSchema } ? Gives<Static<S>, P> : false
type ParamsGive<O, P> = O extends { params: infer S extends TSchema }
  ? true extends Gives<Static<S>, P> | SomePropGives<Static<S>, P>
    ? true
    : false
  : false
type HeadersGive<O, P> = O extends { headers: infer S extends TSchema }
  ? true extends Gives<Static<S>, P> | SomePropGives<Static<S>, P>
    ? true
    : false
  : true extends Gives<IncomingHttpHeaders, P> | Gives<string | string[] | undefined, P>
    ? true
    : false

// Cookies, form fields and files (cookies.ts, forms.ts, files.ts): the schema's Static<> or one of its
// properties; without a `cookies` schema the raw cookies; an uploaded file or their array with `files`.
type SchemaOrPropGives<S, P> = true extends Gives<S, P> | SomePropGives<S, P> ? true : false
type CookiesGive<O, P> = O extends { cookies: infer S extends TSchema }
  ? SchemaOrPropGives<Static<S>, P>
  : true extends Gives<Record<string, string>, P> | Gives<string | undefined, P>
    ? true
    : false
type FormGives<O, P> = O extends { form: infer S extends TSchema } ? SchemaOrPropGives<Static<S>, P> : false
type FilesGive<O, P> = O extends { files: object }
  ? true extends Gives<UploadedFile, P> | Gives<UploadedFile[], P>
    ? true
    : false
  : false
type RequestDataGives<O, P> = true extends CookiesGive<O, P> | FormGives<O, P> | FilesGive<O, P>
  ? true
  : false

type AnyRequest = FastifyRequest<any, any, any, any, any, any, any, any>
type AnyReply = FastifyReply<any, any, any, any, any, any, any, any>

/**
 * Whether `P` is `Resolved<typeof dep>` (the type of a @Depends/@Security parameter, whose own
 * decorator checks it against the dependency's value): its brand key is there.
 */
type IsResolved<P> = [ResolvedMark] extends [keyof NonNullable<P>] ? true : false

/** Whether a parameter of type P can receive some value the route `O` provides. */
type ParamFits<O, P> = 0 extends 1 & P
  ? true
  : IsResolved<P> extends true
    ? true
    : [P] extends [AnyRequest]
      ? true
      : [P] extends [AnyReply]
        ? true
        : true extends
              | BodyGives<O, P>
              | QueryGives<O, P>
              | ParamsGive<O, P>
              | HeadersGive<O, P>
              | RequestDataGives<O, P>
          ? true
          : false

/** Index of the first parameter no route value fits (`never` when all fit). */
type BadParamIndex<O, P extends readonly unknown[], Seen extends unknown[] = []> = P extends readonly []
  ? never
  : P extends readonly [infer Head, ...infer Rest]
    ? ParamFits<O, Head> extends true
      ? BadParamIndex<O, Rest, [...Seen, Head]>
      : Seen['length']
    : number extends P['length']
      ? ParamFits<O, P[number]> extends true
        ? never
        : Seen['length']
      : P extends readonly [(infer Head)?, ...infer Rest]
        ? ParamFits<O, Head> extends true
          ? BadParamIndex<O, Rest, [...Seen, Head]>
          : Seen['length']
        : never

/**
 * Union of Static<> of the `response` schemas; `unknown` when there are none.
 *
 * @example
 * type Out = ResponseType<{ response: { 200: typeof User; 404: typeof Problem } }> // Static<typeof User> | Static<typeof Problem>
 */
export type ResponseType<O> = O extends { response: infer R }
  ? { [K in keyof R]: EntryType<R[K]> }[keyof R]
  : unknown

/** What one `response` entry lets a handler return: its Static<>, or any of its media types' (html(), content maps). */
type EntryType<E> = E extends TSchema
  ? Static<E>
  : E extends { content: infer C }
    ? { [M in keyof C]: C[M] extends TSchema ? Static<C[M]> : unknown }[keyof C]
    : unknown

// biome-ignore lint/suspicious/noConfusingVoidType: a handler declared `(): void` sends through the reply
type ReturnFits<O, R> = [Awaited<R>] extends [ResponseType<O> | undefined | void | AnyReply] ? true : false

/**
 * `true` when a method of type `M` agrees with route options `O`, else a message naming the problem
 * (shown by the compiler as the expected type of the decorated method's name).
 *
 * @example
 * type Ok = HandlerCheck<{ body: typeof NewUser }, (body: Static<typeof NewUser>) => void> // true
 */
export type HandlerCheck<O, M> = M extends (...args: infer P) => infer R
  ? [BadParamIndex<O, P>] extends [never]
    ? ReturnFits<O, R> extends true
      ? true
      : 'portico: the handler returns a type that matches none of the route `response` schemas'
    : `portico: handler parameter #${BadParamIndex<O, P>} has a type that no route schema (body, querystring, params, headers) or @Req/@Reply provides (a @Depends/@Security parameter is typed Resolved<typeof dep>)`
  : 'portico: route decorators apply to methods'

/**
 * A method decorator that only accepts methods agreeing with the route options `O` (see
 * {@link HandlerCheck}). What `@Get()` and the other route decorators return.
 *
 * @example
 * const findUser: RouteDecorator<{ params: typeof ById }> = Get('/:id', { params: ById })
 */
export type RouteDecorator<O extends RouteOptions> = <M>(
  target: object,
  propertyKey: HandlerCheck<O, M> extends true ? string | symbol : HandlerCheck<O, M>,
  descriptor: TypedPropertyDescriptor<M>,
) => void

/**
 * Route options `O` with every key that {@link RouteOptions} does not declare typed `never`, so a
 * typo such as `respones` fails to compile even next to known keys (a generic `O` alone would accept
 * it: TypeScript checks excess keys against a constraint only when nothing else is inferred).
 *
 * @example
 * type Bad = KnownRouteOptions<{ summary: string; respones: {} }> // respones: never
 */
export type KnownRouteOptions<O> = O & { [K in Exclude<keyof O, keyof RouteOptions>]: never }
