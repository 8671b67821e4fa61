import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** scripts/bundle-packages.mjs, from bench/dist/lib. */
const BUNDLER = fileURLToPath(new URL('../../../scripts/bundle-packages.mjs', import.meta.url))

/**
 * Makes the library packages' bundles again from their dist/ (what their `exports` load), so that a
 * benchmark never measures a bundle older than the code `tsc -b` just compiled.
 *
 * @example
 * refreshBundles() // before any server starts
 */
export function refreshBundles(): void {
  execFileSync(process.execPath, [BUNDLER], { stdio: 'inherit' })
}
