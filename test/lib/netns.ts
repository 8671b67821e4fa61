// Network namespaces for multi-host tests: each host is a namespace of its own with one veth to a
// bridge, and the bridge lives in a namespace of its own too, so nothing is added to (or routed
// through) the machine's own network namespace. Names carry a random suffix, so parallel runs do not
// clash; every namespace made here is deleted by destroy(), and at process exit if that never ran.
import { execFile, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { requireBinary } from './binaries.js'
import { type ManagedProcess, type SpawnOptions, spawnManaged } from './processes.js'

/** Namespaces created and not yet deleted, by any {@link HostNetwork} of this process. */
const liveNamespaces = new Set<string>()

function deleteNamespace(name: string): void {
  try {
    execFileSync(requireBinary('ip', 'iproute2'), ['netns', 'del', name], { stdio: 'ignore' })
  } catch {}
  liveNamespaces.delete(name)
}

// 'exit' handlers must be synchronous: execFileSync is. processes.ts kills our children first
// (its handler was registered before this module loaded), so the namespaces are empty by then.
process.on('exit', () => {
  for (const name of liveNamespaces) deleteNamespace(name)
})

function ip(args: string[]): string {
  try {
    return execFileSync(requireBinary('ip', 'iproute2'), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim()
    throw new Error(`ip ${args.join(' ')} failed: ${stderr || (error as Error).message}`)
  }
}

/** One host: a namespace with loopback up and `address` on its veth to the bridge. */
export interface Host {
  /** Role given to {@link HostNetwork.create}, e.g. 'proxy'. */
  role: string
  /** The namespace's name (`ip netns exec <namespace> ...`). */
  namespace: string
  /** Its IPv4 address on the bridge, e.g. '10.213.0.2'. */
  address: string
}

/**
 * Hosts on one private /24 inside namespaces this process created. Construct, then {@link create};
 * always {@link destroy} (in `after()`), which is safe after a partial create.
 */
export class HostNetwork {
  /** Random per run: namespace names are global to the machine. */
  readonly suffix = randomBytes(3).toString('hex')
  readonly hosts = new Map<string, Host>()
  private readonly namespaces: string[] = []

  /**
   * Fails with a clear message when namespaces cannot be made here (not root, no CAP_SYS_ADMIN, a
   * container without the permission, iproute2 missing): a multi-host test fails, never skips.
   */
  static check(): void {
    requireBinary('ip', 'iproute2')
    const probe = `pchk-${randomBytes(3).toString('hex')}`
    try {
      ip(['netns', 'add', probe])
    } catch (error) {
      throw new Error(
        `network namespaces are not permitted here (${(error as Error).message}). This test builds its ` +
          'hosts with `ip netns add` and veth pairs: run it as root (CI does), or in a container with ' +
          'CAP_SYS_ADMIN and CAP_NET_ADMIN.',
      )
    }
    deleteNamespace(probe)
  }

  private addNamespace(name: string): void {
    ip(['netns', 'add', name])
    this.namespaces.push(name)
    liveNamespaces.add(name)
    ip(['-n', name, 'link', 'set', 'lo', 'up'])
  }

  /**
   * Creates the bridge namespace and one namespace per host, `prefix` being the first three octets
   * (e.g. '10.213.0'); `hosts` maps a role (≤ 6 characters) to the last octet.
   */
  create(prefix: string, hosts: Record<string, number>): void {
    const bridgeNs = `pmh-${this.suffix}-sw`
    const bridge = `br${this.suffix}`
    this.addNamespace(bridgeNs)
    ip(['-n', bridgeNs, 'link', 'add', bridge, 'type', 'bridge'])
    ip(['-n', bridgeNs, 'link', 'set', bridge, 'up'])
    for (const [role, octet] of Object.entries(hosts)) {
      const namespace = `pmh-${this.suffix}-${role}`
      const address = `${prefix}.${octet}`
      this.addNamespace(namespace)
      // Both ends are created inside our namespaces (-n, netns): neither ever exists in the machine's.
      const port = `v${this.suffix}${octet}` // bridge side, ≤ 15 characters
      const nic = `e${this.suffix}`
      ip(['-n', bridgeNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', nic, 'netns', namespace])
      ip(['-n', bridgeNs, 'link', 'set', port, 'master', bridge, 'up'])
      ip(['-n', namespace, 'addr', 'add', `${address}/24`, 'dev', nic])
      ip(['-n', namespace, 'link', 'set', nic, 'up'])
      this.hosts.set(role, { role, namespace, address })
    }
  }

  host(role: string): Host {
    const host = this.hosts.get(role)
    if (!host) throw new Error(`no host ${role} in this network (${[...this.hosts.keys()]})`)
    return host
  }

  /** Starts `command args` on host `role` (`ip netns exec`, which execs: the pid is the command's). */
  spawn(role: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
    const { namespace } = this.host(role)
    return spawnManaged(
      requireBinary('ip', 'iproute2'),
      ['netns', 'exec', namespace, command, ...args],
      options,
    )
  }

  /** Runs `command args` on host `role` to completion and resolves with its stdout. */
  run(role: string, command: string, args: string[], timeoutMs = 30_000): Promise<string> {
    const { namespace } = this.host(role)
    return new Promise((resolve, reject) => {
      execFile(
        requireBinary('ip', 'iproute2'),
        ['netns', 'exec', namespace, command, ...args],
        { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error)
            reject(new Error(`${role}: ${command} ${args[0] ?? ''} failed: ${error.message}\n${stderr}`))
          else resolve(stdout)
        },
      )
    })
  }

  /** Deletes every namespace this network made (their veths and the bridge go with them). */
  destroy(): void {
    for (const name of this.namespaces.splice(0).reverse()) deleteNamespace(name)
    this.hosts.clear()
  }
}
