import { writeFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { stringify } from 'yaml'
import { firstLine, PORTICO_ERR_CLI_DOCUMENT_MISSING, PORTICO_ERR_CLI_OUTPUT_UNWRITABLE } from './errors.js'
import { OPENAPI_FLAGS } from './flag-tables.js'
import { helpFor, onePositional, parseFlags } from './flags.js'
import { loadAppForInspection } from './load-app.js'

/** `portico openapi --help`. */
export const OPENAPI_HELP = helpFor(
  'openapi',
  '<module> [options]',
  'Write the OpenAPI document of the app exported by <module>, as it is served (servers included), without listening.',
  OPENAPI_FLAGS,
)

/**
 * The document exactly as the app serves it at its document URL (serve hooks applied, so `servers`
 * reflect the root path), obtained with `inject` rather than a socket; plain @fastify/swagger apps
 * without @portico/openapi fall back to `app.swagger()`.
 */
export async function servedDocument(app: FastifyInstance, module: string): Promise<unknown> {
  const api = (app as unknown as { openapi?: { prefix?: string; openapiUrl?: string | null } }).openapi
  if (api && typeof api.openapiUrl === 'string') {
    const url = `${api.prefix ?? ''}${api.openapiUrl}`
    const response = await app.inject({ method: 'GET', url })
    if (response.statusCode !== 200) {
      throw new PORTICO_ERR_CLI_DOCUMENT_MISSING(module, `GET ${url} answered ${response.statusCode}`)
    }
    return response.json()
  }
  if (api && api.openapiUrl === null)
    throw new PORTICO_ERR_CLI_DOCUMENT_MISSING(module, '@portico/openapi has openapiUrl: null')
  const swagger = (app as unknown as { swagger?: () => unknown }).swagger
  if (typeof swagger === 'function') return swagger.call(app)
  throw new PORTICO_ERR_CLI_DOCUMENT_MISSING(
    module,
    'neither @portico/openapi nor @fastify/swagger is registered',
  )
}

/** `portico openapi <module>`. */
export async function openapiCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags('openapi', OPENAPI_FLAGS, args, env)
  if (flags.help) {
    process.stdout.write(OPENAPI_HELP)
    return 0
  }
  const module = onePositional(flags.positionals, 'openapi')
  const app = await loadAppForInspection(module, 'openapi', flags)
  const document = await servedDocument(app, module)
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
