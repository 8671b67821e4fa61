// Contract row 9 through a real socket: every client connected to /ws/books receives
// {"event": "created", "book": Book} for each book created.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import WebSocket from 'ws'
import { bearer, bookshelf, json, login, newBook, ROOT } from './support.js'

const app = bookshelf()
let base = ''
before(async () => {
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  base = address.replace(/^http/, 'ws')
})

/** Opens a socket on `url` and collects its messages (parsed). */
function connect(url: string): Promise<{ socket: WebSocket; messages: any[]; next: () => Promise<any> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    const messages: any[] = []
    const waiting: ((m: any) => void)[] = []
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString())
      const waiter = waiting.shift()
      if (waiter) waiter(message)
      else messages.push(message)
    })
    socket.on('error', reject)
    socket.on('open', () => {
      after(() => socket.close())
      const next = () =>
        messages.length > 0 ? Promise.resolve(messages.shift()) : new Promise((r) => waiting.push(r))
      resolve({ socket, messages, next })
    })
  })
}

for (const path of ['/ws/books', `${ROOT}/ws/books`]) {
  test(`two clients on ${path} each receive {event: created, book} for every book created, in order`, async () => {
    const [one, two] = await Promise.all([connect(`${base}${path}`), connect(`${base}${path}`)])
    const token = await login(app, 'alice', 'wonderland')
    const created = []
    for (const title of ['First', 'Second']) {
      const res = await app.inject({
        method: 'POST',
        url: '/books',
        payload: newBook({ title }),
        headers: bearer(token),
      })
      created.push(json(res, 201))
    }
    for (const client of [one, two]) {
      assert.deepEqual(await client.next(), { event: 'created', book: created[0] })
      assert.deepEqual(await client.next(), { event: 'created', book: created[1] })
    }
  })
}

test('a closed client is dropped: creating a book after it left still answers 201', async () => {
  const client = await connect(`${base}/ws/books`)
  client.socket.close()
  await new Promise((r) => client.socket.once('close', r))
  const token = await login(app, 'alice', 'wonderland')
  json(await app.inject({ method: 'POST', url: '/books', payload: newBook(), headers: bearer(token) }), 201)
})
