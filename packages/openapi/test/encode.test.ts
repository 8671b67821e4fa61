import assert from 'node:assert/strict'
import { test } from 'node:test'
import { escapeHtml, jsonForScript } from '@portico/openapi'

test('jsonForScript escapes what could end a script or a JS statement and stays JSON', () => {
  const value = { a: '</script><!-- & \u2028\u2029 >' }
  const encoded = jsonForScript(value)
  assert.equal(encoded, '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}')
  assert.deepEqual(JSON.parse(encoded), value)
})

test('escapeHtml escapes the five HTML metacharacters', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  )
})
