import { SCHEME } from './scheme.js'

/**
 * Pure functions on root paths: validation + normalisation, segment-boundary stripping, forwarded-prefix
 * parsing, and the guard that keeps generated paths from being read as protocol-relative URLs.
 */

/**
 * Longest root path (config or forwarded) accepted, in characters, before percent-decoding.
 *
 * @example
 * checkRootPath(`/${'a'.repeat(MAX_ROOT_PATH_LENGTH)}`).ok // false
 */
export const MAX_ROOT_PATH_LENGTH = 1024

/**
 * What a root path segment may contain: RFC 3986 `pchar` without percent-encoding, minus `'`, `(`, `)` and
 * `*` (quote and markup-adjacent characters, and Fastify route syntax) that no real prefix needs.
 */
const SEGMENT_CHARS = /^[A-Za-z0-9\-._~!$&+,;=:@]+$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected here
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/

/**
 * Result of {@link checkRootPath}: the normalised root path, or why it is invalid.
 *
 * @example
 * const check: RootPathCheck = checkRootPath('/api/')
 * if (check.ok) check.value // '/api'
 */
export type RootPathCheck = { ok: true; value: string } | { ok: false; reason: string }

/**
 * Validates and normalises a root path: `''` or `/segment(/segment)*`, one trailing slash dropped
 * (`'/api/'` -> `'/api'`, `'/'` -> `''`). Segments are letters, digits and `- . _ ~ ! $ & + , ; = : @`;
 * no empty (`//`) or dot (`.`, `..`) segments, no `?`, `#`, `\`, scheme or control characters.
 *
 * @example
 * checkRootPath('/api/v1/') // { ok: true, value: '/api/v1' }
 * checkRootPath('api')      // { ok: false, reason: 'must start with "/" ...' }
 */
export function checkRootPath(input: unknown): RootPathCheck {
  if (typeof input !== 'string') return { ok: false, reason: `must be a string, got ${typeOf(input)}` }
  if (input === '' || input === '/') return { ok: true, value: '' }
  if (input.length > MAX_ROOT_PATH_LENGTH) {
    return { ok: false, reason: `must be at most ${MAX_ROOT_PATH_LENGTH} characters` }
  }
  if (CONTROL_CHARS.test(input)) return { ok: false, reason: 'must not contain control characters' }
  if (SCHEME.test(input)) {
    return { ok: false, reason: 'must be a path, not a URL with a scheme (put full URLs in "servers")' }
  }
  if (input.includes('\\')) return { ok: false, reason: 'must not contain "\\"' }
  if (input.includes('?')) return { ok: false, reason: 'must not contain "?" (no query string)' }
  if (input.includes('#')) return { ok: false, reason: 'must not contain "#" (no fragment)' }
  if (input.charCodeAt(0) !== 47) return { ok: false, reason: 'must start with "/" (for example "/api/v1")' }
  const value = input.charCodeAt(input.length - 1) === 47 ? input.slice(0, -1) : input
  const segments = value.split('/')
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!
    if (segment === '') return { ok: false, reason: 'must not contain empty segments ("//")' }
    if (segment === '.' || segment === '..')
      return { ok: false, reason: 'must not contain "." or ".." segments' }
    if (!SEGMENT_CHARS.test(segment)) {
      return {
        ok: false,
        reason:
          'segments may contain only letters, digits and - . _ ~ ! $ & + , ; = : @ (no spaces, quotes, "%" or non-ASCII)',
      }
    }
  }
  return { ok: true, value }
}

/**
 * The rest of `url` after `prefix` when `url` is under `prefix` on a segment boundary, else `undefined`.
 * `prefix` is a normalised, non-empty root path. The query string is kept as it is.
 *
 * @example
 * stripPrefix('/api/v1/app?x=1', '/api/v1') // '/app?x=1'
 * stripPrefix('/api/v1', '/api/v1')         // '/'
 * stripPrefix('/api/v1x/app', '/api/v1')    // undefined
 */
export function stripPrefix(url: string, prefix: string): string | undefined {
  if (!url.startsWith(prefix)) return undefined
  const end = prefix.length
  if (url.length === end) return '/'
  const next = url.charCodeAt(end)
  if (next === 47 /* / */) return url.slice(end)
  if (next === 63 /* ? */) return `/${url.slice(end)}`
  return undefined
}

/**
 * Result of {@link parseForwardedPrefix}.
 *
 * @example
 * const forwarded: ForwardedPrefix | undefined = parseForwardedPrefix(request.headers['x-forwarded-prefix'])
 */
export type ForwardedPrefix = { ok: true; value: string } | { ok: false; reason: string }

/**
 * Reads an `X-Forwarded-Prefix` header value. Rule for several values (comma-separated, or the header
 * repeated, which Node joins with ", "): the LAST one is used. It is the value the direct peer (the
 * trusted proxy) added; earlier values were set further away and may come from the client. The value is
 * percent-decoded once, must not contain encoded `/`, `\` or `,` (`%2F`, `%5C`, `%2C`), and is then
 * validated and normalised like the `rootPath` option, so a forwarded prefix never contains a comma. Returns `undefined` when the header is absent or empty.
 *
 * @example
 * parseForwardedPrefix('/outer, /api')  // { ok: true, value: '/api' }
 * parseForwardedPrefix('/%2e%2e/admin') // { ok: false, reason: ... }
 */
export function parseForwardedPrefix(header: string | string[] | undefined): ForwardedPrefix | undefined {
  if (header === undefined) return undefined
  let raw = typeof header === 'string' ? header : header[header.length - 1]
  if (raw === undefined) return undefined
  const comma = raw.lastIndexOf(',')
  if (comma !== -1) raw = raw.slice(comma + 1)
  raw = raw.trim()
  if (raw === '') return undefined
  if (raw.length > MAX_ROOT_PATH_LENGTH) {
    return { ok: false, reason: `longer than ${MAX_ROOT_PATH_LENGTH} characters` }
  }
  let decoded = raw
  if (raw.includes('%')) {
    // An encoded comma would survive the several-values rule above and read as two prefixes.
    if (/%(2f|5c|2c)/i.test(raw)) return { ok: false, reason: 'contains an encoded "/", "\\" or ","' }
    try {
      decoded = decodeURIComponent(raw)
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' }
    }
  }
  return checkRootPath(decoded)
}

/**
 * Makes sure a path cannot be read as a protocol-relative URL: a leading run of `/` and `\` becomes one
 * `/`. Every path this package generates goes through it.
 *
 * @example
 * safePath('//evil.example/x') // '/evil.example/x'
 */
export function safePath(path: string): string {
  const first = path.charCodeAt(0)
  if (first === 92 /* \ */ || (first === 47 && (path.charCodeAt(1) === 47 || path.charCodeAt(1) === 92))) {
    return path.replace(/^[/\\]+/, '/')
  }
  return path
}

/**
 * Joins a normalised root path and a path that starts with `/`, never producing `//` at the start.
 *
 * @example
 * joinRootPath('/api', '/docs') // '/api/docs'
 * joinRootPath('', '//evil.example') // '/evil.example'
 */
export function joinRootPath(root: string, path: string): string {
  return safePath(root + path)
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}
