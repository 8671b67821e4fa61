import type { FastifyInstance } from 'fastify'
import { Container, type ContainerOptions } from './container.js'
import type { OverrideEntry } from './container-recipes.js'
import type { Provider } from './injection.js'

// Where a registration's container lives: on the Fastify context the `portico` plugin runs in, under
// a Symbol.for key (another copy of @portico/core in the same app finds it too). Contexts below it
// (a mounted sub-application, a plugin registered with a prefix) inherit the property through
// Fastify's prototype chain, which is how a sub-application's container finds its parent.

const kContainer = Symbol.for('portico.core.container')

/** A container slot: `reserved` until the `portico` plugin of the same context claims it. */
interface Slot {
  readonly container: Container
  reserved: boolean
}
type WithSlot = FastifyInstance & { [kContainer]?: Slot }

/**
 * The container of the nearest context at or above `fastify` that has one (a `portico` registration,
 * or an app made by `createApp`), or `undefined`.
 *
 * @example
 * const books = await containerOf(app)?.get(BooksService)
 */
export function containerOf(fastify: FastifyInstance): Container | undefined {
  const slot = (fastify as WithSlot)[kContainer]
  // A container of another copy of @portico/core cannot share instances with this one.
  return slot?.container instanceof Container ? slot.container : undefined
}

/** What {@link reserveContainer} builds a container from, read when it is first needed. */
export interface ReservedContainer {
  providers: readonly Provider[]
  overrides?: readonly OverrideEntry[]
}

/**
 * Makes the container of `fastify` exist before its `portico` plugin runs, built from `init()` the
 * first time anything needs it: the plugin of that same context, or a sub-application registered
 * below it whose plugin runs first (createApp registers the app's own plugin last, at the first
 * `ready()`). Used by `createApp`; the plugin registered on `fastify` then uses this container.
 *
 * @example
 * const app = Fastify()
 * reserveContainer(app, () => ({ providers: [BooksService], overrides }))
 * app.register(createSubApp({ controllers: [Admin] }), { prefix: '/admin' }) // shares BooksService
 * registerLast(app, portico, { controllers: [Books] })
 */
export function reserveContainer(fastify: FastifyInstance, init: () => ReservedContainer): void {
  let slot: Slot | undefined
  Object.defineProperty(fastify, kContainer, {
    configurable: true,
    enumerable: false,
    get(): Slot {
      if (slot === undefined) {
        const { providers, overrides } = init()
        const parent = containerOf(Object.getPrototypeOf(fastify) as FastifyInstance)
        const options: ContainerOptions = {}
        if (overrides !== undefined) options.overrides = overrides
        if (parent !== undefined) options.parent = parent
        slot = { container: new Container(fastify, providers, options), reserved: true }
      }
      return slot
    },
  })
}

/**
 * The container of the `portico` registration on `fastify`: the one reserved for this context
 * ({@link reserveContainer}), or a new one from `providers` whose parent is the container of the
 * nearest context above (so a mounted sub-application shares the app's instances).
 */
export function claimContainer(
  fastify: FastifyInstance,
  providers: readonly Provider[],
  overrides: readonly OverrideEntry[] | undefined,
): Container {
  const target = fastify as WithSlot
  const own = Object.hasOwn(target, kContainer) ? target[kContainer] : undefined
  if (own?.reserved === true && own.container instanceof Container) {
    own.reserved = false
    return own.container
  }
  const parent = containerOf(fastify)
  const options: ContainerOptions = {}
  if (overrides !== undefined) options.overrides = overrides
  if (parent !== undefined) options.parent = parent
  const container = new Container(fastify, providers, options)
  Object.defineProperty(target, kContainer, {
    configurable: true,
    enumerable: false,
    value: { container, reserved: false } satisfies Slot,
  })
  return container
}
