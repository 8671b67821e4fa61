// Type tests of cookies, form fields and files: parameters that the route's `cookies` / `form` /
// `files` options cannot give must not compile. Every `// @ts-expect-error` must stay an error.

import {
  Controller,
  Cookie,
  Cookies,
  File,
  Files,
  Form,
  Get,
  Post,
  type Resolved,
  type UploadedFile,
} from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'

const NewBook = Type.Object({
  title: Type.String(),
  year: Type.Integer(),
  shelf: Type.String({ default: 'main' }),
})
const Session = Type.Object({ session: Type.String(), visits: Type.Integer({ default: 0 }) })
const Count = Type.Integer()
const Theme = Type.Union([Type.Literal('dark'), Type.Literal('light')], { default: 'light' })

@Controller('/ok')
export class Agreeing {
  @Post('/', { form: NewBook })
  create(@Form() book: Static<typeof NewBook>) {
    // A defaulted field is always there in the handler.
    const shelf: string = book.shelf
    return shelf
  }

  @Post('/fields', { form: NewBook })
  fields(@Form('title') title: string, @Form('year') year: number) {
    return `${title}${year}`
  }

  @Post('/cover', { files: { cover: { types: ['image/png'], maxSize: 1000 } } })
  cover(@File('cover') cover: UploadedFile) {
    const bytes: Buffer = cover.buffer
    return bytes.length + cover.size
  }

  @Post('/photos', { form: NewBook, files: { photos: { maxCount: 3 }, note: { required: false } } })
  photos(
    @Files('photos') photos: UploadedFile[],
    @File('note') note: UploadedFile | undefined,
    @Form() book: Static<typeof NewBook>,
  ) {
    return photos.length + (note?.size ?? 0) + book.year
  }

  @Get('/session', { cookies: Session })
  session(@Cookie('session') session: string, @Cookies() cookies: Static<typeof Session>) {
    const visits: number = cookies.visits
    return session + visits
  }

  @Get('/raw')
  raw(@Cookie('theme') theme: string | undefined, @Cookies() all: Record<string, string>) {
    return theme ?? all.theme
  }

  @Get('/theme')
  theme(@Cookie('theme', Theme) theme: Resolved<typeof Theme>) {
    const value: 'dark' | 'light' = theme
    return value
  }
}

@Controller('/bad')
export class Disagreeing {
  // @ts-expect-error year is an integer in the form
  @Post('/', { form: NewBook })
  wrongForm(@Form() book: { title: string; year: string }) {
    return book
  }

  // @ts-expect-error no `form` schema: nothing gives a book
  @Post('/none')
  noForm(@Form() book: { title: string; year: number }) {
    return book
  }

  // @ts-expect-error no `files` option: nothing gives an uploaded file
  @Post('/nofiles', { form: NewBook })
  noFiles(@File('cover') cover: UploadedFile) {
    return cover
  }

  // @ts-expect-error visits is a number in the cookies schema
  @Get('/cookies', { cookies: Session })
  wrongCookies(@Cookies() cookies: { session: string; visits: string }) {
    return cookies
  }

  // @ts-expect-error without a cookies schema a cookie is string | undefined
  @Get('/cookie')
  unvalidatedCookie(@Cookie('session') session: number) {
    return session
  }

  @Get('/in-place')
  inPlace(
    // @ts-expect-error the in-place schema gives 'dark' | 'light', not a number
    @Cookie('theme', Theme) theme: Resolved<typeof Count>,
  ) {
    return theme
  }

  @Post('/limits', {
    // @ts-expect-error `maxsize` is not a file limit (none of the known ones)
    files: { cover: { maxsize: 10 } },
  })
  limits() {}
}
