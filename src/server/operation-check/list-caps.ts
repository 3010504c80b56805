import {
  getNullableType,
  type GraphQLInputType,
  isInputObjectType,
  isListType,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import type { Config } from '../../config';

/** The most items one list argument or list input field may hold. */
export interface ListCap {
  maximum: number;
  /** The configuration variable that sets it, when one does. */
  variable?: string;
}

/** Where a list sits in the schema: `Type.field(argument:)` or `InputType.field`. */
export type ListCoordinate = string;

/** Any list the table below does not name. */
export const DEFAULT_LIST_CAP = 100;

/**
 * Caps by coordinate. A list argument or input field added to the schema gets
 * DEFAULT_LIST_CAP until it is named here (a test lists every one the schema has).
 */
const FIXED_CAPS: Record<ListCoordinate, number> = {
  // A router batches one fetch's entities; the cost limit multiplies by them as well.
  'Query._entities(representations:)': 1000,
  // Six statuses exist; repeating them changes nothing.
  'CredentialFilter.status': 10,
  'CourseInput.blocks': 10_000,
  'CourseInput.gradedItems': 10_000,
  'CourseInput.gradingPolicy': 100,
  'LearningPathInput.steps': 1000,
  'CredentialConfigurationInput.requirements': 100,
  'CredentialConfigurationPatch.requirements': 100,
  'StepOverrideInput.requirements': 100,
  // ENROLLMENT_TRACK accepts at most 20; a few more still reach the validation that names the field.
  'RequirementInput.modes': 30,
  // Members of one ALL_OF / ANY_OF group; a whole tree holds at most 200 (validation).
  'RequirementInput.requirements': 50,
  'CredentialConfigurationInput.stepOverrides': 1000,
  'CredentialConfigurationPatch.stepOverrides': 1000,
  // At most four are valid; a few more still reach the validation that names the field.
  'CredentialConfigurationInput.signatories': 10,
  'CredentialConfigurationPatch.signatories': 10,
  // A handful of event types exist; repeating them changes nothing.
  'Mutation.createWebhookEndpoint(events:)': 20,
};

/** Each list of a progress batch may hold a whole batch; the batch's total is checked later. */
const BATCH_FACT_LISTS = [
  'ProgressBatchInput.enrollments',
  'ProgressBatchInput.completions',
  'ProgressBatchInput.scores',
  'ProgressBatchInput.discussionPosts',
];

export type ListCaps = (coordinate: ListCoordinate) => ListCap;

export function listCaps(config: Pick<Config, 'maxBatchFacts'>): ListCaps {
  const caps = new Map<ListCoordinate, ListCap>();
  for (const [coordinate, maximum] of Object.entries(FIXED_CAPS)) caps.set(coordinate, { maximum });
  for (const coordinate of BATCH_FACT_LISTS) {
    caps.set(coordinate, { maximum: config.maxBatchFacts, variable: 'MAX_BATCH_FACTS' });
  }
  const fallback: ListCap = { maximum: DEFAULT_LIST_CAP };
  return (coordinate) => caps.get(coordinate) ?? fallback;
}

/** The coordinates of every list argument and list input field of a schema. */
export function listCoordinatesOf(schema: GraphQLSchema): ListCoordinate[] {
  const isList = (type: GraphQLInputType) => isListType(getNullableType(type));
  const coordinates: ListCoordinate[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          if (isList(arg.type))
            coordinates.push(argumentCoordinate(type.name, field.name, arg.name));
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (isList(field.type)) coordinates.push(`${type.name}.${field.name}`);
      }
    }
  }
  return coordinates;
}

export const argumentCoordinate = (type: string, field: string, argument: string) =>
  `${type}.${field}(${argument}:)`;

/** Names the cap table knows (for the test that every schema list has one). */
export const namedListCoordinates = (): ListCoordinate[] => [
  ...Object.keys(FIXED_CAPS),
  ...BATCH_FACT_LISTS,
];
