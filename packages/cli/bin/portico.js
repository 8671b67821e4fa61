#!/usr/bin/env node
// The `portico` command. A checked-in launcher rather than bundle/bin.js itself: package managers
// link bins when installing, which in this workspace happens before the build has produced bundle/.
import { existsSync } from 'node:fs'

const entry = new URL('../bundle/bin.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write(
    'portico: @portico/cli is not built (bundle/bin.js is missing); run `pnpm build` first\n',
  )
  process.exit(1)
}
await import(entry.href)
