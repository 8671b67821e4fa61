import http from 'node:http'

/** A response read to the end. */
export interface HttpResult {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface HttpOptions {
  method?: string
  headers?: Record<string, string>
  /** Source address of the connection, e.g. '127.0.0.2' to reach the app as an untrusted peer. */
  localAddress?: string
  agent?: http.Agent
  timeoutMs?: number
}

/** GET (by default) `url` with node:http and read the body as UTF-8. */
export function request(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress,
        agent: options.agent ?? false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)))
    req.on('error', reject)
    req.end()
  })
}

/** GET `url`, expect 200 and a JSON body; the message names the URL and shows the body otherwise. */
export async function getJson(url: string, options: HttpOptions = {}): Promise<any> {
  const res = await request(url, options)
  if (res.status !== 200)
    throw new Error(`GET ${url}: expected 200, got ${res.status}: ${res.body.slice(0, 500)}`)
  try {
    return JSON.parse(res.body)
  } catch {
    throw new Error(`GET ${url}: body is not JSON: ${res.body.slice(0, 500)}`)
  }
}

/**
 * Polls `url` until something answers over HTTP (any status) or `timeoutMs` passes.
 * `stillAlive` stops early when the process that should answer has died.
 */
export async function waitForHttp(url: string, stillAlive: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    if (!stillAlive()) throw new Error(`process serving ${url} exited`)
    try {
      await request(url, { timeoutMs: 1_000 })
      return
    } catch (error) {
      lastError = error
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing answered at ${url} after ${timeoutMs} ms: ${String(lastError)}`)
}
