/** The markdown of a run (printed, and written to RESULTS.md by a full run): header, then each suite. */
import type { Bench } from './context.js'
import type { Machine } from './lib/machine.js'
import type { DocCase } from './suites/documents.js'
import { documentTables } from './suites/documents.js'
import type { StartupResult } from './suites/startup.js'
import { startupTable } from './suites/startup.js'
import type { ThroughputResults } from './suites/throughput.js'
import { memoryTable, noiseFloor, throughputTables } from './suites/throughput.js'
import { targetsTable } from './targets.js'

export interface RunRecord {
  machine: Machine
  /** Seconds the run took. */
  elapsed: number
  /** os.loadavg() before and after the run. */
  loadBefore: number[]
  loadAfter: number[]
  throughput: ThroughputResults
  startup: StartupResult[] | undefined
  documents: DocCase[] | undefined
}

export function resultsMarkdown(bench: Bench, r: RunRecord): string {
  const { config, quick, tool } = bench
  const { machine, loadBefore, loadAfter, throughput: t, startup: s, documents: d } = r
  const pinned = bench.pinning.pinned
  const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ')
  const sections = [
    `# Portico benchmark results${quick ? ' (quick run: indicative only)' : ''}`,
    `Measured ${machine.date} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}; ` +
      `Node.js ${machine.node}; ${machine.tools.join('; ')}.`,
    `Command: \`node dist/run.js${bench.args.length ? ` ${bench.args.join(' ')}` : ''}\` ` +
      `(${config.rounds} rounds of ${config.duration} s per variant and scenario, alternating variants, ${config.relaunch ? 'every server started afresh each round' : 'servers started once'} and warmed up for ${config.warmup} s per server on all the routes measured, each variant measured in every scenario right after its warm-up; ` +
      `load by ${tool}, ${pinned ? 'server pinned to core 0 and load generator to core 1 with taskset' : 'not pinned'}; took ${r.elapsed.toFixed(0)} s). ` +
      `Load average (1 / 5 / 15 min) before: ${loads(loadBefore)}, after: ${loads(loadAfter)}` +
      `${loadBefore[0]! > 0.5 || loadAfter[0]! > 2.5 ? ' (other work was running on the machine: trust ratios and CPU/request over raw req/s)' : ''}.`,
    targetsTable(bench, t, s, d),
    noiseFloor(bench, t),
    '## Throughput',
    throughputTables(bench, t),
    '## Memory',
    memoryTable(t),
    ...(s ? ['## Startup', startupTable(bench, s)] : []),
    ...(d ? ['## Documents', documentTables(bench, d, s)] : []),
    'How to read these tables: bench/README.md.',
  ]
  return `${sections.join('\n\n')}\n`
}
