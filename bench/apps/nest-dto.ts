/** The NestJS apps' body DTO, validated by class-validator through ValidationPipe. */
import { ArrayMaxSize, IsArray, IsNumber, IsString, Length, Min } from 'class-validator'

export class ItemDto {
  @IsString()
  @Length(1, 100)
  name!: string

  @IsNumber()
  @Min(0)
  price!: number

  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  tags!: string[]
}
