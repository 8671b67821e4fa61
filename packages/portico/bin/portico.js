#!/usr/bin/env node
// `portico` installed with the `portico` package: the command of @portico/cli, resolved from here so
// that it is the copy this package depends on.
await import('@portico/cli/bin')
