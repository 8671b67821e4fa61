import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** One file shipped by an installed npm package, served by the docs pages. */
export interface Asset {
  /** File name in the URL. */
  name: string
  /** Absolute path on disk. */
  file: string
  contentType: string
}

function packageDir(name: string): { dir: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`)
  const { version } = require(manifest) as { version: string }
  return { dir: dirname(manifest), version }
}

const JS = 'text/javascript; charset=utf-8'

/** Swagger UI's files from `swagger-ui-dist`; the version is part of the URL so they can be cached forever. */
export function swaggerUiAssets(): { version: string; assets: Asset[] } {
  const { dir, version } = packageDir('swagger-ui-dist')
  const asset = (name: string, contentType: string): Asset => ({ name, file: join(dir, name), contentType })
  return {
    version,
    assets: [
      asset('swagger-ui-bundle.js', JS),
      asset('swagger-ui.css', 'text/css; charset=utf-8'),
      asset('oauth2-redirect.js', JS),
      asset('favicon-32x32.png', 'image/png'),
      asset('favicon-16x16.png', 'image/png'),
    ],
  }
}

/** ReDoc's standalone bundle from `redoc`. */
export function redocAssets(): { version: string; assets: Asset[] } {
  const { dir, version } = packageDir('redoc')
  return {
    version,
    assets: [
      { name: 'redoc.standalone.js', file: join(dir, 'bundles', 'redoc.standalone.js'), contentType: JS },
    ],
  }
}

/** Reads each asset once, on first use, and keeps it in memory. */
export class AssetCache {
  readonly #contents = new Map<string, Promise<Buffer>>()

  read(asset: Asset): Promise<Buffer> {
    let content = this.#contents.get(asset.file)
    if (content === undefined) {
      content = readFile(asset.file)
      // A failed read is not cached: the next request tries again.
      content.catch(() => this.#contents.delete(asset.file))
      this.#contents.set(asset.file, content)
    }
    return content
  }
}
