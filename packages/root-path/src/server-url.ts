import { SCHEME } from './scheme.js'

/**
 * Validation of an OpenAPI server `url` (issue 13, finding 6): the docs pages turn it into links and
 * requests, so a `javascript:` or `data:` URL, a scheme-relative `//host` one, or one with controls or
 * spaces is refused at startup rather than served. A `{variable}` must be declared in `variables`; the
 * URL is checked with each variable at its default and at each of its `enum` values.
 */

const TEMPLATE = /\{([^{}]*)\}/g
const HTTP = /^https?:\/\//i
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls and whitespace are what is refused
const SPACE_OR_CONTROL = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/

type Variables = Record<string, { default: string; enum?: readonly string[] }> | undefined

/**
 * Why `url` is not a valid server URL, or `undefined` when it is: an absolute `http(s)://host...` URL,
 * or a relative reference (`/api/v1`, `./v1`, `v1`) that no browser reads as another host.
 *
 * @example
 * serverUrlProblem('javascript:alert(1)', undefined) // 'must be an http(s) URL or a relative path ...'
 * serverUrlProblem('https://{region}.example.com', { region: { default: 'eu' } }) // undefined
 */
export function serverUrlProblem(url: string, variables: Variables): string | undefined {
  const names = new Set<string>()
  for (const match of url.matchAll(TEMPLATE)) {
    const name = match[1]!
    if (variables === undefined || !Object.hasOwn(variables, name)) {
      return `uses {${name}} but "variables" does not declare it`
    }
    names.add(name)
  }
  if (url.replace(TEMPLATE, '').search(/[{}]/) !== -1) return 'has an unbalanced "{" or "}"'
  const defaults = (name: string) => variables![name]!.default
  const expansions = [expand(url, defaults)]
  for (const name of names) {
    for (const value of variables![name]!.enum ?? []) {
      expansions.push(expand(url, (other) => (other === name ? value : defaults(other))))
    }
  }
  for (const expanded of expansions) {
    const problem = concreteProblem(expanded)
    if (problem !== undefined) return expanded === url ? problem : `${problem} (as "${expanded}")`
  }
  return undefined
}

function expand(url: string, value: (name: string) => string): string {
  return url.replace(TEMPLATE, (_, name: string) => value(name))
}

function concreteProblem(url: string): string | undefined {
  if (SPACE_OR_CONTROL.test(url)) return 'must not contain spaces or control characters'
  if (url.includes('\\')) return 'must not contain "\\"'
  if (SCHEME.test(url)) {
    if (!HTTP.test(url)) return 'must be an http(s) URL or a relative path (no other scheme)'
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return 'is not a valid URL'
    }
    if (parsed.username !== '' || parsed.password !== '') return 'must not contain credentials'
    return undefined
  }
  if (url.startsWith('//')) return 'must not be scheme-relative ("//host"): write https://host'
  return undefined
}
