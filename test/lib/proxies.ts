import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireBinary } from './binaries.js'
import { waitForHttp } from './http.js'
import { proxiesDir } from './paths.js'
import { freePort, listensOn } from './ports.js'
import { type ManagedProcess, registerTempDir, releaseTempDir, spawnManaged } from './processes.js'
import { renderTemplate } from './templates.js'

export type ProxyKind = 'nginx' | 'caddy' | 'haproxy' | 'apache'

/** Which template to run and the values of its placeholders (the harness adds PORT and TMP). */
export interface ProxySpec {
  kind: ProxyKind
  /** Path under test/proxies, e.g. 'nginx/strip.conf'. */
  template: string
  /** Placeholder values, e.g. { APP_PORT: 41234 }. */
  values: Record<string, string | number>
  /** Name used in messages; defaults to the template. */
  name?: string
  /**
   * Changes the rendered config before the proxy starts. Only for control runs that show a test is
   * meaningful (e.g. the same config without the lines that drop a client's header).
   */
  transform?: (config: string) => string
}

/** A proxy listening on 127.0.0.1:<port>. */
export interface RunningProxy {
  name: string
  kind: ProxyKind
  /** `http://127.0.0.1:<port>`. */
  url: string
  port: number
  /** The rendered configuration, for failure messages. */
  config: string
  process: ManagedProcess
  /** Stops the proxy (its whole process group) and removes its temporary directory. */
  stop(): Promise<void>
}

/** Everything nginx would otherwise write under /var/lib/nginx and /var/log/nginx goes in the run's directory. */
function nginxHarnessConf(dir: string): string {
  return [
    `client_body_temp_path ${dir}/client_body;`,
    `proxy_temp_path ${dir}/proxy;`,
    `fastcgi_temp_path ${dir}/fastcgi;`,
    `uwsgi_temp_path ${dir}/uwsgi;`,
    `scgi_temp_path ${dir}/scgi;`,
    'access_log off;',
    '',
  ].join('\n')
}

/** Debian's apache2 modules (the package's own directory; `a2enmod` links the same files). */
const APACHE_MODULES = '/usr/lib/apache2/modules'

/**
 * The server-wide part of an Apache instance of our own: the modules the templates use, and pid file,
 * runtime files and error log in the run's directory, so it never touches Debian's apache2 service
 * (/etc/apache2, /run/apache2, /var/log/apache2).
 */
function apacheHarnessConf(dir: string): string {
  const modules = [
    ['mpm_event_module', 'mod_mpm_event.so'],
    // Without an authorization module Apache answers every request 500 (Debian always enables it).
    ['authz_core_module', 'mod_authz_core.so'],
    ['headers_module', 'mod_headers.so'],
    ['proxy_module', 'mod_proxy.so'],
    ['proxy_http_module', 'mod_proxy_http.so'],
  ]
  mkdirSync(join(dir, 'htdocs'))
  return [
    ...modules.map(([name, file]) => `LoadModule ${name} ${APACHE_MODULES}/${file}`),
    `ServerRoot ${dir}`,
    `DefaultRuntimeDir ${dir}`,
    `PidFile ${dir}/apache2.pid`,
    `DocumentRoot ${dir}/htdocs`, // empty: a path the templates do not proxy answers 404
    'ServerName 127.0.0.1',
    // Through cat to Apache's stdout, kept for failure messages (ErrorLog /dev/stderr fails: node's
    // stdio pipes are sockets, which /dev/stderr cannot be opened on).
    "ErrorLog '|/bin/cat'",
    'LogLevel warn',
    // As root, Apache refuses to serve as root: its children run as nobody (ignored when not root).
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
    '',
  ].join('\n')
}

function command(
  kind: ProxyKind,
  dir: string,
  configPath: string,
): { bin: string; args: string[]; env: NodeJS.ProcessEnv } {
  switch (kind) {
    case 'nginx':
      return {
        bin: requireBinary('nginx'),
        // -e: error log before the config is read; -g: foreground, our own pid file, errors to stderr.
        args: [
          '-e',
          'stderr',
          '-p',
          `${dir}/`,
          '-c',
          configPath,
          '-g',
          `daemon off; pid ${dir}/nginx.pid; error_log stderr;`,
        ],
        env: process.env,
      }
    case 'caddy':
      return {
        bin: requireBinary('caddy'),
        args: ['run', '--config', configPath, '--adapter', 'caddyfile'],
        // Caddy keeps data and autosaved config under $HOME / XDG dirs: keep them in the run's directory.
        env: { ...process.env, HOME: dir, XDG_DATA_HOME: `${dir}/data`, XDG_CONFIG_HOME: `${dir}/config` },
      }
    case 'haproxy':
      return { bin: requireBinary('haproxy'), args: ['-f', configPath, '-db'], env: process.env }
    case 'apache':
      // -f: our config only (not /etc/apache2/apache2.conf); -DFOREGROUND: no daemon, we own the process.
      return {
        bin: requireBinary('apache2'),
        args: ['-f', configPath, '-DFOREGROUND'],
        env: process.env,
      }
  }
}

const CONFIG_FILE: Record<ProxyKind, string> = {
  nginx: 'nginx.conf',
  caddy: 'Caddyfile',
  haproxy: 'haproxy.cfg',
  apache: 'apache2.conf',
}

/** The binary each kind runs (Debian names its Apache httpd apache2). */
const BINARY: Record<ProxyKind, string> = {
  nginx: 'nginx',
  caddy: 'caddy',
  haproxy: 'haproxy',
  apache: 'apache2',
}

async function startOnce(spec: ProxySpec): Promise<RunningProxy> {
  const name = spec.name ?? spec.template
  requireBinary(BINARY[spec.kind]) // fail before creating anything, with the install hint, when it is missing
  const dir = mkdtempSync(join(tmpdir(), `portico-${spec.kind}-`))
  registerTempDir(dir)
  // nginx workers run as 'nobody' when started as root; they must reach the temp paths under dir.
  chmodSync(dir, 0o755)
  const port = await freePort()
  const values = { ...spec.values, PORT: port, TMP: dir }
  const rendered = renderTemplate(join(proxiesDir, spec.template), values)
  const config = spec.transform ? spec.transform(rendered) : rendered
  const configPath = join(dir, CONFIG_FILE[spec.kind])
  writeFileSync(configPath, config)
  if (spec.kind === 'nginx') writeFileSync(join(dir, 'harness.conf'), nginxHarnessConf(dir))
  if (spec.kind === 'caddy') mkdirSync(join(dir, 'data'))
  if (spec.kind === 'apache') writeFileSync(join(dir, 'harness.conf'), apacheHarnessConf(dir))
  const cmd = command(spec.kind, dir, configPath)
  const child = spawnManaged(cmd.bin, cmd.args, { name, env: cmd.env, cwd: dir })
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    await child.stop()
    releaseTempDir(dir)
  }
  let answeredByAnother = false
  try {
    await waitForHttp(`${url}/`, () => child.running)
    // Whoever answered must be this proxy: another test's server may have taken the port first.
    answeredByAnother = !listensOn(child.pid, port)
    if (answeredByAnother) throw new Error(`127.0.0.1:${port} is answered by another process`)
  } catch (error) {
    await stop()
    throw Object.assign(
      new Error(`${name} did not start: ${(error as Error).message}\n${child.describe()}`),
      {
        addressInUse:
          answeredByAnother ||
          /address already in use|bind\(\) to .* failed|cannot bind socket|could not bind to address/i.test(
            child.stderr,
          ),
      },
    )
  }
  return { name, kind: spec.kind, url, port, config, process: child, stop }
}

/**
 * Starts a proxy from a template in test/proxies on a free 127.0.0.1 port and waits until it answers
 * HTTP. Retries with another port when the one we picked was taken in the meantime.
 */
export async function startProxy(spec: ProxySpec): Promise<RunningProxy> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(spec)
    } catch (error) {
      if (attempt >= 3 || !(error as { addressInUse?: boolean }).addressInUse) throw error
    }
  }
}
