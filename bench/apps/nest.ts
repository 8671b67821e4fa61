/**
 * NestJS on @nestjs/platform-fastify, written and compiled (tsc, emitDecoratorMetadata) the way its
 * users write it: a module, a controller, a DTO class validated by class-validator through the
 * global ValidationPipe, the path parameter converted by ParseIntPipe.
 */
import 'reflect-metadata'
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Module,
  Param,
  ParseIntPipe,
  Post,
  ValidationPipe,
} from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify'
import { ItemDto } from './nest-dto.js'
import { announceReady, portFromEnv, ROOT_PATH } from './shared.js'

@Controller()
export class BenchController {
  @Get('app')
  app(): { message: string; root_path: string } {
    return { message: 'Hello World', root_path: ROOT_PATH }
  }

  @Post('items/:id')
  @HttpCode(200)
  item(@Param('id', ParseIntPipe) id: number, @Body() body: ItemDto) {
    return { id, name: body.name, price: body.price, tags: body.tags }
  }
}

@Module({ controllers: [BenchController] })
export class BenchModule {}

const app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), {
  logger: false,
})
app.useGlobalPipes(new ValidationPipe({ whitelist: true }))
const port = portFromEnv()
await app.listen(port, '127.0.0.1')
announceReady(port)
