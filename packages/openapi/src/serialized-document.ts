import type { OpenApiDocument, ServerObject } from './options.js'

/** How many distinct `servers` lists keep a rendered copy (one per proxy location, in practice). */
const MAX_RENDERED = 64

/**
 * Below this many characters a rendering is kept as a string: Node writes a string body together
 * with the response head in one write, a Buffer as a second chunk (writev), which costs more than
 * encoding a small text. Above it, encoding the text per response would cost more.
 */
const STRING_BELOW = 16 * 1024

/** A rendered document: a string when small, else a Buffer (see `STRING_BELOW`). */
export type RenderedDocument = string | Buffer

/**
 * The document serialized once, split where the `servers` member goes (after `openapi` and `info`).
 * Each distinct `servers` list is rendered once and reused: a large document costs one small
 * `JSON.stringify` and a map lookup per request, not a concatenation and an encoding of the whole
 * text. Frozen `servers` arrays (what root-path's serve hook returns) skip even the stringify.
 */
export class SerializedDocument {
  readonly #head: string
  readonly #tail: string
  readonly #own: RenderedDocument
  readonly #byJson = new Map<string, RenderedDocument>()
  readonly #byFrozenArray = new WeakMap<readonly ServerObject[], RenderedDocument>()

  constructor(document: OpenApiDocument) {
    const { openapi, info, servers, ...rest } = document
    // `{"openapi":...,"info":{...}` without the closing brace; the rest starts with `,` or is `}`.
    this.#head = JSON.stringify({ openapi, info }).slice(0, -1)
    const full = JSON.stringify({ openapi, info, ...rest })
    this.#tail = full.slice(this.#head.length)
    this.#own = this.#splice(servers === undefined || servers.length === 0 ? '' : JSON.stringify(servers))
  }

  /** The JSON with the given servers; `undefined` means the document's own, `[]` omits the key. */
  render(servers: readonly ServerObject[] | undefined): RenderedDocument {
    if (servers === undefined) return this.#own
    const frozen = Object.isFrozen(servers)
    if (frozen) {
      const known = this.#byFrozenArray.get(servers)
      if (known !== undefined) return known
    }
    const json = servers.length === 0 ? '' : JSON.stringify(servers)
    let rendered = this.#byJson.get(json)
    if (rendered === undefined) {
      rendered = this.#splice(json)
      // Bounded, oldest first out: distinct lists come from configuration and trusted proxies only.
      if (this.#byJson.size >= MAX_RENDERED) this.#byJson.delete(this.#byJson.keys().next().value as string)
      this.#byJson.set(json, rendered)
    }
    if (frozen) this.#byFrozenArray.set(servers, rendered)
    return rendered
  }

  #splice(serversJson: string): RenderedDocument {
    const text =
      serversJson === '' ? this.#head + this.#tail : `${this.#head},"servers":${serversJson}${this.#tail}`
    return text.length < STRING_BELOW ? text : Buffer.from(text, 'utf8')
  }
}
