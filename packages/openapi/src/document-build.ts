import type { FastifyBaseLogger } from 'fastify'
import { PORTICO_ERR_OPENAPI_DOCUMENT_NOT_READY } from './errors.js'
import type { OpenApiDocument, ServerObject } from './options.js'
import { SerializedDocument } from './serialized-document.js'
import type { GenerateDocument } from './swagger-registration.js'

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}

/** The generated document and its serialization, made together on first use. */
export interface BuiltDocument {
  document: OpenApiDocument
  serialized: SerializedDocument
}

/**
 * The document of one openapi plugin, generated once on first use (after the startup checks) and
 * kept. What is served is serialized straight from the generated object; the deeply frozen copy
 * that `document()` hands out is made on its first call (serving never needs it).
 */
export class DocumentBuild {
  readonly #generate: GenerateDocument
  readonly #servers: ServerObject[] | undefined
  readonly #log: FastifyBaseLogger
  #ready = false
  #built: BuiltDocument | undefined
  #failure: unknown
  #frozen: OpenApiDocument | undefined

  /** `servers`: the static `servers` option, placed after `info` as FastAPI does. */
  constructor(generate: GenerateDocument, servers: ServerObject[] | undefined, log: FastifyBaseLogger) {
    this.#generate = generate
    this.#servers = servers
    this.#log = log
  }

  /** Whether the startup checks passed (the operationIds are set): the document may be generated. */
  get ready(): boolean {
    return this.#ready
  }

  /** Called once the startup checks passed. */
  markReady(): void {
    this.#ready = true
  }

  /** The generated document and its serialization; throws before ready, or the generation's error. */
  get(): BuiltDocument {
    if (this.#built !== undefined) return this.#built
    // A failed generation is not retried: each request for the document would pay it again.
    if (this.#failure !== undefined) throw this.#failure
    if (!this.#ready) throw new PORTICO_ERR_OPENAPI_DOCUMENT_NOT_READY()
    let generated: OpenApiDocument
    try {
      generated = this.#generate()
    } catch (error) {
      this.#failure = error
      this.#log.error({ err: error }, '@portico/openapi: generating the document failed')
      throw error
    }
    const { openapi, info, ...rest } = generated
    const document = {
      openapi,
      info,
      ...(this.#servers && this.#servers.length > 0 ? { servers: this.#servers } : {}),
      ...rest,
    } as OpenApiDocument
    this.#built = { document, serialized: new SerializedDocument(document) }
    return this.#built
  }

  /** A deeply frozen copy of the document, made on first call. */
  frozen(): OpenApiDocument {
    this.#frozen ??= deepFreeze(structuredClone(this.get().document))
    return this.#frozen
  }
}
