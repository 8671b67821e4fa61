// Type tests of settings(): the provider's values are typed from the schema. Every
// `// @ts-expect-error` below must stay an error.

import { Inject, Injectable, type SettingsOf, type SettingsProvider, settings } from '@portico/core'
import { Type } from '@sinclair/typebox'

const AppSettings = settings(
  Type.Object({
    databaseUrl: Type.String(),
    port: Type.Integer({ default: 8000 }),
    debug: Type.Optional(Type.Boolean()),
  }),
  { prefix: 'APP_' },
)

type Values = SettingsOf<typeof AppSettings>
const values: Values = { databaseUrl: 'x', port: 1 }
const url: string = values.databaseUrl
const port: number = values.port
const debug: boolean | undefined = values.debug
// @ts-expect-error port is a number
const wrong: string = values.port
// @ts-expect-error no such setting
values.missing

const loaded: { databaseUrl: string; port: number } = AppSettings.load()
const provider: SettingsProvider<Values> = AppSettings

@Injectable()
export class Service {
  constructor(@Inject(AppSettings) readonly config: SettingsOf<typeof AppSettings>) {}
  url(): string {
    return this.config.databaseUrl
  }
}

// @ts-expect-error the schema must be an object schema
settings(Type.String())
// @ts-expect-error unknown option
settings(Type.Object({}), { envfile: '.env' })

export { debug, loaded, port, provider, url, wrong }
