/**
 * What the throughput suite measures: the variants (an app, the prefix and headers of the requests it
 * is sent) and the scenarios (which request, how pipelined). Data only; how each variant's server is
 * started is in servers.ts.
 */
import { ROOT_PATH, SAMPLE_ITEM } from './apps/shared.js'
import type { LoadRequest } from './lib/load.js'

export interface Variant {
  id: string
  label: string
  /** Id of its server in servers.ts (every variant has a process of its own). */
  server: string
  /** Path prefix of the requests the load generator sends. */
  prefix: string
  headers: Record<string, string>
  /** Run only when named in --only. */
  diagnostic?: boolean
  /** Left out of --quick runs (to stay under a minute). */
  fullRunOnly?: boolean
  /** Measured in these scenarios only (default: every scenario of the run), to keep a full run short. */
  scenarios?: string[]
}

/** Whether variant `v` is measured in scenario `scenarioId`. */
export function measuredIn(v: Variant, scenarioId: string): boolean {
  return v.scenarios === undefined || v.scenarios.includes(scenarioId)
}

/**
 * The variants of issue 14 (how users run it) are measured without pipelining, GET and POST, in full
 * runs (a quick run measures them when named in --only).
 */
const asUsersRunIt = ['get', 'post']

export const variants: Variant[] = [
  { id: 'raw', label: 'node:http (floor)', server: 'raw', prefix: '', headers: {} },
  { id: 'fastify', label: 'Fastify (baseline)', server: 'fastify', prefix: '', headers: {} },
  {
    // The same app in its own process: how far it lands from the baseline is the run's noise floor.
    id: 'fastify-aa',
    label: 'Fastify, a second process (A/A control)',
    server: 'fastify-aa',
    prefix: '',
    headers: {},
    fullRunOnly: true,
  },
  {
    id: 'fastify-prefix',
    label: 'Fastify register({ prefix })',
    server: 'fastify-prefix',
    prefix: ROOT_PATH,
    headers: {},
  },
  { id: 'portico', label: 'Portico controllers', server: 'portico', prefix: '', headers: {} },
  {
    id: 'portico-root',
    label: 'Portico rootPath, prefixed request',
    server: 'portico-root',
    prefix: ROOT_PATH,
    headers: {},
  },
  {
    id: 'portico-root-bare',
    label: 'Portico rootPath, stripped request',
    server: 'portico-root-bare',
    prefix: '',
    headers: {},
  },
  {
    id: 'portico-forwarded',
    label: 'Portico X-Forwarded-Prefix',
    server: 'portico-forwarded',
    prefix: '',
    headers: { 'x-forwarded-prefix': ROOT_PATH },
  },
  { id: 'nest', label: 'NestJS on Fastify', server: 'nest', prefix: '', headers: {} },
  { id: 'fastapi', label: 'FastAPI on uvicorn', server: 'fastapi', prefix: '', headers: {} },
  // Diagnostics, run only when named in --only: plain Fastify plus one of the costs createApp adds.
  {
    id: 'fastify-diag-rewrite',
    label: 'Fastify + identity rewriteUrl (diagnostic)',
    server: 'fastify-diag-rewrite',
    prefix: '',
    headers: {},
    diagnostic: true,
  },
  {
    // The baseline app in its own process; in the default run because the forwarded-prefix target is
    // judged against it too (Node parsing one more request header is not Portico's cost).
    id: 'fastify-xfp',
    label: 'Fastify, sent the same X-Forwarded-Prefix header',
    server: 'fastify-xfp',
    prefix: '',
    headers: { 'x-forwarded-prefix': ROOT_PATH },
  },
  // As users run it (issue 14): the seed example through the real `portico run` (log to /dev/null),
  // requests to /api/v1/app, against plain Fastify under the same prefix with and without a logger.
  {
    id: 'seed-run',
    label: '`portico run` seed, defaults (one access line a request)',
    server: 'seed-run',
    prefix: ROOT_PATH,
    headers: {},
    scenarios: asUsersRunIt,
    fullRunOnly: true,
  },
  {
    id: 'seed-run-noaccess',
    label: '`portico run --no-access-log` seed',
    server: 'seed-run-noaccess',
    prefix: ROOT_PATH,
    headers: {},
    scenarios: asUsersRunIt,
    fullRunOnly: true,
  },
  {
    id: 'seed-run-warn',
    label: '`portico run --log-level warn` seed',
    server: 'seed-run-warn',
    prefix: ROOT_PATH,
    headers: {},
    scenarios: asUsersRunIt,
    fullRunOnly: true,
  },
  {
    id: 'fastify-log',
    label: 'Fastify register({ prefix }), `logger: true` (two lines a request)',
    server: 'fastify-log',
    prefix: ROOT_PATH,
    headers: {},
    scenarios: asUsersRunIt,
    fullRunOnly: true,
  },
  {
    // Where a logging target is missed: what Fastify's logger costs when it writes nothing at all.
    id: 'fastify-log-silent',
    label: "Fastify register({ prefix }), logger level 'silent' (diagnostic)",
    server: 'fastify-log-silent',
    prefix: ROOT_PATH,
    headers: {},
    scenarios: asUsersRunIt,
    diagnostic: true,
  },
  {
    id: 'fastapi-log',
    label: "FastAPI on uvicorn, uvicorn's default access log",
    server: 'fastapi-log',
    prefix: '',
    headers: {},
    scenarios: asUsersRunIt,
    fullRunOnly: true,
  },
  // Per-request dependencies (issue 15): the `X-Root-Path` logic as dependencies on the portico
  // plugin vs the same logic in a hand-written Fastify preHandler (one function; three nested).
  ...(['one-header', 'three-nested'] as const).flatMap((kind): Variant[] => [
    {
      id: `deps-${kind}`,
      label: `Portico dependencies, ${kind.replace('-', ' ')}`,
      server: `deps-${kind}`,
      prefix: '',
      headers: { 'x-root-path': ROOT_PATH },
    },
    {
      id: `fastify-prehandler-${kind}`,
      label: `Fastify preHandler, ${kind.replace('-', ' ')}`,
      server: `fastify-prehandler-${kind}`,
      prefix: '',
      headers: { 'x-root-path': ROOT_PATH },
    },
  ]),
  {
    id: 'fastify-diag-onsend',
    label: 'Fastify + one onSend hook (diagnostic)',
    server: 'fastify-diag-onsend',
    prefix: '',
    headers: {},
    diagnostic: true,
  },
  {
    id: 'fastify-diag-tick',
    label: "Fastify + one of Node's tick objects kept alive, as Portico's core does (diagnostic)",
    server: 'fastify-diag-tick',
    prefix: '',
    headers: {},
    diagnostic: true,
  },
]

/** The variant with this id (throws for an unknown one: the catalogue and its users disagree). */
export function variant(id: string): Variant {
  const v = variants.find((x) => x.id === id)
  if (!v) throw new Error(`unknown variant ${id}`)
  return v
}

export interface Scenario {
  id: string
  label: string
  pipelining: number
  request: (v: Variant) => LoadRequest
}

/** The body posted to `/items/42`, serialized once. */
export const sampleBody = JSON.stringify(SAMPLE_ITEM)

const getApp = (v: Variant): LoadRequest => ({ method: 'GET', path: `${v.prefix}/app`, headers: v.headers })
const postItem = (v: Variant): LoadRequest => ({
  method: 'POST',
  path: `${v.prefix}/items/42`,
  headers: { ...v.headers, 'content-type': 'application/json' },
  body: sampleBody,
})

export const allScenarios: Scenario[] = [
  { id: 'get', label: 'GET /app', pipelining: 1, request: getApp },
  { id: 'get-p10', label: 'GET /app, pipelining 10', pipelining: 10, request: getApp },
  { id: 'post', label: 'POST /items/42 (validated JSON body)', pipelining: 1, request: postItem },
  { id: 'post-p10', label: 'POST /items/42, pipelining 10', pipelining: 10, request: postItem },
]
