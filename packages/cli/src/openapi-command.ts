import { writeFile } from 'node:fs/promises'
import { rootPathOf } from '@portico/root-path'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { stringify } from 'yaml'
import { AppDocuments, documentRouteCandidates, isServedCopyOf } from './documents.js'
import { firstLine, PORTICO_ERR_CLI_DOCUMENT_MISSING, PORTICO_ERR_CLI_OUTPUT_UNWRITABLE } from './errors.js'
import { OPENAPI_FLAGS } from './flag-tables.js'
import { helpFor, onePositional, parseFlags } from './flags.js'
import { loadAppForInspection, resolveModulePath } from './load-app.js'
import { RouteCollector } from './route-collector.js'

/** `portico openapi --help`. */
export const OPENAPI_HELP = helpFor(
  'openapi',
  '<module> [options]',
  'Write the OpenAPI document of the app exported by <module>, as it is served (servers included), without listening.',
  OPENAPI_FLAGS,
)

/**
 * The document as the app serves it at the root, to a request under its root path (serve hooks and
 * transforms applied, so `servers` are those a client gets), obtained with `inject` rather than a
 * socket:
 * - @portico/openapi: `GET <root path><prefix><openapiUrl>`;
 * - plain @fastify/swagger: the first GET route of `routes` (or, without them, of
 *   `WELL_KNOWN_DOCUMENT_URLS`) ending in `json` that answers this document, e.g.
 *   @fastify/swagger-ui's `<routePrefix>/json`;
 * - when no route serves it (`openapiUrl: null`, swagger without a JSON route), the generated
 *   document (`getOpenApiDocument`, `app.swagger()`), with a note on stderr.
 *
 * @example
 * const document = await servedDocument(app, 'dist/main.js')
 */
export async function servedDocument(
  app: FastifyInstance,
  module: string,
  routes?: readonly RouteOptions[],
): Promise<unknown> {
  const root = rootPathOf(app)
  const api = (app as unknown as { openapi?: { prefix?: string; openapiUrl?: string | null } }).openapi
  if (api && typeof api.openapiUrl === 'string') {
    const url = `${root}${api.prefix ?? ''}${api.openapiUrl}`
    const response = await app.inject({ method: 'GET', url })
    if (response.statusCode !== 200) {
      throw new PORTICO_ERR_CLI_DOCUMENT_MISSING(module, `GET ${url} answered ${response.statusCode}`)
    }
    return response.json()
  }
  if (api && api.openapiUrl === null) {
    const documents = await AppDocuments.of(app, resolveModulePath(module, 'openapi'))
    const generated = await documents.byPrefix('')
    if (generated === undefined) {
      throw new PORTICO_ERR_CLI_DOCUMENT_MISSING(
        module,
        '@portico/openapi has openapiUrl: null and no document',
      )
    }
    notServed('@portico/openapi has openapiUrl: null')
    return generated
  }
  const swagger = (app as unknown as { swagger?: () => unknown }).swagger
  if (typeof swagger === 'function') {
    const generated = swagger.call(app)
    for (const path of documentRouteCandidates(app, routes)) {
      const served = await injectJson(app, `${root}${path}`)
      if (isServedCopyOf(served, generated)) return served
    }
    notServed('no GET route of the app answers its @fastify/swagger document as JSON')
    return generated
  }
  throw new PORTICO_ERR_CLI_DOCUMENT_MISSING(
    module,
    'neither @portico/openapi nor @fastify/swagger is registered',
  )
}

/** The JSON body of `GET url` when it answers 200 with JSON, else `undefined`. */
async function injectJson(app: FastifyInstance, url: string): Promise<unknown> {
  const response = await app.inject({ method: 'GET', url })
  if (response.statusCode !== 200) return undefined
  try {
    return response.json()
  } catch {
    return undefined
  }
}

function notServed(why: string): void {
  process.stderr.write(`portico: ${why}; writing the generated document (servers as configured)\n`)
}

/** `portico openapi <module>`. */
export async function openapiCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags('openapi', OPENAPI_FLAGS, args, env)
  if (flags.help) {
    process.stdout.write(OPENAPI_HELP)
    return 0
  }
  const module = onePositional(flags.positionals, 'openapi')
  // The routes are recorded while the app is built, to find the one serving a plain swagger document.
  const collector = new RouteCollector().start()
  let app: FastifyInstance
  try {
    app = await loadAppForInspection(module, 'openapi', flags)
  } finally {
    collector.stop()
  }
  const document = await servedDocument(app, module, collector.routesOf(app))
  await app.close()
  const text =
    flags.values.yaml === true
      ? stringify(document, { aliasDuplicateObjects: false })
      : `${JSON.stringify(document, null, 2)}\n`
  const out = flags.values.out as string | undefined
  if (out === undefined) {
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()))
    return 0
  }
  try {
    await writeFile(out, text)
  } catch (error) {
    throw new PORTICO_ERR_CLI_OUTPUT_UNWRITABLE(out, firstLine(error), { cause: error })
  }
  process.stderr.write(`portico: wrote ${out}\n`)
  return 0
}
