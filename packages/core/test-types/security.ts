// Type tests of the security schemes and BackgroundTasks. Every `// @ts-expect-error` below must
// stay an error.

import {
  ApiKey,
  BackgroundTasks,
  type BasicCredentials,
  Controller,
  Depends,
  Get,
  HttpBasic,
  HttpBearer,
  OAuth2PasswordBearer,
  type Resolved,
} from '@portico/core'

const bearer = new HttpBearer()
const optionalBearer = new HttpBearer({ autoError: false })
const basic = new HttpBasic({ realm: 'admin' })
const key = new ApiKey({ in: 'header', keyName: 'x-api-key' })
const oauth2 = new OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { read: 'Read' } })

const token: string = {} as Resolved<typeof bearer>
// @ts-expect-error autoError: false may resolve to undefined
const notOptional: string = {} as Resolved<typeof optionalBearer>
const optional: string | undefined = {} as Resolved<typeof optionalBearer>
const credentials: BasicCredentials = {} as Resolved<typeof basic>
const apiKey: string = {} as Resolved<typeof key>
const oauthToken: string = {} as Resolved<typeof oauth2>

// @ts-expect-error ApiKey needs `in` and `keyName`
new ApiKey({ keyName: 'x' })
// @ts-expect-error `in` is header, query or cookie
new ApiKey({ in: 'body', keyName: 'x' })
// @ts-expect-error OAuth2PasswordBearer needs a tokenUrl
new OAuth2PasswordBearer({})
// @ts-expect-error unknown option
new HttpBearer({ bearerFormat: 'JWT' })

@Controller()
export class Api {
  @Get('/a')
  a(@Depends(bearer) t: Resolved<typeof bearer>, @Depends(BackgroundTasks) tasks: BackgroundTasks) {
    tasks.add((n: number) => n, 1)
    // @ts-expect-error the task's arguments are checked
    tasks.add((n: number) => n, 'one')
    return { t }
  }

  // @ts-expect-error the route check rejects the parameter too
  @Get('/b')
  // @ts-expect-error the basic credentials are no string
  b(@Depends(basic) c: string) {
    return { c }
  }
}

export { apiKey, credentials, notOptional, oauthToken, optional, token }
