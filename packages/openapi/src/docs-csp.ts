import type { OpenAPIV3_1 } from 'openapi-types'
import { OPENAPI_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_OPENAPI_OPTION_INVALID, PORTICO_ERR_OPENAPI_OPTION_UNKNOWN } from './errors.js'
import type { ServerObject } from './options.js'

/** The Content-Security-Policy (level 3) directives the `docsCsp` option may set. */
export type CspDirective =
  | 'default-src'
  | 'script-src'
  | 'script-src-elem'
  | 'script-src-attr'
  | 'style-src'
  | 'style-src-elem'
  | 'style-src-attr'
  | 'img-src'
  | 'font-src'
  | 'connect-src'
  | 'media-src'
  | 'object-src'
  | 'child-src'
  | 'frame-src'
  | 'worker-src'
  | 'manifest-src'
  | 'frame-ancestors'
  | 'base-uri'
  | 'form-action'
  | 'sandbox'
  | 'report-uri'
  | 'report-to'
  | 'require-trusted-types-for'
  | 'trusted-types'
  | 'upgrade-insecure-requests'

/**
 * Directives of the docs pages' Content-Security-Policy, each a list of sources (`"'self'"`,
 * `'https://api.example.com'`, `'data:'`); `[]` writes the directive alone
 * (`upgrade-insecure-requests`), `null` leaves a default directive out.
 *
 * @example
 * const csp: DocsCspDirectives = { 'connect-src': ["'self'", 'https://api.example.com'] }
 */
export type DocsCspDirectives = { [K in CspDirective]?: readonly string[] | null }

/** One page's directives after the option was merged over its defaults, in header order. */
export type PagePolicy = ReadonlyArray<readonly [CspDirective, readonly string[]]>

/** The docs pages' policies; `false`: the pages send none of their own. */
export type ResolvedDocsCsp = Readonly<Record<DocsPage, PagePolicy>> | false

/** The pages, as keyed in `OPENAPI_DEFAULTS.docsCsp`. */
export type DocsPage = keyof typeof OPENAPI_DEFAULTS.docsCsp

const KNOWN = Object.keys(OPENAPI_DEFAULTS.docsCsp.swaggerUi) as CspDirective[]

/** One source expression: printable ASCII without the `;` and `,` that would end the directive or
 *  the policy (a header injection), so a value can never add a directive of its own. */
const SOURCE = /^[\x21-\x2b\x2d-\x3a\x3c-\x7e]+$/

/** Checks the option's directives (known names, valid sources); `null` kept (it removes one). */
function checkDirectives(value: unknown): DocsCspDirectives {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID('docsCsp', 'must be an object of CSP directives or false')
  }
  for (const [name, sources] of Object.entries(value)) {
    if (!KNOWN.includes(name as CspDirective)) {
      throw new PORTICO_ERR_OPENAPI_OPTION_UNKNOWN(`docsCsp.${name}`, ' (a CSP directive)', KNOWN.join(', '))
    }
    if (sources === null) continue
    if (!Array.isArray(sources)) {
      throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(`docsCsp.${name}`, 'must be an array of sources or null')
    }
    for (const [index, source] of sources.entries()) {
      if (typeof source !== 'string' || !SOURCE.test(source)) {
        throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
          `docsCsp.${name}[${index}]`,
          `must be one CSP source (no spaces, ";" or ","), got ${JSON.stringify(source)}`,
        )
      }
    }
  }
  return value as DocsCspDirectives
}

/**
 * `docsCsp` merged over each page's `OPENAPI_DEFAULTS.docsCsp` by directive (a given directive
 * replaces the page's, `null` removes it); `false` sends no policy of the pages' own. An unknown
 * directive or an invalid source fails naming `docsCsp.<directive>`.
 */
export function resolveDocsCsp(value: unknown): ResolvedDocsCsp {
  if (value === false) return false
  const given = checkDirectives(value ?? {})
  const page = (defaults: (typeof OPENAPI_DEFAULTS.docsCsp)[DocsPage]): PagePolicy => {
    const merged: Array<readonly [CspDirective, readonly string[]]> = []
    for (const name of KNOWN) {
      const sources = Object.hasOwn(given, name) ? given[name] : defaults[name]
      if (sources !== null && sources !== undefined) merged.push([name, Object.freeze([...sources])])
    }
    return Object.freeze(merged)
  }
  const { swaggerUi, redoc, oauth2Redirect } = OPENAPI_DEFAULTS.docsCsp
  return Object.freeze({
    swaggerUi: page(swaggerUi),
    redoc: page(redoc),
    oauth2Redirect: page(oauth2Redirect),
  })
}

/** `scheme://host[:port]` of an absolute http(s)/ws(s) URL; `undefined` for anything else. */
function originOf(url: string): string | undefined {
  if (!/^(https?|wss?):\/\//i.test(url)) return undefined
  try {
    const { origin } = new URL(url)
    // What URL accepts in a host is wider than a CSP host-source: keep only the plain ones.
    return /^(https?|wss?):\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin) ? origin : undefined
  } catch {
    return undefined
  }
}

/** Every URL Swagger UI can make of a server entry: each `{variable}` by its enum values (or its
 *  default). A variable Swagger UI lets the user type freely has only its default here. */
function expandServerUrl(server: ServerObject, limit: number): string[] {
  let urls = [server.url]
  for (const [name, variable] of Object.entries(server.variables ?? {})) {
    const values = variable.enum?.length ? variable.enum.map(String) : [String(variable.default)]
    urls = urls.flatMap((url) => values.map((value) => url.replaceAll(`{${name}}`, value))).slice(0, limit)
  }
  return urls
}

const MAX_ORIGINS = 64

/**
 * Origins the pages' scripts fetch besides their own: absolute `servers` URLs ("Try it out") and
 * the OAuth2 `tokenUrl`/`refreshUrl` and OpenID Connect discovery URLs of the security schemes.
 */
export function connectOrigins(
  servers: readonly ServerObject[] | undefined,
  securitySchemes: Record<string, OpenAPIV3_1.SecuritySchemeObject> | undefined,
): string[] {
  const urls: string[] = []
  for (const server of servers ?? []) {
    if (typeof server?.url === 'string') urls.push(...expandServerUrl(server, MAX_ORIGINS))
  }
  for (const scheme of Object.values(securitySchemes ?? {})) {
    if (scheme?.type === 'openIdConnect') urls.push(scheme.openIdConnectUrl)
    if (scheme?.type !== 'oauth2') continue
    for (const flow of Object.values(scheme.flows ?? {}) as Array<Record<string, unknown>>) {
      for (const key of ['tokenUrl', 'refreshUrl']) if (typeof flow?.[key] === 'string') urls.push(flow[key])
    }
  }
  const origins = new Set<string>()
  for (const url of urls) {
    const origin = typeof url === 'string' ? originOf(url) : undefined
    if (origin !== undefined && origins.size < MAX_ORIGINS) origins.add(origin)
  }
  return [...origins]
}

/** The header value: `connect-src` gets `extraConnect` appended (when the policy has one). */
export function cspHeader(policy: PagePolicy, extraConnect: readonly string[] = []): string {
  return policy
    .map(([name, sources]) => {
      const all =
        name === 'connect-src' ? [...sources, ...extraConnect.filter((o) => !sources.includes(o))] : sources
      return all.length === 0 ? name : `${name} ${all.join(' ')}`
    })
    .join('; ')
}

/** Whether every page's policy forbids every frame ancestor (then `X-Frame-Options: DENY` says
 *  the same to browsers that predate `frame-ancestors`). */
export function deniesFraming(csp: ResolvedDocsCsp): boolean {
  if (csp === false) return true
  return Object.values(csp).every((policy) => {
    const ancestors = policy.find(([name]) => name === 'frame-ancestors')
    return ancestors === undefined || (ancestors[1].length === 1 && ancestors[1][0] === "'none'")
  })
}

const WORKER_FALLBACKS = ['worker-src', 'child-src', 'script-src', 'default-src']

/**
 * Whether every policy in `headers` (Content-Security-Policy values, each maybe a comma-separated
 * list of policies) lets the page start a `blob:` worker, as ReDoc's search does: the first of
 * worker-src, child-src, script-src, default-src a policy has must list `blob:`.
 */
export function allowsBlobWorkers(headers: readonly string[]): boolean {
  return headers.every((header) =>
    header.split(',').every((policy) => {
      const directives = new Map<string, string[]>()
      for (const part of policy.split(';')) {
        const [name, ...sources] = part.trim().toLowerCase().split(/\s+/)
        if (name && !directives.has(name)) directives.set(name, sources)
      }
      const governing = WORKER_FALLBACKS.find((name) => directives.has(name))
      return governing === undefined || directives.get(governing)!.includes('blob:')
    }),
  )
}
