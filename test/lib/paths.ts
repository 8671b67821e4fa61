import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository root (this file compiles to test/dist/lib/paths.js). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Proxy configuration templates, readable as deployment docs. */
export const proxiesDir = `${repoRoot}test/proxies/`

/** Screenshots and logs kept by the e2e tests (ignored by git). */
export const artifactsDir = `${repoRoot}test/artifacts/`

/** Entry point of a built example (`examples/<name>/dist/main.js`); fails clearly when it is not built. */
export function examplePath(name: string): string {
  const path = `${repoRoot}examples/${name}/dist/main.js`
  if (!existsSync(path)) {
    throw new Error(`example ${name} is not built: ${path} is missing (run \`pnpm build\` first)`)
  }
  return path
}

/** The `portico` command (packages/cli/bundle/bin.js, what bin/portico.js runs), which serves the examples' app factories. */
export function porticoBin(): string {
  const path = `${repoRoot}packages/cli/bundle/bin.js`
  if (!existsSync(path))
    throw new Error(`@portico/cli is not built: ${path} is missing (run \`pnpm build\` first)`)
  return path
}

/** Entry point of a compiled fixture app in test/e2e/fixtures. */
export function fixturePath(name: string): string {
  const path = `${repoRoot}test/dist/e2e/fixtures/${name}.js`
  if (!existsSync(path)) throw new Error(`fixture ${name} is not built: ${path} is missing`)
  return path
}
