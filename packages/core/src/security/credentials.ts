import { type HttpError, Unauthorized } from '../http-errors.js'

// Credential parsing of the security schemes, as FastAPI's `fastapi.security` does it, as plain
// functions (the scheme classes wrap them in dependencies). Nothing here keeps state.

/**
 * `Authorization` split at its first space, as FastAPI's `get_authorization_scheme_param`:
 * `'Bearer abc'` -> `['Bearer', 'abc']`; a missing header -> `['', '']`. The scheme keeps its case
 * (compare it case-insensitively); the rest is not trimmed.
 *
 * @example
 * authorizationParts('Basic dTpw') // ['Basic', 'dTpw']
 */
export function authorizationParts(authorization: string | undefined): [scheme: string, param: string] {
  if (!authorization) return ['', '']
  const space = authorization.indexOf(' ')
  return space === -1 ? [authorization, ''] : [authorization.slice(0, space), authorization.slice(space + 1)]
}

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or `undefined`
 * when the header is missing, of another scheme, or has no token.
 *
 * @example
 * bearerToken('bearer abc') // 'abc'
 * bearerToken('Basic dTpw') // undefined
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const [scheme, token] = authorizationParts(authorization)
  return scheme.toLowerCase() === 'bearer' && token !== '' ? token : undefined
}

/**
 * The `resolve` of a scheme that reads a bearer token from `Authorization` (HttpBearer,
 * OAuth2PasswordBearer): the token; without one, 401 `Not authenticated` with `WWW-Authenticate:
 * Bearer` when `autoError`, else `undefined`.
 *
 * @example
 * super({ authorization: header('authorization') }, bearerTokenResolver(true), { name, securityScheme })
 */
export function bearerTokenResolver(autoError: boolean) {
  return function resolveBearerToken({ authorization }: { authorization: string | undefined }) {
    const token = bearerToken(authorization)
    if (token === undefined && autoError) throw notAuthenticated('Bearer')
    return token
  }
}

/** HTTP Basic credentials. */
export interface BasicCredentials {
  username: string
  password: string
}

// Python's b64decode (FastAPI's) drops characters outside the alphabet, then needs correct padding.
const NOT_BASE64 = /[^A-Za-z0-9+/=]/g
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * What an `Authorization: Basic ...` header holds: `'missing'` (no header or another scheme),
 * `'invalid'` (not base64, not UTF-8, no colon), or the credentials (split at the first colon, so a
 * password may contain colons).
 *
 * @example
 * basicCredentials('Basic ' + btoa('ada:s3:cret')) // { username: 'ada', password: 's3:cret' }
 * basicCredentials('Basic !!!') // 'invalid'
 */
export function basicCredentials(
  authorization: string | undefined,
): BasicCredentials | 'missing' | 'invalid' {
  const [scheme, param] = authorizationParts(authorization)
  if (!authorization || scheme.toLowerCase() !== 'basic') return 'missing'
  const encoded = param.replace(NOT_BASE64, '')
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) return 'invalid'
  let decoded: string
  try {
    decoded = utf8.decode(Buffer.from(encoded, 'base64'))
  } catch {
    return 'invalid'
  }
  const colon = decoded.indexOf(':')
  if (colon === -1) return 'invalid'
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/**
 * The value a repeated query parameter or header resolves to: the last one, as Starlette's
 * `request.query_params.get` (a parsed querystring holds an array for a repeated key).
 *
 * @example
 * lastValue(['a', 'b']) // 'b'
 */
export function lastValue(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value
  return typeof last === 'string' && last !== '' ? last : undefined
}

/**
 * The 401 a security scheme answers: `Not authenticated` (or `message`) with the scheme's
 * `WWW-Authenticate` challenge, which Fastify's error handler (and `createApp`'s, in either error
 * format) sends as a header.
 *
 * @example
 * throw notAuthenticated('Basic realm="admin"')
 */
export function notAuthenticated(challenge: string, message = 'Not authenticated'): HttpError {
  const error = new Unauthorized(message) as HttpError & { headers: Record<string, string> }
  error.headers = { 'www-authenticate': challenge }
  return error
}
