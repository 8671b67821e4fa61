/**
 * Startup benchmark, NestJS on Fastify: 100 controller classes of 10 routes in one module, built in a
 * loop by applying Nest's decorators as functions, with the `design:paramtypes` metadata tsc would
 * emit for `(@Param('id', ParseIntPipe) id: number, @Body() body: ItemDto)`.
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
import { CONTROLLERS, GET_ROUTES_PER_CONTROLLER, ROUTES_PER_CONTROLLER } from './startup-shared.js'

const controllers: Function[] = []
for (let c = 0; c < CONTROLLERS; c++) {
  const cls = class {}
  Object.defineProperty(cls, 'name', { value: `Controller${c}` })
  const proto = cls.prototype as Record<string, unknown>
  for (let r = 0; r < ROUTES_PER_CONTROLLER; r++) {
    const key = `route${r}`
    if (r < GET_ROUTES_PER_CONTROLLER) {
      proto[key] = () => ({ message: 'Hello World', root_path: ROOT_PATH })
      Reflect.defineMetadata('design:paramtypes', [], proto, key)
      Get(`r${r}`)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!)
    } else {
      proto[key] = (id: number, body: ItemDto) => ({
        id,
        name: body.name,
        price: body.price,
        tags: body.tags,
      })
      Reflect.defineMetadata('design:paramtypes', [Number, ItemDto], proto, key)
      Param('id', ParseIntPipe)(proto, key, 0)
      Body()(proto, key, 1)
      HttpCode(200)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!)
      Post(`r${r}/:id`)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!)
    }
  }
  Controller(`c${c}`)(cls)
  controllers.push(cls)
}

class StartupModule {}
Module({ controllers: controllers as never[] })(StartupModule)

const app = await NestFactory.create<NestFastifyApplication>(StartupModule, new FastifyAdapter(), {
  logger: false,
})
app.useGlobalPipes(new ValidationPipe({ whitelist: true }))
const port = portFromEnv()
await app.listen(port, '127.0.0.1')
announceReady(port)
