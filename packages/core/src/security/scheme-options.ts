import {
  PORTICO_ERR_CORE_SECURITY_OPTION_INVALID,
  PORTICO_ERR_CORE_SECURITY_OPTION_UNKNOWN,
} from '../errors.js'
import { knownKeys, unknownKey } from '../option-keys.js'

// What every security scheme's options share, and their checks at construction (a typo in
// `autoError` or `tokenUrl` must fail when the module loads, not turn authentication off).

/**
 * Options every security scheme takes.
 *
 * @example
 * new HttpBearer({ name: 'jwt', description: 'A JWT from /token', autoError: false })
 */
export interface SchemeOptions<A extends boolean = boolean> {
  /** The scheme's key in `components.securitySchemes` and in the routes' `security`. */
  name?: string
  /** The scheme's `description` in the document. Default: none. */
  description?: string
  /**
   * `true` (default): a request without (valid) credentials gets 401 `Not authenticated`. `false`:
   * the dependency resolves to `undefined` instead, for routes that also serve anonymous users or
   * that try several schemes (FastAPI's `auto_error`).
   */
  autoError?: A
}

/**
 * The value a scheme resolves to: `T`, or `T | undefined` when `autoError` may be `false`.
 *
 * @example
 * type Token = SchemeValue<false, string> // string | undefined
 */
export type SchemeValue<A extends boolean, T> = A extends false ? T | undefined : T

/** Throws naming `owner` unless `options` is an object with only keys of `defaults`. */
export function checkSchemeOptions(
  owner: string,
  options: unknown,
  defaults: object,
): Record<string, unknown> {
  if (options === undefined) return {}
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID('options', owner, 'expected an object')
  }
  const unknown = unknownKey(options, defaults)
  if (unknown !== undefined)
    throw new PORTICO_ERR_CORE_SECURITY_OPTION_UNKNOWN(unknown, owner, knownKeys(defaults))
  const o = options as Record<string, unknown>
  for (const key of ['name', 'description'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'string' || o[key] === '')) {
      throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID(key, owner, 'expected a non-empty string')
    }
  }
  if (o.autoError !== undefined && typeof o.autoError !== 'boolean') {
    throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID('autoError', owner, 'expected true or false')
  }
  return o
}

/** Throws unless `value` is a non-empty string (a required option). */
export function requiredString(owner: string, key: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new PORTICO_ERR_CORE_SECURITY_OPTION_INVALID(key, owner, 'expected a non-empty string')
  }
  return value
}

/** The scheme object's `description`, when given. */
export function described(description: unknown): { description?: string } {
  return typeof description === 'string' ? { description } : {}
}
