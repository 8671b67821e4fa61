import { PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING } from './errors.js'
import { safePath } from './prefix.js'

/**
 * Values for a route's path parameters, by name (`'*'` for a wildcard).
 *
 * @example
 * const params: UrlParams = { id: 42, '*': 'docs/a.txt' }
 */
export type UrlParams = Record<string, string | number | bigint | boolean>

/**
 * Query string values; `undefined`/`null` entries are skipped, arrays repeat the key.
 *
 * @example
 * const query: UrlQuery = { page: 2, tag: ['a', 'b'], draft: undefined } // ?page=2&tag=a&tag=b
 */
export type UrlQuery = Record<
  string,
  string | number | bigint | boolean | null | undefined | ReadonlyArray<string | number | bigint | boolean>
>

type Token =
  | { kind: 'static'; text: string }
  | { kind: 'param'; name: string; optional: boolean }
  | { kind: 'wildcard' }

/**
 * A Fastify (find-my-way) route path compiled for URL generation.
 *
 * @example
 * const pattern: RoutePattern = compileRoutePattern('/items/:id')
 */
export interface RoutePattern {
  readonly path: string
  readonly tokens: readonly Token[]
}

/**
 * Compiles a find-my-way route path: `:name` parameters (ending at `/`, `-`, `.` or a `(regex)`),
 * `:name?` optional last parameter, `*` wildcard, `::` for a literal colon.
 *
 * @example
 * compileRoutePattern('/users/:id(^\\d+$)/files/*')
 */
export function compileRoutePattern(path: string): RoutePattern {
  const tokens: Token[] = []
  let text = ''
  let i = 0
  while (i < path.length) {
    const char = path[i]!
    if (char === ':' && path[i + 1] === ':') {
      text += ':'
      i += 2
    } else if (char === ':') {
      let end = i + 1
      while (end < path.length && !'/-.('.includes(path[end]!)) end++
      let name = path.slice(i + 1, end)
      const optional = name.endsWith('?')
      if (optional) name = name.slice(0, -1)
      if (text !== '') tokens.push({ kind: 'static', text })
      text = ''
      tokens.push({ kind: 'param', name, optional })
      i = end
      if (path[i] === '(') i = skipRegex(path, i)
    } else if (char === '*') {
      if (text !== '') tokens.push({ kind: 'static', text })
      text = ''
      tokens.push({ kind: 'wildcard' })
      i++
    } else {
      text += char
      i++
    }
  }
  if (text !== '') tokens.push({ kind: 'static', text })
  return { path, tokens }
}

function skipRegex(path: string, start: number): number {
  let depth = 0
  for (let i = start; i < path.length; i++) {
    const char = path[i]
    if (char === '\\') i++
    else if (char === '(') depth++
    else if (char === ')' && --depth === 0) return i + 1
  }
  return path.length
}

/**
 * Fills a compiled route path with `params` (each value percent-encoded as one segment; a wildcard keeps
 * its `/`s but never starts with one) and appends `query`. Throws a coded error naming the route and
 * parameter when a required value is missing or empty. The result never starts with `//` or `/\`.
 *
 * @example
 * buildPath(compileRoutePattern('/items/:id'), 'item', { id: 'a b' }, { q: 1 }) // '/items/a%20b?q=1'
 */
export function buildPath(pattern: RoutePattern, name: string, params?: UrlParams, query?: UrlQuery): string {
  let out = ''
  const tokens = pattern.tokens
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.kind === 'static') {
      out += encodeURI(token.text)
      continue
    }
    const key = token.kind === 'param' ? token.name : '*'
    const raw = params?.[key]
    const value = raw === undefined || raw === null ? '' : String(raw)
    if (value === '') {
      if (token.kind === 'param' && token.optional) {
        if (out.endsWith('/') && out.length > 1) out = out.slice(0, -1)
        continue
      }
      if (token.kind === 'wildcard') continue
      throw new PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING(name, key, pattern.path)
    }
    out += token.kind === 'wildcard' ? encodeWildcard(value) : encodeSegment(value)
  }
  return safePath(out === '' ? '/' : out) + buildQuery(query)
}

function encodeSegment(value: string): string {
  const encoded = encodeURIComponent(value)
  // A lone '.' or '..' would be resolved as a dot segment by clients; keep it data.
  return encoded === '.' ? '%2E' : encoded === '..' ? '%2E%2E' : encoded
}

function encodeWildcard(value: string): string {
  return value
    .replace(/^[/\\]+/, '')
    .split('/')
    .map(encodeSegment)
    .join('/')
}

/**
 * `?a=1&b=2` from a query object, or `''` when it has no entries.
 *
 * @example
 * buildQuery({ a: 1, b: [2, 3] }) // '?a=1&b=2&b=3'
 */
export function buildQuery(query: UrlQuery | undefined): string {
  if (query === undefined || query === null) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item))
    else search.append(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}
