/**
 * Portico's benchmark driver: runs equivalent apps side by side in one session and prints ratios
 * against plain Fastify. See bench/README.md.
 *
 *   node dist/run.js [--quick] [--rounds N] [--duration S] [--only id,id] [--scenarios id,id] [--tool wrk|autocannon]
 *                    [--no-startup] [--no-docs] [--out FILE]
 *
 * config.ts parses the command line, variants.ts and servers.ts say what is measured, suites/ measure
 * it, targets.ts judges it and results.ts writes it up.
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { type BenchOptions, parseOptions, UsageError, usage } from './config.js'
import { type Bench, log } from './context.js'
import { cleanupLoad, pickLoadTool } from './lib/load.js'
import { describeMachine } from './lib/machine.js'
import { detectPinning } from './lib/pinning.js'
import { stopAll } from './lib/server.js'
import { resultsMarkdown } from './results.js'
import { findPython, pythonModules, serverCatalogue } from './servers.js'
import { documents } from './suites/documents.js'
import { startup } from './suites/startup.js'
import { throughput } from './suites/throughput.js'

function optionsOrExit(): BenchOptions {
  try {
    const parsed = parseOptions(process.argv.slice(2))
    if (!parsed.help) return parsed
    process.stdout.write(usage)
    process.exit(0)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`run.js: ${error.message}\n${usage}`)
    process.exit(2)
  }
}

async function main(options: BenchOptions): Promise<void> {
  const pinning = detectPinning()
  const python = findPython()
  const bench: Bench = {
    ...options,
    tool: pickLoadTool(options.tool),
    pinning,
    servers: serverCatalogue(python),
  }
  const { config } = bench
  const machine = describeMachine(python ? [pythonModules(python)] : ['FastAPI: not installed'])
  const started = performance.now()
  const loadBefore = loadavg()
  log(
    `${bench.quick ? 'quick' : 'full'} run: ${config.rounds} rounds x ${config.duration} s, ${config.connections} connections, load by ${bench.tool}${pinning.pinned ? ', server on core 0, load on core 1' : ', NOT pinned (no taskset)'}`,
  )
  const t = await throughput(bench)
  const s = bench.startup ? await startup(bench) : undefined
  const d = bench.docs ? await documents(bench) : undefined
  cleanupLoad()
  const elapsed = (performance.now() - started) / 1000
  const markdown = resultsMarkdown(bench, {
    machine,
    elapsed,
    loadBefore,
    loadAfter: loadavg(),
    throughput: t,
    startup: s,
    documents: d,
  })
  process.stdout.write(markdown)
  if (bench.outFile) {
    writeFileSync(bench.outFile, markdown)
    log(`written to ${bench.outFile}`)
  }
}

const options = optionsOrExit()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAll().finally(() => process.exit(130))
  })
}
try {
  await main(options)
} finally {
  await stopAll()
  cleanupLoad()
}
