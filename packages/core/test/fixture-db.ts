/** A class imported with `import type` by di.test.ts (its design:paramtypes then say Function). */
export class Db {
  query(): number {
    return 1
  }
}
