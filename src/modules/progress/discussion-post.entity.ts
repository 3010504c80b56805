import { Check, Entity, Enum, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Course } from '../catalog/course.entity';
import { Timestamps } from '../../shared/timestamps';
import { Learner } from './learner.entity';

/**
 * One discussion post (thread, response or comment) of a learner in a course. Its state
 * (deleted, flagged, responses received) is the latest fact's; `postedAt` is the earliest
 * `occurredAt` seen for it, the day it counts for.
 */
@Entity({ tableName: 'discussion_post' })
@Index({ properties: ['course', 'learner'] })
@Index({ name: 'discussion_post_parent_author_index', properties: ['course', 'parentAuthorId'] })
@Check({
  name: 'discussion_post_responses_received_check',
  expression: 'responses_received >= 0',
})
export class DiscussionPost extends Timestamps {
  [PrimaryKeyProp]?: ['learner', 'postId'];

  @ManyToOne(() => Learner, { primary: true, deleteRule: 'cascade' })
  learner!: Learner;

  @Property({ type: 'text', primary: true })
  postId!: string;

  @ManyToOne(() => Course, { deleteRule: 'cascade' })
  course!: Course;

  @Enum({ items: ['thread', 'response', 'comment'] })
  postKind!: 'thread' | 'response' | 'comment';

  /** Null until the platform says (null counts as not deleted). */
  @Property({ type: 'boolean', nullable: true })
  deleted: boolean | null = null;

  /** Flagged as abuse; null until the platform says. */
  @Property({ type: 'boolean', nullable: true })
  flagged: boolean | null = null;

  /** What the platform counted, when it tells; null otherwise. */
  @Property({ type: 'integer', nullable: true })
  responsesReceived: number | null = null;

  /** For a response or comment: the author of the post it answers, when the platform tells. */
  @Property({ type: 'text', nullable: true })
  parentAuthorId: string | null = null;

  @Property({ type: 'timestamptz' })
  postedAt!: Date;

  /** The latest fact's time: an older fact never overwrites a newer one's state. */
  @Property({ type: 'timestamptz' })
  occurredAt!: Date;
}
