// A throwaway project outside the workspace for `portico dev` and for apps that bring their own
// copy of a package: its node_modules links the workspace's installed packages by their real paths
// (so their own dependencies resolve from pnpm's store), or holds copies where a test needs one.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))

/** The installed directory of `name` as code in `from` resolves it (its real path; found through the
 *  node_modules lookup paths, since `exports` may not expose `<name>/package.json`). */
function installed(name: string, from: string): string {
  for (const modules of createRequire(join(from, 'noop.js')).resolve.paths(name) ?? []) {
    const dir = join(modules, name)
    if (existsSync(join(dir, 'package.json'))) return realpathSync(dir)
  }
  throw new Error(`${name} is not installed where ${from} resolves packages`)
}

export interface TempProject {
  /** The project directory (the CLI's working directory). */
  dir: string
  /** Writes `text` to `path` relative to the project, creating directories. */
  write(path: string, text: string): Promise<void>
  /** Deletes the project. */
  remove(): Promise<void>
}

/**
 * An ESM project (`package.json` with `type: module`) whose node_modules links `links` from the
 * workspace and holds a copy (package.json and dist/) of each of `copies`, next to links to the
 * copy's dependencies.
 *
 * It sits in a directory of a fresh temp directory (`/tmp/portico-dev-XXXX/app`): TypeScript 7's
 * watcher only watches directories at least four levels below the root (`/tmp/x/app/src`, not
 * `/tmp/x/src`), so a project right in the temp directory would never see its edits.
 */
export async function tempProject({
  links = [],
  copies = [],
}: {
  links?: string[]
  copies?: string[]
}): Promise<TempProject> {
  const base = await mkdtemp(join(tmpdir(), 'portico-dev-'))
  const dir = join(base, 'app')
  let written = 0
  await mkdir(join(dir, 'node_modules', '@portico'), { recursive: true })
  await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n')
  const link = async (name: string, from: string) => {
    const to = join(dir, 'node_modules', name)
    if (existsSync(to)) return
    await mkdir(dirname(to), { recursive: true })
    await symlink(installed(name, from), to, 'dir')
  }
  for (const name of links) await link(name, HERE)
  for (const name of copies) {
    const from = installed(name, HERE)
    const to = join(dir, 'node_modules', name)
    await mkdir(to, { recursive: true })
    await cp(join(from, 'package.json'), join(to, 'package.json'))
    for (const built of ['dist', 'bundle']) {
      if (existsSync(join(from, built))) await cp(join(from, built), join(to, built), { recursive: true })
    }
    // The copy's own dependencies, as the original resolves them.
    for (const dependency of dependenciesOf(from)) await link(dependency, from)
  }
  return {
    dir,
    // Written next to the project and renamed into place, as editors save: tsc never sees a
    // half-written file (a file truncated and then written is two changes, the first one empty).
    async write(path, text) {
      await mkdir(dirname(join(dir, path)), { recursive: true })
      const staged = join(base, `staged-${++written}`)
      await writeFile(staged, text)
      await rename(staged, join(dir, path))
    },
    remove: () => rm(base, { recursive: true, force: true }),
  }
}

/** The runtime dependencies of the package in `dir`. */
function dependenciesOf(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
  }
  return Object.keys(pkg.dependencies ?? {})
}

/** Every live descendant of `pid` (Linux /proc), e.g. the compiler and server a `portico dev` started. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat === undefined) continue
    const list = children.get(stat.ppid) ?? []
    list.push(Number(entry))
    children.set(stat.ppid, list)
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found.filter(isAlive)
}

/** Whether a process runs (a zombie, exited and not yet reaped, does not). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid)
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X'
}

function readStat(pid: number): { state: string; ppid: number } | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so split after the last ')'.
  const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { state: state!, ppid: Number(ppid) }
}
