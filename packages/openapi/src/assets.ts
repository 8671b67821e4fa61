import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PORTICO_ERR_OPENAPI_ASSETS_MISSING } from './errors.js'

/**
 * The Swagger UI and ReDoc files this package ships: `scripts/copy-assets.mjs` copies them from
 * swagger-ui-dist and redoc (dev dependencies) at build time, so that installing @portico/openapi
 * brings neither package (nor their install scripts and dependencies). Beside `dist/`. The pages'
 * own start scripts (`assets-src/`) are copied to `portico/` there.
 */
export const ASSETS_DIR = fileURLToPath(new URL('../assets/', import.meta.url))

/** One file of the docs pages, served from `ASSETS_DIR`. */
export interface Asset {
  /** File name in the URL. */
  name: string
  /** Absolute path on disk. */
  file: string
  contentType: string
}

/** The files of one docs page and the version of the package they come from (part of their URLs). */
export interface AssetSet {
  version: string
  assets: Asset[]
  /** The page's start script (also in `assets`): loaded after the bundle, it reads the page's JSON
   *  configuration element. */
  start: Asset
}

/** `assets/versions.json`, written by the copy script. */
type Versions = Record<string, { package: string; version: string; license: string } | undefined>

const JS = 'text/javascript; charset=utf-8'

const SWAGGER_UI_FILES: Array<[string, string]> = [
  ['swagger-ui-bundle.js', JS],
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['oauth2-redirect.js', JS],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
]

const REDOC_FILES: Array<[string, string]> = [['redoc.standalone.js', JS]]

/**
 * A page's start script (`assets/portico/<file>`), served as `<stem>.<hash>.js`: the URL's version
 * segment is the bundle's (swagger-ui 5.35.0), and this script changes with @portico/openapi, so
 * its content hash is in its name for the immutable cache to stay right.
 */
function startScript(dir: string, file: string, option: string): Asset {
  const path = join(dir, 'portico', file)
  if (!existsSync(path)) throw new PORTICO_ERR_OPENAPI_ASSETS_MISSING(path, option)
  const hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12)
  return { name: file.replace(/\.js$/, `.${hash}.js`), file: path, contentType: JS }
}

/**
 * The files of `folder` with their version, checked to exist: a missing file fails the registration
 * naming it and the fix (`option` turns the page off), instead of a 500 on the first page load.
 */
function assetSet(
  dir: string,
  folder: string,
  files: Array<[string, string]>,
  startFile: string,
  option: string,
): AssetSet {
  const versionsFile = join(dir, 'versions.json')
  if (!existsSync(versionsFile)) throw new PORTICO_ERR_OPENAPI_ASSETS_MISSING(versionsFile, option)
  let version: unknown
  try {
    version = (JSON.parse(readFileSync(versionsFile, 'utf8')) as Versions)[folder]?.version
  } catch {
    // Unreadable or not JSON (an interrupted copy): reported as the missing entry below.
  }
  if (typeof version !== 'string') {
    throw new PORTICO_ERR_OPENAPI_ASSETS_MISSING(`the "${folder}" entry of ${versionsFile}`, option)
  }
  const assets = files.map(([name, contentType]) => ({ name, file: join(dir, folder, name), contentType }))
  for (const { file } of assets) {
    if (!existsSync(file)) throw new PORTICO_ERR_OPENAPI_ASSETS_MISSING(file, option)
  }
  const start = startScript(dir, startFile, option)
  return { version, assets: [...assets, start], start }
}

/** Swagger UI's files (from swagger-ui-dist); the version is part of the URL so they can be cached forever. */
export function swaggerUiAssets(dir: string = ASSETS_DIR): AssetSet {
  return assetSet(dir, 'swagger-ui', SWAGGER_UI_FILES, 'swagger-ui-init.js', 'docsUrl')
}

/** ReDoc's standalone bundle (from redoc). */
export function redocAssets(dir: string = ASSETS_DIR): AssetSet {
  return assetSet(dir, 'redoc', REDOC_FILES, 'redoc-init.js', 'redocUrl')
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
