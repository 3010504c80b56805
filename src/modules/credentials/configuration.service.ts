import type { EntityManager } from '@mikro-orm/postgresql';
import {
  configurationRules,
  type CourseRules,
  findEvaluator,
  isGroupKind,
  lockRulesForChange,
  refreshConfigurations,
  validatePathRequirements,
  validateRequirements,
} from '../eligibility';
import { Course, LearningPathStep, LearningPath } from '../catalog';
import { assertNoProblems, type FieldProblem, InputError, notFound } from '../../shared/errors';
import { checkLanguage, checkText } from '../../shared/validation';
import { BADGE_TEMPLATE_CONTENT_TYPES, imageReferenceProblems, type JobQueue } from '../issuance';
import { checkMessages, checkTemplate, type TemplatePages } from './configuration-content-checks';
import type {
  CredentialConfigurationInput,
  CredentialConfigurationPatch,
  RequirementInput,
  StepOverrideInput,
} from './configuration.inputs';
import { CredentialConfiguration } from './credential-configuration.entity';
import type { Requirement, StepOverride } from './requirement.type';
import {
  normalizeSignatories,
  normalizeTitleOverride,
  signatoryProblems,
  trimmedOrNull,
} from './signatories';
import { normalizeValidFor, validForProblems } from './validity';
import { normalizeRenewalWindowStart, renewalProblems } from './renewal';
import { RenewalMode } from './credential.enums';
import type { Clock } from '../../shared/clock';

const MAX_TIER = 1000;

/**
 * The stored shape: kinds without a threshold (and groups) store `min` 1 (validation rejects
 * any other value); kind parameters and group members are stored only when given, so the
 * older kinds keep their shape.
 */
function normalizeRequirement(input: RequirementInput): Requirement {
  const threshold = isGroupKind(input.kind)
    ? 'none'
    : (findEvaluator(input.kind)?.threshold ?? 'min');
  return {
    kind: input.kind,
    min: threshold === 'min' ? input.min : (input.min ?? 1),
    assignmentType: input.assignmentType ?? null,
    includeOptional: input.includeOptional ?? false,
    ...(input.modes != null ? { modes: input.modes } : {}),
    ...(input.minPosts != null ? { minPosts: input.minPosts } : {}),
    ...(input.minDistinctDays != null ? { minDistinctDays: input.minDistinctDays } : {}),
    ...(input.minResponsesReceived != null
      ? { minResponsesReceived: input.minResponsesReceived }
      : {}),
    ...(input.requirements != null
      ? { requirements: input.requirements.map(normalizeRequirement) }
      : {}),
    // A missing min of a kind with a threshold is rejected by validation before it is stored.
  } as Requirement;
}

function normalizeOverrides(inputs: StepOverrideInput[]): StepOverride[] {
  return inputs.map((o) => ({
    courseId: o.courseId,
    requirements: o.requirements.map(normalizeRequirement),
  }));
}

function rulesOf(course: Course): CourseRules {
  // Validation only needs the grading policy; blocks and items matter for evaluation.
  return { id: course.id, gradingPolicy: course.gradingPolicy, blocks: [], gradedItems: [] };
}

/** Fields every configuration must satisfy whatever its context. */
function checkCommon(problems: FieldProblem[], config: CredentialConfiguration): void {
  checkText(problems, 'name', config.name);
  if (!Number.isInteger(config.tier) || config.tier < 0 || config.tier > MAX_TIER) {
    problems.push({ field: 'tier', message: `must be an integer from 0 to ${MAX_TIER}` });
  }
  checkLanguage(problems, 'locale', config.locale);
  if (
    config.template !== null &&
    (typeof config.template !== 'object' || Array.isArray(config.template))
  ) {
    problems.push({ field: 'template', message: 'must be a JSON object or null' });
  }
}

/** Schedules a configuration's release at its availability date (the job queue and its clock). */
export interface ReleaseScheduler {
  jobs: JobQueue;
  clock: Clock;
}

/** Credential configurations: a credential offered on a course or a learning path. */
export class ConfigurationService {
  constructor(
    private readonly em: EntityManager,
    private readonly templatePages: TemplatePages,
    /** Absent: availability dates are stored but no release is scheduled (no job queue here). */
    private readonly releases?: ReleaseScheduler,
  ) {}

  /**
   * The release job of the configuration's availability date, in `em`'s transaction. The
   * queue hands jobs out by the database's clock: a date is placed as far from the real
   * now as it is from the service clock's now (the same thing, unless a test moved it).
   */
  private async scheduleRelease(em: EntityManager, config: CredentialConfiguration) {
    if (!this.releases) return;
    const { jobs, clock } = this.releases;
    const at = config.availableFrom;
    const startAfter = at && new Date(Date.now() + (at.getTime() - clock.now().getTime()));
    await jobs.scheduleRelease(em, config.id, at, startAfter);
  }

  async get(id: string): Promise<CredentialConfiguration> {
    const config = await this.em.findOne(CredentialConfiguration, { id });
    if (!config) throw notFound('Credential configuration', id);
    return config;
  }

  /**
   * `connector` is for code that keeps a configuration in step with another system: the
   * configuration gets that id and is marked `managedBy` it.
   */
  async create(
    input: CredentialConfigurationInput,
    connector?: { id: string; managedBy: string },
  ): Promise<CredentialConfiguration> {
    if (Boolean(input.courseId) === Boolean(input.learningPathId)) {
      throw InputError.of('courseId', 'give exactly one of courseId and learningPathId');
    }
    return this.em.transactional(async (em) => {
      await lockRulesForChange(em);
      const config = this.build(em, input, true, connector);
      await this.validate(em, config, input.courseId ?? null, input.learningPathId ?? null);
      await em.flush();
      if (config.enabled) await refreshConfigurations(em, [configurationRules(config)]);
      if (config.availableFrom) await this.scheduleRelease(em, config);
      return config;
    });
  }

  /**
   * The configuration an input describes, validated exactly as `create` validates it, but
   * never persisted: for what-if questions (previewEligibility). Runs in `em`'s transaction.
   */
  async draft(
    em: EntityManager,
    input: CredentialConfigurationInput,
  ): Promise<CredentialConfiguration> {
    if (Boolean(input.courseId) === Boolean(input.learningPathId)) {
      throw InputError.of('courseId', 'give exactly one of courseId and learningPathId');
    }
    const config = this.build(em, input, false);
    await this.validate(em, config, input.courseId ?? null, input.learningPathId ?? null);
    return config;
  }

  private build(
    em: EntityManager,
    input: CredentialConfigurationInput,
    persist: boolean,
    connector?: { id: string; managedBy: string },
  ): CredentialConfiguration {
    return em.create(
      CredentialConfiguration,
      {
        name: input.name.trim(),
        kind: input.kind,
        course: input.courseId ? em.getReference(Course, input.courseId) : null,
        learningPath: input.learningPathId
          ? em.getReference(LearningPath, input.learningPathId)
          : null,
        tier: input.tier,
        requirements: input.requirements.map(normalizeRequirement),
        stepOverrides: normalizeOverrides(input.stepOverrides ?? []),
        autoIssue: input.autoIssue,
        allowClaim: input.allowClaim,
        enabled: input.enabled,
        locale: input.locale,
        template: input.template ?? null,
        certificateMessages: (input.certificateMessages ?? {}) as Record<string, string>,
        signatories: normalizeSignatories(input.signatories ?? []),
        titleOverride: normalizeTitleOverride(input.titleOverride),
        validFor: normalizeValidFor(input.validFor),
        auditCutoffDate: input.auditCutoffDate ?? null,
        availableFrom: input.availableFrom ?? null,
        renewal: input.renewal ?? RenewalMode.NONE,
        renewalWindowStart: normalizeRenewalWindowStart(input.renewalWindowStart),
        badgeTemplateAssetId: trimmedOrNull(input.badgeTemplateAssetId),
        ...(connector ? { id: connector.id, managedBy: connector.managedBy } : {}),
      },
      { persist },
    );
  }

  /**
   * An edit (by an admin) ends a connector's management of the configuration. A connector
   * passes `managedBy`: its update applies only while the configuration is still its own,
   * and null comes back when it is not.
   */
  async update(id: string, patch: CredentialConfigurationPatch): Promise<CredentialConfiguration>;
  async update(
    id: string,
    patch: CredentialConfigurationPatch,
    connector: { managedBy: string },
  ): Promise<CredentialConfiguration | null>;
  async update(
    id: string,
    patch: CredentialConfigurationPatch,
    connector?: { managedBy: string },
  ): Promise<CredentialConfiguration | null> {
    const nulls = (
      [
        'name',
        'kind',
        'tier',
        'requirements',
        'stepOverrides',
        'autoIssue',
        'allowClaim',
        'enabled',
        'locale',
        'signatories',
      ] as const
    )
      .filter((field) => patch[field] === null)
      .map((field) => ({ field, message: 'must not be null (omit it to keep the current value)' }));
    assertNoProblems(nulls);

    const changesAnswers =
      patch.requirements != null || patch.stepOverrides != null || patch.enabled != null;
    return this.em.transactional(async (em) => {
      if (changesAnswers) await lockRulesForChange(em);
      const config = await em.findOne(CredentialConfiguration, { id });
      if (!config) throw notFound('Credential configuration', id);
      if (connector && config.managedBy !== connector.managedBy) return null;
      config.managedBy = connector?.managedBy ?? null;
      if (patch.name != null) config.name = patch.name.trim();
      if (patch.kind != null) config.kind = patch.kind;
      if (patch.tier != null) config.tier = patch.tier;
      if (patch.requirements != null)
        config.requirements = patch.requirements.map(normalizeRequirement);
      if (patch.stepOverrides != null)
        config.stepOverrides = normalizeOverrides(patch.stepOverrides);
      if (patch.autoIssue != null) config.autoIssue = patch.autoIssue;
      if (patch.allowClaim != null) config.allowClaim = patch.allowClaim;
      if (patch.enabled != null) config.enabled = patch.enabled;
      if (patch.locale != null) config.locale = patch.locale;
      if (patch.template !== undefined) config.template = patch.template;
      if (patch.certificateMessages !== undefined)
        config.certificateMessages = (patch.certificateMessages ?? {}) as Record<string, string>;
      if (patch.signatories != null) config.signatories = normalizeSignatories(patch.signatories);
      if (patch.titleOverride !== undefined)
        config.titleOverride = normalizeTitleOverride(patch.titleOverride);
      if (patch.validFor !== undefined) config.validFor = normalizeValidFor(patch.validFor);
      if (patch.auditCutoffDate !== undefined) config.auditCutoffDate = patch.auditCutoffDate;
      const releaseMoved =
        patch.availableFrom !== undefined &&
        (patch.availableFrom?.getTime() ?? null) !== (config.availableFrom?.getTime() ?? null);
      if (patch.availableFrom !== undefined) config.availableFrom = patch.availableFrom;
      if (patch.renewal != null) config.renewal = patch.renewal;
      if (patch.renewalWindowStart !== undefined)
        config.renewalWindowStart = normalizeRenewalWindowStart(patch.renewalWindowStart);
      if (patch.badgeTemplateAssetId !== undefined)
        config.badgeTemplateAssetId = trimmedOrNull(patch.badgeTemplateAssetId);
      await this.validate(em, config, config.course?.id ?? null, config.learningPath?.id ?? null);
      await em.flush();
      // Answers stored while the configuration was disabled were not kept up to date.
      if (changesAnswers && config.enabled) {
        await refreshConfigurations(em, [configurationRules(config)]);
      }
      if (releaseMoved) await this.scheduleRelease(em, config);
      return config;
    });
  }

  private async validate(
    em: EntityManager,
    config: CredentialConfiguration,
    courseId: string | null,
    learningPathId: string | null,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    checkCommon(problems, config);
    config.certificateMessages = checkMessages(problems, config.certificateMessages);
    if (!problems.some((problem) => problem.field === 'template')) {
      await checkTemplate(em, this.templatePages, problems, config.template);
    }
    problems.push(...(await signatoryProblems(em, config.signatories, config.titleOverride)));
    problems.push(...validForProblems(config.validFor));
    problems.push(...renewalProblems(config));
    if (config.auditCutoffDate && !courseId) {
      problems.push({
        field: 'auditCutoffDate',
        message:
          'only course configurations have an audit cut-off (enrollment modes are per course)',
      });
    }
    if (config.badgeTemplateAssetId !== null) {
      problems.push(
        ...(await imageReferenceProblems(
          em,
          [{ field: 'badgeTemplateAssetId', slug: config.badgeTemplateAssetId }],
          BADGE_TEMPLATE_CONTENT_TYPES,
        )),
      );
    }
    const requirements = config.requirements;
    if (courseId) {
      const course = await em.findOne(Course, { id: courseId });
      if (!course) {
        problems.push({ field: 'courseId', message: `course "${courseId}" does not exist` });
      } else {
        problems.push(...validateRequirements(requirements, rulesOf(course)));
      }
      if (config.stepOverrides.length > 0) {
        problems.push({
          field: 'stepOverrides',
          message: 'only learning path configurations have step overrides',
        });
      }
    } else if (learningPathId) {
      const path = await em.findOne(LearningPath, { id: learningPathId });
      if (!path) {
        problems.push({
          field: 'learningPathId',
          message: `learning path "${learningPathId}" does not exist`,
        });
      } else {
        const steps = await em.find(
          LearningPathStep,
          { learningPath: learningPathId },
          { populate: ['course'], orderBy: { position: 'asc' } },
        );
        problems.push(
          ...validatePathRequirements({
            requirements,
            stepOverrides: config.stepOverrides,
            steps: steps.map((step) => rulesOf(step.course)),
          }),
        );
      }
    }
    assertNoProblems(problems);
  }
}
