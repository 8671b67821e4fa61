#!/usr/bin/env node
// The `portico` command. A checked-in launcher rather than dist/bin.js itself: package managers
// link bins when installing, which in this workspace happens before `tsc -b` has produced dist/.
import { existsSync } from 'node:fs'

const entry = new URL('../dist/bin.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write(
    'portico: @portico/cli is not built (dist/bin.js is missing); run `pnpm build` first\n',
  )
  process.exit(1)
}
await import(entry.href)
