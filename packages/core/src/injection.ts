import { PORTICO_ERR_CORE_PARAM_INVALID } from './errors.js'
import { INJECT_KEY, INJECTABLE_KEY } from './metadata.js'

/**
 * A class constructor.
 *
 * @example
 * const controllers: Class[] = [UsersController]
 */
export type Class<T = unknown> = abstract new (...args: any[]) => T

/**
 * A typed token for values that are not classes (configuration, clients, ...).
 *
 * @example
 * const DB_URL = new InjectionToken<string>('DB_URL')
 * providers: [{ provide: DB_URL, useValue: 'postgres://...' }]
 * constructor(@Inject(DB_URL) url: string) {}
 */
export class InjectionToken<T> {
  /** Carries `T` for typing only. */
  declare readonly __type?: T
  /** @param description Shown in error messages. */
  constructor(readonly description: string) {}
  toString(): string {
    return `InjectionToken(${this.description})`
  }
}

/**
 * What providers are registered under and dependencies are looked up by.
 *
 * @example
 * const tokens: Token[] = [UsersService, 'apiKey', Symbol('db'), new InjectionToken<string>('DB_URL')]
 */
export type Token<T = unknown> = Class<T> | InjectionToken<T> | string | symbol

/**
 * The type a token resolves to.
 *
 * @example
 * type Url = TokenType<typeof DB_URL> // string, for DB_URL = new InjectionToken<string>('DB_URL')
 */
export type TokenType<K> = K extends InjectionToken<infer T> ? T : K extends Class<infer T> ? T : unknown

/**
 * A provider: an `@Injectable()` class, or an object binding a token to a value, a class, or a factory
 * (sync or async) whose `inject` tokens are resolved and passed in order.
 *
 * @example
 * providers: [
 *   UsersService,
 *   { provide: CONFIG, useValue: { pageSize: 20 } },
 *   { provide: Repo, useClass: MemoryRepo },
 *   { provide: DB, useFactory: async (cfg: Config) => connect(cfg.url), inject: [CONFIG] },
 * ]
 */
export type Provider<T = unknown> =
  | Class<T>
  | { provide: Token<T>; useValue: T }
  | { provide: Token<T>; useClass: Class<T> }
  | { provide: Token<T>; useFactory: (...deps: any[]) => T | Promise<T>; inject?: Token[] }

/**
 * Marks a class as injectable: TypeScript then records its constructor parameter types, which the
 * container resolves. An `@Injectable()` class is provided on first use even when not listed in
 * `providers`; one instance per app either way.
 *
 * @example
 * \@Injectable()
 * class UsersService { constructor(private readonly repo: UsersRepository) {} }
 */
export function Injectable(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(INJECTABLE_KEY, true, target)
  }
}

/** Whether a class itself carries `@Injectable()`. */
export function isInjectable(ctor: Function): boolean {
  return Reflect.getOwnMetadata(INJECTABLE_KEY, ctor) === true
}

/**
 * Injects the provider of `token` into a constructor parameter (needed for string, symbol and
 * InjectionToken tokens, interfaces, and to break a circular import).
 *
 * @example
 * constructor(@Inject('clock') private readonly clock: Clock) {}
 */
export function Inject(token: Token): ParameterDecorator {
  return (target, key, index) => {
    if (key !== undefined) {
      const owner = (target as { constructor: Function }).constructor.name
      throw new PORTICO_ERR_CORE_PARAM_INVALID(
        `${owner}.${String(key)}`,
        index,
        'uses @Inject(): it is for constructor parameters',
      )
    }
    let map = Reflect.getOwnMetadata(INJECT_KEY, target) as Map<number, Token> | undefined
    if (!map) {
      map = new Map()
      Reflect.defineMetadata(INJECT_KEY, map, target)
    }
    map.set(index, token)
  }
}

/** The `@Inject` tokens a class's own constructor declares, by parameter index. */
export function injectTokensOf(ctor: Function): Map<number, Token> {
  return (Reflect.getOwnMetadata(INJECT_KEY, ctor) as Map<number, Token> | undefined) ?? new Map()
}

/** Readable name of a token, for messages. */
export function tokenName(token: unknown): string {
  if (typeof token === 'function') return token.name || 'anonymous class'
  if (typeof token === 'symbol') return token.toString()
  if (typeof token === 'string') return `'${token}'`
  return String(token)
}
