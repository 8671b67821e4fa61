import type { OpenApiDocument, ServerObject } from './options.js'

/**
 * The document serialized once, split where the `servers` member goes (after `openapi` and `info`),
 * so that a response with per-request servers costs one small `JSON.stringify` and two concatenations.
 */
export class SerializedDocument {
  readonly #head: string
  readonly #tail: string
  readonly #own: string

  constructor(document: OpenApiDocument) {
    const { openapi, info, servers, ...rest } = document
    // `{"openapi":...,"info":{...}` without the closing brace; the rest starts with `,` or is `}`.
    this.#head = JSON.stringify({ openapi, info }).slice(0, -1)
    const full = JSON.stringify({ openapi, info, ...rest })
    this.#tail = full.slice(this.#head.length)
    this.#own = this.#splice(servers)
  }

  /** The JSON text with the given servers; `undefined` means the document's own, `[]` omits the key. */
  render(servers: ServerObject[] | undefined): string {
    return servers === undefined ? this.#own : this.#splice(servers)
  }

  #splice(servers: ServerObject[] | undefined): string {
    if (servers === undefined || servers.length === 0) return this.#head + this.#tail
    return `${this.#head},"servers":${JSON.stringify(servers)}${this.#tail}`
  }
}
