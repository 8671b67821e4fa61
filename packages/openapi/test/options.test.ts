import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { defaultOperationId, OPENAPI_DEFAULTS, type OpenApiOptions, openapi } from '@portico/openapi'
import Fastify from 'fastify'

/** Registers the plugin with `options` and returns the startup error (or fails when there is none). */
async function registrationError(options: unknown): Promise<Error & { code?: string }> {
  const app = Fastify()
  try {
    await app.register(openapi, options as OpenApiOptions)
  } catch (error) {
    return error as Error & { code?: string }
  } finally {
    await app.close()
  }
  assert.fail(`registration with ${JSON.stringify(options)} succeeded`)
}

describe('unknown option keys are rejected at registration', () => {
  for (const [key, close] of [
    ['redocurl', 'redocUrl'],
    ['docs_url', 'docsUrl'],
    ['OpenAPIURL', 'openapiUrl'],
    ['whatever', undefined],
  ] as const) {
    test(key, async () => {
      const error = await registrationError({ [key]: '/x' })
      assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPTION_UNKNOWN')
      assert.match(error.message, new RegExp(`option "${key}"`))
      if (close === undefined) assert.doesNotMatch(error.message, /did you mean/)
      else assert.match(error.message, new RegExp(`did you mean "${close}"`))
      // Lists every known option.
      for (const known of Object.keys(OPENAPI_DEFAULTS.plugin)) assert.match(error.message, new RegExp(known))
    })
  }

  test("Fastify's own register options are not ours to reject", async () => {
    const app = Fastify()
    await app.register(openapi, { logLevel: 'warn', prefix: '/ignored' } as OpenApiOptions)
    app.get('/x', async () => 'x')
    await app.ready()
    assert.equal((await app.inject('/openapi.json')).statusCode, 200)
    await app.close()
  })

  test('options that are not an object are rejected', async () => {
    const error = await registrationError([])
    assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPTION_INVALID')
    assert.match(error.message, /"options"/)
  })

  test('registerRoutes must be a boolean', async () => {
    const error = await registrationError({ registerRoutes: 'no' })
    assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPTION_INVALID')
    assert.match(error.message, /"registerRoutes": must be a boolean/)
  })
})

describe('OPENAPI_DEFAULTS', () => {
  test('is frozen, and lists every option with its default', () => {
    assert.ok(Object.isFrozen(OPENAPI_DEFAULTS))
    assert.ok(Object.isFrozen(OPENAPI_DEFAULTS.plugin))
    assert.ok(Object.isFrozen(OPENAPI_DEFAULTS.plugin.info))
    assert.ok(Object.isFrozen(OPENAPI_DEFAULTS.plugin.swaggerUiParameters))
    assert.deepEqual(OPENAPI_DEFAULTS.plugin.info, { title: 'Portico', version: '0.1.0' })
    assert.equal(OPENAPI_DEFAULTS.plugin.openapiUrl, '/openapi.json')
    assert.equal(OPENAPI_DEFAULTS.plugin.docsUrl, '/docs')
    assert.equal(OPENAPI_DEFAULTS.plugin.redocUrl, '/redoc')
    assert.equal(OPENAPI_DEFAULTS.plugin.registerRoutes, true)
    assert.equal(OPENAPI_DEFAULTS.plugin.generateOperationId, defaultOperationId)
  })

  test('the plugin applies them', async () => {
    const app = Fastify()
    await app.register(openapi)
    await app.ready()
    const { info } = app.openapi.document()
    assert.deepEqual(info, OPENAPI_DEFAULTS.plugin.info)
    for (const url of [
      OPENAPI_DEFAULTS.plugin.openapiUrl,
      OPENAPI_DEFAULTS.plugin.docsUrl,
      '/docs/oauth2-redirect',
    ]) {
      assert.equal((await app.inject(url)).statusCode, 200, url)
    }
    assert.equal((await app.inject(OPENAPI_DEFAULTS.plugin.redocUrl)).statusCode, 200)
    await app.close()
  })
})
