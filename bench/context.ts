/** What every suite is given: the run's options, the load generator, the cores and the servers. */
import type { BenchOptions } from './config.js'
import type { LoadTool } from './lib/load.js'
import type { Pinning } from './lib/pinning.js'
import type { ServerDef } from './servers.js'

export interface Bench extends BenchOptions {
  tool: LoadTool
  pinning: Pinning
  /** serverCatalogue() of this machine. */
  servers: ServerDef[]
}

/** Progress goes to stderr; stdout carries the markdown only. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`)
}
