import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import type { Config } from '../config';
import { DomainError, type ErrorCode } from '../shared/errors';
import type { Metrics } from '../shared/metrics';
import type { Context } from './context';

export type OperationLimits = Config['limits'];

export interface OperationShape {
  depth: number;
  aliases: number;
  /** Whether the operation asks for `__schema` or `__type`. */
  introspection: boolean;
  /** Root fields of the operation (each mutation field counts against the rate limit). */
  rootFields: number;
  /** Fields visited, fragments expanded at every spread. */
  nodes: number;
}

/** Field visits beyond which an operation is refused outright (fragment bombs). */
const MAX_NODES = 50_000;

/**
 * Walks the operation with fragments expanded where they are spread, so an alias or a
 * level hidden in a fragment counts every time it is used. Validation has already refused
 * fragment cycles; the walk still stops at MAX_NODES.
 */
export function shapeOf(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const shape: OperationShape = {
    depth: 0,
    aliases: 0,
    introspection: false,
    rootFields: 0,
    nodes: 0,
  };
  const walk = (set: SelectionSetNode, depth: number, path: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (shape.nodes > MAX_NODES) return;
      if (selection.kind === Kind.FIELD) {
        shape.nodes += 1;
        if (selection.alias) shape.aliases += 1;
        if (depth === 1) {
          shape.rootFields += 1;
          const name = selection.name.value;
          if (name === '__schema' || name === '__type') shape.introspection = true;
        }
        shape.depth = Math.max(shape.depth, depth);
        if (selection.selectionSet) walk(selection.selectionSet, depth + 1, path);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, path);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !path.has(name))
          walk(fragment.selectionSet, depth, new Set([...path, name]));
      }
    }
  };
  walk(operation.selectionSet, 1, new Set());
  return shape;
}

/** A field's argument as the request gives it, or the schema's default. */
function argument(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  name: string,
  variables: Record<string, unknown> | undefined,
): unknown {
  const given = field.arguments?.find((arg) => arg.name.value === name);
  if (given) return valueFromASTUntyped(given.value, variables);
  return definition?.args.find((arg) => arg.name === name)?.defaultValue;
}

/**
 * Cost: 1 per field plus its children's cost, multiplied by `first` for connections and by
 * the number of representations for `_entities` (what a field can fan out to). One walk
 * over the operation with the schema's field definitions at hand (for defaults such as
 * `first: 20`); fragments count at every spread. The operation's shape was checked first,
 * so the walk is bounded by MAX_NODES.
 */
export function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const typeNamed = (name: string | undefined) => (name ? schema.getType(name) : undefined);
  const costOfSet = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    path: ReadonlySet<string>,
  ): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
        const definition = fields[selection.name.value];
        const child = selection.selectionSet
          ? costOfSet(selection.selectionSet, definition && getNamedType(definition.type), path)
          : 0;
        const representations = argument(selection, definition, 'representations', variables);
        const first = argument(selection, definition, 'first', variables);
        if (Array.isArray(representations)) {
          total += 1 + representations.length * Math.max(1, child);
        } else if (typeof first === 'number') {
          total += 1 + Math.max(1, first) * child;
        } else {
          total += 1 + child;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = typeNamed(selection.typeCondition?.name.value) ?? parent;
        total += costOfSet(selection.selectionSet, type, path);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !path.has(name)) {
          const type = typeNamed(fragment.typeCondition.name.value);
          total += costOfSet(fragment.selectionSet, type, new Set([...path, name]));
        }
      }
    }
    return total;
  };
  return costOfSet(operation.selectionSet, schema.getRootType(operation.operation), new Set());
}

function refusal(code: ErrorCode, status: number, message: string, limit?: [string, number]) {
  return new GraphQLError(message, {
    originalError: new DomainError(
      code,
      message,
      limit ? { limit: limit[0], maximum: limit[1] } : {},
    ),
    extensions: { http: { status } },
  });
}

/**
 * Refuses operations beyond the configured depth, alias count and cost (BAD_USER_INPUT
 * naming the variable), and introspection (`__schema`, `__type`) to anyone but admins and
 * staff; `_service` (the gateway's SDL) and `__typename` stay open.
 */
export function operationLimitsPlugin(
  limits: OperationLimits,
  metrics: Metrics,
): ApolloServerPlugin<Context> {
  const reject = (name: string, message: string, maximum: number) => {
    metrics.rejectedOperations.inc({ limit: name });
    return refusal('BAD_USER_INPUT', 400, message, [name, maximum]);
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          const shape = shapeOf(document, operation);
          if (shape.nodes > MAX_NODES) {
            throw reject(
              'MAX_QUERY_COST',
              `The operation has more than ${MAX_NODES} fields once fragments are expanded`,
              limits.maxQueryCost,
            );
          }
          if (shape.depth > limits.maxQueryDepth) {
            throw reject(
              'MAX_QUERY_DEPTH',
              `The operation is ${shape.depth} levels deep; at most ${limits.maxQueryDepth} are allowed (MAX_QUERY_DEPTH)`,
              limits.maxQueryDepth,
            );
          }
          if (shape.aliases > limits.maxAliases) {
            throw reject(
              'MAX_ALIASES',
              `The operation uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed (MAX_ALIASES)`,
              limits.maxAliases,
            );
          }
          const cost = costOf(schema, document, operation, request.variables);
          if (cost > limits.maxQueryCost) {
            throw reject(
              'MAX_QUERY_COST',
              `The operation's estimated cost is ${cost}; at most ${limits.maxQueryCost} is allowed (MAX_QUERY_COST)`,
              limits.maxQueryCost,
            );
          }
          if (shape.introspection) {
            const viewer = contextValue.viewer;
            if (viewer === null) {
              throw refusal('UNAUTHENTICATED', 401, 'Introspection needs a staff or admin token');
            }
            const staff =
              viewer.isAdmin || viewer.staffCourses.size > 0 || viewer.staffPaths.size > 0;
            if (!staff) throw refusal('FORBIDDEN', 403, 'Introspection is for staff and admins');
          }
        },
      };
    },
  };
}
