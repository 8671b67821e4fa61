import { Controller, Socket, WebSocket } from 'portico'
import type { WebSocket as Client } from 'ws'
import { BooksService } from './books.service.js'
import type { Book } from './models.js'

// Contract row 9: every connected client gets {"event": "created", "book": Book} per book created.
@Controller()
export class FeedController {
  constructor(private readonly books: BooksService) {}

  @WebSocket('/ws/books')
  feed(@Socket() socket: Client) {
    const send = (book: Book) => socket.send(JSON.stringify({ event: 'created', book }))
    this.books.events.on('created', send)
    socket.on('close', () => this.books.events.off('created', send))
  }
}
