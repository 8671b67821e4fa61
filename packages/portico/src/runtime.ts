// What `portico run` / `portico dev` hand to an app factory: defined by the CLI, which produces it,
// and re-exported here so that an app imports everything it needs from `portico`.
export type { AppFactory, PorticoRuntime } from '@portico/cli'
