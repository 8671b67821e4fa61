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
