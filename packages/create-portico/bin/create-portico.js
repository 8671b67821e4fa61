#!/usr/bin/env node
// `npm create portico@latest my-api` runs this. A checked-in launcher rather than dist/bin.js itself:
// package managers link bins when installing, which in this workspace happens before `tsc -b` has
// produced dist/ (the published tarball contains dist/).
import { existsSync } from 'node:fs'

const entry = new URL('../dist/bin.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('create-portico: dist/bin.js is missing; run `pnpm build` first\n')
  process.exit(1)
}
await import(entry.href)
