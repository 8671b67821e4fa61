import { type RunningApp, type RunningProxy, startProxy } from '../lib/index.js'

/** A proxy config to start in front of an app (see PREFIX_PROXIES and FORWARDED_PREFIX_PROXIES). */
export interface ProxyConfig {
  kind: RunningProxy['kind']
  template: string
}

/**
 * The proxies of one end-to-end file: one per config and app, started once (in `before`, all at
 * once) and reused by every test of the file, then stopped with the apps (in `after`).
 *
 * @example
 * const fleet = new ProxyFleet('websocket')
 * before(() => fleet.startAll([[app, PREFIX_PROXIES]]))
 * after(() => fleet.stop([app]))
 */
export class ProxyFleet {
  readonly #proxies = new Map<string, Promise<RunningProxy>>()

  /** @param label distinguishes this file's proxy instances in names and logs. */
  constructor(private readonly label: string) {}

  /** The proxy running `config` in front of `started` (started on first use). */
  for(started: Promise<RunningApp>, config: ProxyConfig): Promise<RunningProxy> {
    const name = `${config.template} / ${this.label}`
    let proxy = this.#proxies.get(name)
    if (!proxy) {
      proxy = started.then((app) =>
        startProxy({ kind: config.kind, template: config.template, name, values: { APP_PORT: app.port } }),
      )
      this.#proxies.set(name, proxy)
    }
    return proxy
  }

  /** Starts every config in front of its app, and waits for all (a failure surfaces in the test). */
  async startAll(groups: [Promise<RunningApp>, ProxyConfig[]][]): Promise<void> {
    for (const [started, configs] of groups) for (const config of configs) this.for(started, config)
    await Promise.allSettled(this.#proxies.values())
  }

  /** Stops every proxy, then the apps. */
  async stop(apps: Promise<RunningApp>[]): Promise<void> {
    const settled = await Promise.allSettled(this.#proxies.values())
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
    for (const started of await Promise.allSettled(apps)) {
      if (started.status === 'fulfilled') await started.value.stop()
    }
  }
}

/** Runs `check` and, when it fails, adds the proxy's config and what the proxy and the app logged. */
export async function explained(
  proxy: RunningProxy,
  started: Promise<RunningApp>,
  check: () => Promise<void>,
): Promise<void> {
  try {
    await check()
  } catch (error) {
    const appProcess = (await started).process
    ;(error as Error).message +=
      `\n--- proxy config\n${proxy.config}\n${proxy.process.describe()}\n${appProcess.describe()}`
    throw error
  }
}
