import { ArgsType, Field, Int } from 'type-graphql';
import { pageRequest, type PageRequest } from './pagination';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20 })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;

  toRequest(maxPageSize: number): PageRequest {
    return pageRequest(this.first, this.after, maxPageSize);
  }
}
