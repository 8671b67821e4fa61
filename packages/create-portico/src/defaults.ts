/** Options of {@link createProject}. Defaults: {@link CREATE_DEFAULTS}`.project`. */
export interface CreateProjectOptions {
  /** Directory to create (relative to the working directory, or absolute); may exist if empty. */
  directory: string
  /**
   * `name` of the generated package.json. Default: `''`, meaning the directory's base name made a
   * valid npm name (lower case, `-` for anything else). @example name: 'my-api'
   */
  name?: string
  /**
   * Version range of the `portico` dependency. Default: `''`, meaning `^` + create-portico's own
   * version (the two packages are released together). @example porticoVersion: '^0.1.0'
   */
  porticoVersion?: string
}

/**
 * The default of every option, by options object (`project`: {@link CreateProjectOptions}); the keys
 * are the options create-portico knows, any other fails naming the known ones.
 */
export const CREATE_DEFAULTS = Object.freeze({
  project: Object.freeze({ directory: '', name: '', porticoVersion: '' }),
} as const satisfies { project: Required<CreateProjectOptions> })

/**
 * Versions the generated package.json asks for, besides `portico`: the peers Portico supports and
 * the compiler (TypeScript 7, whose tsc emits the decorator metadata constructor injection reads).
 */
export const TEMPLATE_VERSIONS = Object.freeze({
  fastify: '^5.0.0',
  '@sinclair/typebox': '^0.34.0',
  typescript: '^7.0.0',
  '@types/node': '^20.0.0',
} as const)
