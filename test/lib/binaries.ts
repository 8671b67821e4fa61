import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

const searchPath = () => [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin']

/**
 * Absolute path of a system binary the e2e tests drive (nginx, caddy, haproxy, chromium).
 * Throws a message saying how to get it: a missing binary fails the test, never skips it.
 */
export function requireBinary(name: string, debianPackage = name): string {
  for (const dir of searchPath()) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  throw new Error(
    `${name} is not installed: this end-to-end test needs it. Install the Debian package ` +
      `(apt-get install ${debianPackage}) or run \`npm test\` as root, which installs scripts/system-packages.txt.`,
  )
}
