import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { createServer } from 'node:net'

/**
 * A TCP port that was free on 127.0.0.1 a moment ago. Proxies cannot listen on port 0 and tell us
 * which port they got, so we ask the kernel for one and release it; the tiny window in which another
 * process could take it is covered by the retry in `startProxy`.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('no port from the kernel'))
        return
      }
      server.close(() => resolve(address.port))
    })
  })
}

/**
 * Whether process `pid` holds a socket listening on `port` (Linux: the listening sockets of its own
 * network namespace, /proc/<pid>/net/tcp and tcp6, against its fds). A proxy that answered HTTP on
 * its port may not be the one answering: when another test's server took the port between
 * `freePort` and the proxy's bind, the proxy exits with "address already in use" while that server
 * answers in its place.
 */
export function listensOn(pid: number, port: number): boolean {
  const inodes = new Set<string>()
  const wanted = `:${port.toString(16).toUpperCase().padStart(4, '0')}`
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // local_address is fields[1] (hex ip:port), st fields[3] (0A: LISTEN), inode fields[9].
      if (fields[1]?.endsWith(wanted) && fields[3] === '0A' && fields[9]) inodes.add(`socket:[${fields[9]}]`)
    }
  }
  let fds: string[]
  try {
    fds = readdirSync(`/proc/${pid}/fd`)
  } catch {
    return false
  }
  return fds.some((fd) => {
    try {
      return inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))
    } catch {
      return false
    }
  })
}
