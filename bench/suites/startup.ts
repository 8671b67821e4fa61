/** Startup: 1,000 routes in 100 controllers, time from spawn to the first 200 and RSS then. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT_PATH } from '../apps/shared.js'
import { probePath } from '../apps/startup-shared.js'
import { type Bench, log } from '../context.js'
import { rssBytes } from '../lib/proc.js'
import { mb, num, ratio, table } from '../lib/report.js'
import { freePort, type ProbeRequest, startServer, timeRequest, waitForResponse } from '../lib/server.js'
import { max, median, medianRatio, min } from '../lib/stats.js'
import { appsDir, nodeApp } from '../servers.js'

export interface StartupResult {
  id: string
  label: string
  firstResponseMs: number[]
  readyInProcessMs: number[]
  rss: number[]
  /** Time of the first `GET /openapi.json` after the first 200 (the document is generated then). */
  firstDocumentMs: number[]
  /** Time of the second one (served from the cache): the difference is the generation. */
  laterDocumentMs: number[]
  missing?: string
}

const startupApps: {
  id: string
  label: string
  file: string
  env: Record<string, string>
  /** Timed twice after the first 200, for the apps that serve a document. */
  document?: ProbeRequest
  /** Started once before the rounds, untimed, to fill its schema cache (SCHEMA_CACHE). */
  schemaCache?: true
}[] = [
  { id: 'fastify', label: 'Fastify', file: 'startup-fastify.js', env: {} },
  {
    id: 'portico',
    label: 'Portico (createApp)',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'plain' },
    document: { path: '/openapi.json' },
  },
  { id: 'nest', label: 'NestJS on Fastify', file: 'startup-nest.js', env: {} },
  {
    id: 'portico-cached',
    label: 'Portico (createApp), compiled schemas from `schemaCache`',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'plain' },
    document: { path: '/openapi.json' },
    schemaCache: true,
  },
  {
    id: 'fastify-noschema',
    label: 'Fastify, the same routes without schemas (diagnostic: nothing to compile)',
    file: 'startup-fastify.js',
    env: { NO_SCHEMAS: '1' },
  },
  {
    id: 'portico-nodoc',
    label: 'Portico, createApp({ openapi: false })',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'nodoc' },
  },
  {
    id: 'portico-full',
    label: 'Portico, rootPath + forwarded prefix + document',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'full' },
    document: { path: '/openapi.json', headers: { 'x-forwarded-prefix': ROOT_PATH } },
  },
]

export async function startup(bench: Bench): Promise<StartupResult[]> {
  const { config } = bench
  const results: StartupResult[] = startupApps.map((a) => ({
    id: a.id,
    label: a.label,
    firstResponseMs: [],
    readyInProcessMs: [],
    rss: [],
    firstDocumentMs: [],
    laterDocumentMs: [],
    ...(existsSync(path.join(appsDir, a.file)) ? {} : { missing: `dist/apps/${a.file} not built` }),
  }))
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-schema-cache-'))
  const envOf = (a: (typeof startupApps)[number]) =>
    a.schemaCache ? { ...a.env, SCHEMA_CACHE: cacheDir } : a.env
  for (const [i, a] of startupApps.entries()) {
    if (!a.schemaCache || results[i]!.missing) continue
    const server = startServer(nodeApp(a.file, envOf(a)), await freePort(), bench.pinning.server)
    try {
      await waitForResponse(server, { path: probePath() }, { intervalMs: 20, timeoutMs: 60_000 })
    } catch (error) {
      results[i]!.missing = `priming the cache failed: ${(error as Error).message.split('\n')[0]}`
    } finally {
      await server.stop()
    }
  }
  for (let round = 1; round <= config.startupRounds; round++) {
    for (const [i, a] of startupApps.entries()) {
      const result = results[i]!
      if (result.missing) continue
      const port = await freePort()
      const t0 = performance.now()
      const server = startServer(nodeApp(a.file, envOf(a)), port, bench.pinning.server)
      try {
        const t1 = await waitForResponse(server, { path: probePath() }, { intervalMs: 2, timeoutMs: 60_000 })
        result.firstResponseMs.push(t1 - t0)
        result.rss.push(rssBytes(server.pid))
        const ready = /READY \d+ ([\d.]+)/.exec(server.output())
        if (ready) result.readyInProcessMs.push(Number(ready[1]))
        if (a.document) {
          result.firstDocumentMs.push(await timeRequest(server.port, a.document))
          result.laterDocumentMs.push(await timeRequest(server.port, a.document))
        }
      } catch (error) {
        result.missing = `failed: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`
      } finally {
        await server.stop()
      }
    }
    log(
      `startup round ${round}/${config.startupRounds}: ${results
        .map((r) => `${r.id} ${num(r.firstResponseMs.at(-1) ?? Number.NaN)} ms`)
        .join(', ')}`,
    )
  }
  rmSync(cacheDir, { recursive: true, force: true })
  return results
}

export function startupTable(bench: Bench, results: StartupResult[]): string {
  const fastify = results.find((r) => r.id === 'fastify')!
  const nest = results.find((r) => r.id === 'nest')!
  const rows = results.map((r) =>
    r.missing
      ? [r.label, `not measured: ${r.missing}`, '', '', '', '']
      : [
          r.label,
          `${num(median(r.firstResponseMs))} (${num(min(r.firstResponseMs))}..${num(max(r.firstResponseMs))})`,
          num(median(r.readyInProcessMs)),
          mb(median(r.rss)),
          fastify.missing ? 'n/a' : ratio(medianRatio(r.firstResponseMs, fastify.firstResponseMs)),
          nest.missing ? 'n/a' : ratio(medianRatio(r.firstResponseMs, nest.firstResponseMs)),
        ],
  )
  return `### Startup, 1,000 routes in 100 controllers (${bench.config.startupRounds} rounds)\n\n${table(
    [
      'App',
      'first 200 ms median (min..max)',
      'listening ms (in process)',
      'RSS MB',
      'time vs Fastify',
      'time vs NestJS',
    ],
    rows,
  )}\n\nFirst 200: from spawning the process to the first successful \`GET ${probePath()}\` (node boot, module\nloading, route registration, schema compilation, listen). Listening: \`performance.now()\` inside the\nprocess once \`listen\` resolved. Half the routes are GET with a response schema, half POST with params,\nbody and response schemas.`
}
