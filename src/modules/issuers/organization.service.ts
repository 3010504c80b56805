import type { EntityManager } from '@mikro-orm/postgresql';
import { assertNoProblems, type FieldProblem, notFound } from '../../shared/errors';
import { checkEmail, checkHttpUrl, checkOptionalText } from '../../shared/validation';
import { Course, LearningPath } from '../catalog';
import { imageReferenceProblems } from '../issuance';
import { OrganizationProfileRow } from './organization-profile.entity';
import {
  ORGANIZATION_FIELDS,
  type OrganizationFields,
  type OrganizationProfileInput,
} from './organization.type';
import { courseKey, EMPTY_PROFILE, INSTANCE_KEY, learningPathKey } from './profile-keys';

export const MAX_ORGANIZATION_NAME = 200;
export const MAX_ORGANIZATION_DESCRIPTION = 2000;

/** Trimmed fields; a blank one counts as unset. */
function normalize(input: OrganizationProfileInput): OrganizationFields {
  const fields: OrganizationFields = { ...EMPTY_PROFILE };
  for (const field of ORGANIZATION_FIELDS) {
    const trimmed = input[field]?.trim();
    fields[field] = trimmed ? trimmed : null;
  }
  return fields;
}

async function problemsOf(em: EntityManager, fields: OrganizationFields): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  checkOptionalText(problems, 'name', fields.name, MAX_ORGANIZATION_NAME);
  checkOptionalText(problems, 'description', fields.description, MAX_ORGANIZATION_DESCRIPTION);
  if (fields.url !== null) checkHttpUrl(problems, 'url', fields.url);
  if (fields.email !== null) checkEmail(problems, 'email', fields.email);
  if (fields.logoAssetId !== null) {
    problems.push(
      ...(await imageReferenceProblems(em, [{ field: 'logoAssetId', slug: fields.logoAssetId }])),
    );
  }
  return problems;
}

/** The issuing organization's profile for the instance and its per-course and per-path overrides. */
export class OrganizationService {
  constructor(private readonly em: EntityManager) {}

  async setInstance(input: OrganizationProfileInput): Promise<void> {
    await this.put(INSTANCE_KEY, input);
  }

  /** Sets the course's override, or removes it when `input` is null. */
  async setCourse(courseId: string, input: OrganizationProfileInput | null): Promise<void> {
    if (!(await this.em.count(Course, { id: courseId }))) throw notFound('Course', courseId);
    await this.putOrClear(courseKey(courseId), input);
  }

  /** Sets the learning path's override, or removes it when `input` is null. */
  async setLearningPath(
    learningPathId: string,
    input: OrganizationProfileInput | null,
  ): Promise<void> {
    if (!(await this.em.count(LearningPath, { id: learningPathId }))) {
      throw notFound('Learning path', learningPathId);
    }
    await this.putOrClear(learningPathKey(learningPathId), input);
  }

  private async putOrClear(key: string, input: OrganizationProfileInput | null): Promise<void> {
    if (input === null) {
      await this.em.nativeDelete(OrganizationProfileRow, { key });
    } else {
      await this.put(key, input);
    }
  }

  private async put(key: string, input: OrganizationProfileInput): Promise<void> {
    const fields = normalize(input);
    assertNoProblems(await problemsOf(this.em, fields));
    await this.em.upsert(OrganizationProfileRow, { key, ...fields, updatedAt: new Date() });
  }
}
