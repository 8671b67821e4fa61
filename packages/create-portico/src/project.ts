import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { CREATE_DEFAULTS, type CreateProjectOptions, TEMPLATE_VERSIONS } from './defaults.js'
import {
  PORTICO_ERR_CREATE_OPTION_UNKNOWN,
  PORTICO_ERR_CREATE_TARGET_NOT_DIRECTORY,
  PORTICO_ERR_CREATE_TARGET_NOT_EMPTY,
} from './errors.js'

/** The template shipped in the package (template/ beside dist/). */
const templateDir = new URL('../template/', import.meta.url)

/**
 * Files stored under another name in template/: npm drops or renames `.gitignore` in packed
 * packages, so the template keeps it as `gitignore` and it is renamed on copy.
 */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' }

/** What {@link createProject} wrote. */
export interface CreatedProject {
  /** Absolute path of the project directory. */
  directory: string
  /** The package name written to package.json. */
  name: string
  /** Files written, relative to `directory`, sorted. */
  files: string[]
}

/** create-portico's own version: the generated project depends on the `portico` of the same release. */
export function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

/** The directory's base name as a valid npm package name (`My API` -> `my-api`). */
export function packageNameOf(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
  return name === '' ? 'portico-app' : name
}

/** The generated package.json: ESM, the scripts the README promises, `portico` + peers. */
export function packageJsonOf(name: string, porticoVersion: string): Record<string, unknown> {
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'portico dev dist/main.js',
      build: 'tsc',
      start: 'portico run dist/main.js',
      test: 'npm run build && node --test dist/*.test.js',
    },
    dependencies: {
      '@sinclair/typebox': TEMPLATE_VERSIONS['@sinclair/typebox'],
      fastify: TEMPLATE_VERSIONS.fastify,
      portico: porticoVersion,
    },
    devDependencies: {
      '@types/node': TEMPLATE_VERSIONS['@types/node'],
      typescript: TEMPLATE_VERSIONS.typescript,
    },
    engines: { node: '>=20.11' },
  }
}

/** Throws unless `directory` is absent or an empty directory. */
function checkTarget(directory: string, shown: string): void {
  let entries: string[]
  try {
    if (!statSync(directory).isDirectory()) throw new PORTICO_ERR_CREATE_TARGET_NOT_DIRECTORY(shown)
    entries = readdirSync(directory)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (entries.length > 0) {
    throw new PORTICO_ERR_CREATE_TARGET_NOT_EMPTY(shown, entries.length, entries.sort()[0]!)
  }
}

/** Copies template/ into `target`, renaming stored names; returns the relative paths written. */
function copyTemplate(from: URL, target: string, relative = ''): string[] {
  const written: string[] = []
  mkdirSync(target, { recursive: true })
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const name = RENAMED[entry.name] ?? entry.name
    if (entry.isDirectory()) {
      written.push(
        ...copyTemplate(new URL(`${entry.name}/`, from), join(target, name), `${relative}${name}/`),
      )
    } else {
      copyFileSync(new URL(entry.name, from), join(target, name))
      written.push(`${relative}${name}`)
    }
  }
  return written
}

/**
 * Writes a new Portico project into `directory` (created if missing; refused if it exists and is not
 * empty): package.json, tsconfig.json, src/ (app factory, controller, service, test), README.md and
 * .gitignore. Installs nothing.
 *
 * @example
 * const project = createProject({ directory: 'my-api' })
 * console.log(project.files) // ['.gitignore', 'README.md', 'package.json', 'src/main.ts', ...]
 */
export function createProject(options: CreateProjectOptions): CreatedProject {
  const known = Object.keys(CREATE_DEFAULTS.project)
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new PORTICO_ERR_CREATE_OPTION_UNKNOWN('createProject', key, known.join(', '))
  }
  const directory = resolve(options.directory)
  checkTarget(directory, options.directory)
  const name = options.name || packageNameOf(directory)
  const porticoVersion = options.porticoVersion || `^${ownVersion()}`

  const files = copyTemplate(templateDir, directory)
  const readme = join(directory, 'README.md')
  writeFileSync(readme, readFileSync(readme, 'utf8').replaceAll('{{name}}', name))
  writeFileSync(
    join(directory, 'package.json'),
    `${JSON.stringify(packageJsonOf(name, porticoVersion), null, 2)}\n`,
  )
  files.push('package.json')
  return { directory, name, files: files.sort() }
}
