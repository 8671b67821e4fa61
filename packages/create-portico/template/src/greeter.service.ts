import { Injectable } from 'portico'

/**
 * A service: `@Injectable()` records its constructor's parameter types, so Portico can create it and
 * hand it to every controller whose constructor asks for it (one instance per app).
 */
@Injectable()
export class Greeter {
  greet(name: string): string {
    return `Hello, ${name}!`
  }
}
