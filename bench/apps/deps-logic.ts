/** The logic both dependency benchmark apps run per request (deps.ts and fastify-prehandler.ts). */
import { ROOT_PATH } from './shared.js'

/** The header's value, or the default root path. */
export function readRoot(header: string | undefined): string {
  return header === undefined ? ROOT_PATH : header
}

/** The root path, rejected when it does not start with a slash. */
export function checkRoot(root: string): string {
  if (root.charCodeAt(0) !== 47) throw new Error('bad root path')
  return root
}

/** The root path as sent back. */
export function rootValue(root: string): string {
  return root
}
