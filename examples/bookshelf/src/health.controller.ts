import { Type } from '@sinclair/typebox'
import { Controller, Get } from 'portico'

@Controller()
export class HealthController {
  @Get('/healthz', { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } })
  health() {
    return { status: 'ok' as const }
  }
}
