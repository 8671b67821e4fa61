#!/usr/bin/env node
// Copies the few files the docs pages serve from swagger-ui-dist and redoc (dev dependencies of
// @portico/openapi) into packages/openapi/assets/, with their licenses and a versions.json, and the
// pages' own start scripts from assets-src/ into assets/portico/ (the pages have no inline script,
// see "Safety of the pages" in the README), so that
// the published package ships them and depends on neither at run time (swagger-ui-dist pulls
// @scarf/scarf and its postinstall script; redoc pulls 85 MB of React, mobx and core-js for one
// 1.1 MB file). Run by the root `pnpm build`, before tsc. Plain Node, no dependencies.
//
// Files are written to a temporary name and renamed, and left alone when unchanged: a build that
// runs while tests serve these files never exposes a half-written one.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const assetsDir = join(packageDir, 'assets')
const require = createRequire(join(packageDir, 'package.json'))

/** What to copy: folder under assets/ -> the npm package and its files (paths inside the package). */
const SOURCES = {
  'swagger-ui': {
    package: 'swagger-ui-dist',
    files: [
      'swagger-ui-bundle.js',
      'swagger-ui.css',
      'oauth2-redirect.js',
      'favicon-32x32.png',
      'favicon-16x16.png',
      // Apache-2.0: its license and NOTICE; the licenses of what the bundle contains.
      'LICENSE',
      'NOTICE',
      'swagger-ui-bundle.js.LICENSE.txt',
    ],
  },
  redoc: {
    package: 'redoc',
    // MIT: its license; the licenses of what the bundle contains.
    files: ['bundles/redoc.standalone.js', 'bundles/redoc.standalone.js.LICENSE.txt', 'LICENSE'],
  },
}

function fail(message) {
  console.error(`copy-assets: ${message}`)
  process.exit(1)
}

/** Writes `content` to `file` unless it already holds exactly that; atomically (rename). */
function writeIfChanged(file, content) {
  if (existsSync(file) && readFileSync(file).equals(content)) return false
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, content)
  renameSync(temporary, file)
  return true
}

/** Portico's own browser scripts (assets-src/), served beside the bundles they start. */
const OWN_FILES = ['swagger-ui-init.js', 'redoc-init.js']

const versions = {}
let written = 0
mkdirSync(join(assetsDir, 'portico'), { recursive: true })
for (const file of OWN_FILES) {
  const path = join(packageDir, 'assets-src', file)
  if (!existsSync(path)) fail(`${path} is missing`)
  if (writeIfChanged(join(assetsDir, 'portico', file), readFileSync(path))) written++
}
for (const [folder, source] of Object.entries(SOURCES)) {
  let manifestFile
  try {
    manifestFile = require.resolve(`${source.package}/package.json`)
  } catch {
    fail(
      `${source.package} is not installed (a devDependency of @portico/openapi): run pnpm install at the repository root`,
    )
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
  const from = dirname(manifestFile)
  const to = join(assetsDir, folder)
  mkdirSync(to, { recursive: true })
  for (const file of source.files) {
    const path = join(from, file)
    if (!existsSync(path)) fail(`${source.package}@${manifest.version} has no ${file} (${path})`)
    // Served by name, so flat: bundles/redoc.standalone.js -> assets/redoc/redoc.standalone.js.
    if (writeIfChanged(join(to, file.split('/').pop()), readFileSync(path))) written++
  }
  versions[folder] = { package: source.package, version: manifest.version, license: manifest.license }
}
if (writeIfChanged(join(assetsDir, 'versions.json'), Buffer.from(`${JSON.stringify(versions, null, 2)}\n`))) {
  written++
}
// Quiet when nothing changed: this runs on every build.
if (written > 0) {
  const summary = Object.values(versions)
    .map(({ package: name, version }) => `${name}@${version}`)
    .join(', ')
  console.error(`copy-assets: ${written} files written to ${relative(process.cwd(), assetsDir)} (${summary})`)
}
