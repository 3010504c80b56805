import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/connection.type';
import { PageArgs } from '../../shared/page.args';
import { ConnectorFailure } from './connector-failure.entity';

@ObjectType({ description: "The course grade the LMS computed (Open edX's persistent grade)." })
export class LmsGrade {
  @Field(() => Float, { description: 'In [0, 1].' })
  percent!: number;

  @Field()
  letterGrade!: string;

  @Field({ description: 'The LMS says the learner passed (it gave a passing time).' })
  passed!: boolean;

  @Field(() => Date, { nullable: true })
  passedAt!: Date | null;

  @Field(() => Date, { description: 'When the LMS sent it.' })
  occurredAt!: Date;
}

@ObjectType({ description: 'One event-bus stream the connector reads.' })
export class ConnectorStreamStatus {
  @Field()
  stream!: string;

  @Field({ description: 'The stream exists in Redis.' })
  exists!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Entries not yet delivered to the consumer group; null when unknown.',
  })
  lag!: number | null;

  @Field(() => Int, { description: 'Delivered to a consumer, not yet acknowledged.' })
  pending!: number;

  @Field(() => Int)
  consumers!: number;

  @Field(() => Float, { description: 'Messages applied or ignored, by every connector process.' })
  processed!: number;

  @Field(() => Float, { description: 'Messages parked as dead letters.' })
  parked!: number;

  @Field(() => Int, { description: 'Dead letters of this stream not yet resolved.' })
  unresolvedFailures!: number;

  @Field(() => Date, { nullable: true, description: 'Event time of the newest message applied.' })
  lastEventAt!: Date | null;
}

@ObjectType({ description: 'The Open edX event-bus consumer, as Redis and the database tell it.' })
export class ConnectorStatus {
  @Field({ description: 'OPENEDX_EVENT_BUS_URL is set.' })
  configured!: boolean;

  @Field({ description: 'This process reaches the event-bus Redis.' })
  connected!: boolean;

  @Field()
  consumerGroup!: string;

  @Field(() => [ConnectorStreamStatus])
  streams!: ConnectorStreamStatus[];
}

export const ConnectorFailureConnection = Connection('ConnectorFailure', ConnectorFailure);

@ArgsType()
export class ConnectorFailuresArgs extends PageArgs {
  @Field({ defaultValue: true, description: 'Only failures not yet resolved by a replay.' })
  unresolvedOnly!: boolean;
}
