import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { groupLoader } from '../../shared/dataloaders';

export enum LearnerContextKind {
  COURSE = 'COURSE',
  LEARNING_PATH = 'LEARNING_PATH',
}
registerEnumType(LearnerContextKind, { name: 'LearnerContextKind' });

@ObjectType({ description: 'A course or learning path a learner is (or was) enrolled in.' })
export class LearnerContext {
  @Field(() => ID, { description: 'The course or learning path id.' })
  id!: string;

  @Field(() => LearnerContextKind)
  kind!: LearnerContextKind;

  @Field()
  title!: string;

  @Field({ description: 'Whether the enrollment is active now.' })
  active!: boolean;
}

export interface LearnerContextRow extends LearnerContext {
  learnerId: string;
}

const CONTEXTS_SQL = `
select e.learner_id, coalesce(e.course_id, e.learning_path_id) as id,
  e.learning_path_id is not null as is_path, coalesce(c.title, p.title) as title, e.active
from enrollment e
left join course c on c.id = e.course_id
left join learning_path p on p.id = e.learning_path_id
where e.learner_id in (select jsonb_array_elements_text(?::jsonb))
order by e.learner_id, e.learning_path_id is not null, lower(coalesce(c.title, p.title)), 2`;

/** Each learner's enrollments (active or not), courses first then paths, by title. */
export function learnerContextsLoader(em: EntityManager) {
  return groupLoader(
    async (learnerIds: readonly string[]): Promise<LearnerContextRow[]> => {
      const rows = await em.execute<
        { learner_id: string; id: string; is_path: boolean; title: string; active: boolean }[]
      >(CONTEXTS_SQL, [JSON.stringify(learnerIds)]);
      return rows.map((row) => ({
        learnerId: row.learner_id,
        id: row.id,
        kind: row.is_path ? LearnerContextKind.LEARNING_PATH : LearnerContextKind.COURSE,
        title: row.title,
        active: row.active,
      }));
    },
    (row) => row.learnerId,
  );
}
