import type {
  ConsoleConfigurationFragment,
  ConsoleRequirementFieldsFragment,
  CredentialConfigurationInput,
  CredentialKind,
  RenewalMode,
  RequirementInput,
  RequirementKind,
} from './generated';

/** A requirement as the form edits it: text where the user types, whatever the kind. */
export interface RequirementDraft {
  key: number;
  kind: RequirementKind;
  /** Percent, 0..100, as typed. */
  minPercent: string;
  assignmentType: string;
  includeOptional: boolean;
  /** Comma-separated enrollment modes. */
  modes: string;
  minPosts: string;
  minDistinctDays: string;
  minResponsesReceived: string;
  requirements: RequirementDraft[];
}

export interface StepOverrideDraft {
  courseId: string;
  requirements: RequirementDraft[];
}

export interface ConfigurationDraft {
  name: string;
  kind: CredentialKind;
  tier: string;
  locale: string;
  autoIssue: boolean;
  allowClaim: boolean;
  enabled: boolean;
  validFor: string;
  /** `datetime-local` values (the browser's time zone), '' = none. */
  availableFrom: string;
  auditCutoffDate: string;
  renewal: RenewalMode;
  renewalWindowStart: string;
  requirements: RequirementDraft[];
  stepOverrides: StepOverrideDraft[];
}

export const REQUIREMENT_KINDS: RequirementKind[] = [
  'COMPLETION',
  'GRADE',
  'ASSIGNMENT_GRADE',
  'ENROLLMENT_TRACK',
  'DISCUSSION',
  'ALL_OF',
  'ANY_OF',
];
export const THRESHOLD_KINDS: RequirementKind[] = ['COMPLETION', 'GRADE', 'ASSIGNMENT_GRADE'];
export const GROUP_KINDS: RequirementKind[] = ['ALL_OF', 'ANY_OF'];
/** The API allows three levels of groups in all. */
export const MAX_DEPTH = 3;

let nextKey = 1;

export function newRequirement(kind: RequirementKind = 'COMPLETION'): RequirementDraft {
  return {
    key: nextKey++,
    kind,
    minPercent: THRESHOLD_KINDS.includes(kind) ? '60' : '',
    assignmentType: '',
    includeOptional: false,
    modes: '',
    minPosts: '',
    minDistinctDays: '',
    minResponsesReceived: '',
    requirements: GROUP_KINDS.includes(kind) ? [newRequirement('COMPLETION')] : [],
  };
}

export function newDraft(): ConfigurationDraft {
  return {
    name: '',
    kind: 'CERTIFICATE',
    tier: '0',
    locale: 'en',
    autoIssue: true,
    allowClaim: false,
    enabled: true,
    validFor: '',
    availableFrom: '',
    auditCutoffDate: '',
    renewal: 'NONE',
    renewalWindowStart: '',
    requirements: [newRequirement('COMPLETION')],
    stepOverrides: [],
  };
}

const text = (value: number | null | undefined) => (value == null ? '' : String(value));

/** An ISO instant as a `datetime-local` value in the browser's time zone; '' for none. */
export function localInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A `datetime-local` value (the browser's time zone) as an ISO instant; null for none. */
export function instant(value: string): string | null {
  if (value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

const optional = (value: string) => (value.trim() === '' ? null : value.trim());
/** A fraction as a percent without float noise: 0.6 → "60", 0.875 → "87.5". */
const asPercent = (fraction: number) => String(Math.round(fraction * 1_000_000) / 10_000);

interface StoredRequirement extends ConsoleRequirementFieldsFragment {
  requirements?: StoredRequirement[] | null;
}

export function requirementDraft(stored: StoredRequirement): RequirementDraft {
  return {
    key: nextKey++,
    kind: stored.kind,
    minPercent: THRESHOLD_KINDS.includes(stored.kind) ? asPercent(stored.min) : '',
    assignmentType: stored.assignmentType ?? '',
    includeOptional: stored.includeOptional,
    modes: (stored.modes ?? []).join(', '),
    minPosts: text(stored.minPosts),
    minDistinctDays: text(stored.minDistinctDays),
    minResponsesReceived: text(stored.minResponsesReceived),
    requirements: (stored.requirements ?? []).map(requirementDraft),
  };
}

export function configurationDraft(stored: ConsoleConfigurationFragment): ConfigurationDraft {
  return {
    name: stored.name,
    kind: stored.kind,
    tier: String(stored.tier),
    locale: stored.locale,
    autoIssue: stored.autoIssue,
    allowClaim: stored.allowClaim,
    enabled: stored.enabled,
    validFor: stored.validFor ?? '',
    availableFrom: localInput(stored.availableFrom as string | null),
    auditCutoffDate: localInput(stored.auditCutoffDate as string | null),
    renewal: stored.renewal,
    renewalWindowStart: stored.renewalWindowStart ?? '',
    requirements: stored.requirements.map(requirementDraft),
    stepOverrides: stored.stepOverrides.map((o) => ({
      courseId: o.courseId,
      requirements: o.requirements.map(requirementDraft),
    })),
  };
}

/** A typed number, or null when empty (the API then names what is missing). */
function number(value: string): number | null {
  if (value.trim() === '') return null;
  const parsed = Number(value.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : null;
}

export function requirementInput(draft: RequirementDraft): RequirementInput {
  const { kind } = draft;
  const input: RequirementInput = { kind };
  if (THRESHOLD_KINDS.includes(kind)) {
    const percent = number(draft.minPercent);
    input.min = percent === null ? null : Math.round(percent * 100) / 10_000;
  }
  if (kind === 'ASSIGNMENT_GRADE') input.assignmentType = draft.assignmentType || null;
  if (kind === 'COMPLETION') input.includeOptional = draft.includeOptional;
  if (kind === 'ENROLLMENT_TRACK') {
    input.modes = draft.modes
      .split(',')
      .map((mode) => mode.trim())
      .filter(Boolean);
  }
  if (kind === 'DISCUSSION') {
    input.minPosts = number(draft.minPosts);
    input.minDistinctDays = number(draft.minDistinctDays);
    input.minResponsesReceived = number(draft.minResponsesReceived);
  }
  if (GROUP_KINDS.includes(kind)) input.requirements = draft.requirements.map(requirementInput);
  return input;
}

/** Everything but the context (courseId / learningPathId): the patch, and the input's base. */
export function draftFields(draft: ConfigurationDraft) {
  return {
    name: draft.name,
    kind: draft.kind,
    tier: number(draft.tier) ?? 0,
    locale: draft.locale,
    autoIssue: draft.autoIssue,
    allowClaim: draft.allowClaim,
    enabled: draft.enabled,
    validFor: optional(draft.validFor),
    availableFrom: instant(draft.availableFrom),
    auditCutoffDate: instant(draft.auditCutoffDate),
    renewal: draft.renewal,
    renewalWindowStart: draft.renewal === 'REEARN' ? optional(draft.renewalWindowStart) : null,
    requirements: draft.requirements.map(requirementInput),
    stepOverrides: draft.stepOverrides.map((o) => ({
      courseId: o.courseId,
      requirements: o.requirements.map(requirementInput),
    })),
  };
}

export function configurationInput(
  draft: ConfigurationDraft,
  context: { courseId?: string | null; learningPathId?: string | null },
): CredentialConfigurationInput {
  const fields = draftFields(draft);
  return {
    ...fields,
    ...(context.courseId ? { courseId: context.courseId } : {}),
    ...(context.learningPathId ? { learningPathId: context.learningPathId } : {}),
    stepOverrides: context.learningPathId ? fields.stepOverrides : undefined,
  };
}
