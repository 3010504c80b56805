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
import { validateMessageOverrides } from '../../shared/i18n';
import {
  Asset,
  BADGE_TEMPLATE_CONTENT_TYPES,
  CERTIFICATE_CATALOGS,
  type CredentialTemplate,
  imageReferenceProblems,
  isBuiltinFont,
  pageProblems,
  parseTemplate,
  TemplateError,
  STANDARD_TEXT_ELEMENTS,
} from '../issuance';
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

interface AssetReference {
  field: string;
  slug: string;
  kind: 'pdf' | 'font';
}

/** Every uploaded asset a template refers to, with the path of the field naming it. */
function assetReferences(template: CredentialTemplate): AssetReference[] {
  const references: AssetReference[] = [];
  if (template.asset)
    references.push({ field: 'template.asset', slug: template.asset, kind: 'pdf' });
  const font = (field: string, slug: string | undefined) => {
    if (slug !== undefined && !isBuiltinFont(slug)) references.push({ field, slug, kind: 'font' });
  };
  font('template.defaults.font', template.defaults.font);
  for (const name of STANDARD_TEXT_ELEMENTS) {
    const element = template.elements[name];
    if (element) font(`template.elements.${name}.font`, element.font);
  }
  template.elements.custom.forEach((element, i) =>
    font(`template.elements.custom[${i}].font`, element.font),
  );
  return references;
}

/** Reads a template PDF's page count (see AssetService.pageCount). */
export interface TemplatePages {
  pageCount(asset: Asset): Promise<number>;
}

/**
 * The template parses, every asset it names was uploaded and is of the right kind, and
 * every element is on a page the template has (the built-in layout has one).
 */
async function checkTemplate(
  em: EntityManager,
  pages: TemplatePages,
  problems: FieldProblem[],
  json: Record<string, unknown> | null,
): Promise<void> {
  if (json === null) return;
  let template: CredentialTemplate;
  try {
    template = parseTemplate(json);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    problems.push({ field: error.field, message: error.message.replace(`${error.field}: `, '') });
    return;
  }
  const references = assetReferences(template);
  const assets =
    references.length === 0
      ? []
      : await em.find(Asset, { slug: { $in: references.map((r) => r.slug) } });
  const assetBySlug = new Map(assets.map((asset) => [asset.slug, asset]));
  const before = problems.length;
  for (const { field, slug, kind } of references) {
    const type = assetBySlug.get(slug)?.contentType;
    if (type === undefined) {
      problems.push({
        field,
        message: `asset "${slug}" does not exist (upload it with PUT /assets/${slug})`,
      });
    } else if (kind === 'pdf' ? type !== 'application/pdf' : !type.startsWith('font/')) {
      problems.push({
        field,
        message: `asset "${slug}" is not a ${kind === 'pdf' ? 'PDF' : 'font'}`,
      });
    }
  }
  if (problems.length > before) return;
  const pdf = template.asset === null ? null : assetBySlug.get(template.asset);
  const pageCount = pdf ? await pages.pageCount(pdf) : 1;
  problems.push(...pageProblems(template, pageCount));
}

const MAX_MESSAGE_OVERRIDES = 50;

/**
 * The certificate's phrase overrides: an object of known message keys with ICU texts (checked
 * before the configuration is stored, so a bad one never reaches issuance).
 */
function checkMessages(problems: FieldProblem[], json: unknown): Record<string, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push({ field: 'certificateMessages', message: 'must be a JSON object' });
    return {};
  }
  if (Object.keys(json).length > MAX_MESSAGE_OVERRIDES) {
    problems.push({
      field: 'certificateMessages',
      message: `must hold at most ${MAX_MESSAGE_OVERRIDES} messages`,
    });
    return {};
  }
  try {
    return {
      ...validateMessageOverrides(
        CERTIFICATE_CATALOGS,
        json as Record<string, unknown>,
        'certificateMessages',
      ),
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...(error.details.problems ?? []));
    return {};
  }
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

/** Credential configurations: a credential offered on a course or a learning path. */
export class ConfigurationService {
  constructor(
    private readonly em: EntityManager,
    private readonly templatePages: TemplatePages,
  ) {}

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
      const config = em.create(CredentialConfiguration, {
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
        badgeTemplateAssetId: trimmedOrNull(input.badgeTemplateAssetId),
        ...(connector ? { id: connector.id, managedBy: connector.managedBy } : {}),
      });
      await this.validate(em, config, input.courseId ?? null, input.learningPathId ?? null);
      await em.flush();
      if (config.enabled) await refreshConfigurations(em, [configurationRules(config)]);
      return config;
    });
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
      if (patch.badgeTemplateAssetId !== undefined)
        config.badgeTemplateAssetId = trimmedOrNull(patch.badgeTemplateAssetId);
      await this.validate(em, config, config.course?.id ?? null, config.learningPath?.id ?? null);
      await em.flush();
      // Answers stored while the configuration was disabled were not kept up to date.
      if (changesAnswers && config.enabled) {
        await refreshConfigurations(em, [configurationRules(config)]);
      }
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
