import { rootPathOf } from '@portico/root-path'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { AppDocuments, openApiPath } from './documents.js'
import { ROUTES_FLAGS } from './flag-tables.js'
import { helpFor, onePositional, parseFlags } from './flags.js'
import { loadAppForInspection, resolveModulePath } from './load-app.js'
import { RouteCollector } from './route-collector.js'

/** `portico routes --help`. */
export const ROUTES_HELP = helpFor(
  'routes',
  '<module> [options]',
  'List the routes of the app exported by <module>, without listening.',
  ROUTES_FLAGS,
)

/** One line of `portico routes`. */
export interface RouteRow {
  method: string
  /** Path as the app routes it (without the root path). */
  path: string
  /** Path as clients reach it through the proxy (root path + path). */
  fullPath: string
  /** Route name (`config.portico.name`), used by `request.urlFor`; `''` when unnamed. */
  name: string
  /** `Controller.method` from `config.portico`, else the handler function's name; `''` when anonymous. */
  handler: string
  /** Whether the OpenAPI document lists the operation; `null` when the app has no document. */
  inDocument: boolean | null
}

interface PorticoConfig {
  portico?: { name?: string; controller?: string; handler?: string }
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Rows for every route of a ready app, with `rootPath` prepended for `fullPath`. */
export async function routeRows(
  routes: RouteOptions[],
  documents: AppDocuments,
  rootPath: string,
  includeHead: boolean,
): Promise<RouteRow[]> {
  const expanded = routes.flatMap((route) =>
    [route.method].flat().map((method) => ({ route, method: String(method) })),
  )
  // Fastify adds a HEAD route for each GET route; it shares the GET route's handler.
  const getHandlers = new Map<string, unknown>()
  for (const { route, method } of expanded) if (method === 'GET') getHandlers.set(route.url, route.handler)
  const rows: RouteRow[] = []
  for (const { route, method } of expanded) {
    if (
      !includeHead &&
      method === 'HEAD' &&
      getHandlers.get(route.url) === route.handler &&
      ![route.method].flat().includes('GET')
    ) {
      continue
    }
    const portico = (route.config as PorticoConfig | undefined)?.portico
    const handlerName = (route.handler as { name?: string } | undefined)?.name ?? ''
    rows.push({
      method,
      path: route.url,
      fullPath: `${rootPath}${route.url}`,
      name: portico?.name ?? '',
      handler:
        portico?.controller && portico.handler ? `${portico.controller}.${portico.handler}` : handlerName,
      inDocument: await isDocumented(route, method, documents),
    })
  }
  return rows.sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      (METHOD_ORDER.indexOf(a.method) + 1 || 99) - (METHOD_ORDER.indexOf(b.method) + 1 || 99),
  )
}

async function isDocumented(
  route: RouteOptions,
  method: string,
  documents: AppDocuments,
): Promise<boolean | null> {
  const found = await documents.forUrl(route.url)
  if (found === undefined) return null
  if ((route.schema as { hide?: boolean } | undefined)?.hide === true) return false
  const relative = route.url.slice(found.prefix.length) || '/'
  return found.document.paths?.[openApiPath(relative)]?.[method.toLowerCase()] !== undefined
}

/** The rows as an aligned text table. */
export function formatTable(rows: RouteRow[]): string {
  const header = ['METHOD', 'PATH', 'FULL PATH', 'NAME', 'HANDLER', 'IN DOCS']
  const cells = rows.map((row) => [
    row.method,
    row.path,
    row.fullPath,
    row.name || '-',
    row.handler || '-',
    row.inDocument === null ? '-' : row.inDocument ? 'yes' : 'no',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return `${[line(header), ...cells.map(line)].join('\n')}\n`
}

/** `portico routes <module>`. */
export async function routesCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags('routes', ROUTES_FLAGS, args, env)
  if (flags.help) {
    process.stdout.write(ROUTES_HELP)
    return 0
  }
  const module = onePositional(flags.positionals, 'routes')
  const rootPathFlag = flags.values['root-path'] as string | undefined
  const collector = new RouteCollector().start()
  let app: FastifyInstance
  try {
    app = await loadAppForInspection(module, 'routes', flags)
  } finally {
    collector.stop()
  }
  const documents = await AppDocuments.of(app, resolveModulePath(module, 'routes'))
  const rows = await routeRows(
    collector.routesOf(app) ?? [],
    documents,
    rootPathFlag ?? rootPathOf(app),
    flags.values['include-head'] === true,
  )
  process.stdout.write(flags.values.json === true ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows))
  await app.close()
  return 0
}
