import {
  type DocumentNode,
  type FieldNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { argumentCoordinate, type ListCoordinate } from './list-caps';
import { fragmentsOf, MAX_NODES, type OperationShape, shapeOf } from './shape';

/** What a request adds to its document: variables, and the item counts of the lists they carry. */
export interface RequestInputs {
  variables: Readonly<Record<string, unknown>>;
  /** Items in each VariableInput's value (by its index), nested lists included. */
  items: readonly number[];
}

/** A cost known from the document alone, or one that needs the request's inputs. */
export type CostPlan = number | ((inputs: RequestInputs) => number);

/** An argument or input field given by a variable: its lists are measured per request. */
export interface VariableInput {
  variable: string;
  type: GraphQLInputType;
  coordinate: ListCoordinate;
  /** The variable's default in the document, used when the request gives no value. */
  defaultValue: ValueNode | undefined;
}

/** Everything about an operation that depends on its document only (cached per document). */
export interface OperationAnalysis {
  shape: OperationShape;
  /** null when the operation is over MAX_NODES (refused before its cost is worked out). */
  cost: CostPlan | null;
  /** The longest list literal written at each coordinate. */
  literalLists: ReadonlyMap<ListCoordinate, number>;
  variableInputs: readonly VariableInput[];
}

export const evaluate = (plan: CostPlan, inputs: RequestInputs): number =>
  typeof plan === 'number' ? plan : plan(inputs);

/** Combines plans: folded to a number when every part is one. */
function combine(plans: CostPlan[], total: (values: number[]) => number): CostPlan {
  if (plans.every((plan): plan is number => typeof plan === 'number')) return total(plans);
  return (inputs) => total(plans.map((plan) => evaluate(plan, inputs)));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const cache = new WeakMap<
  DocumentNode,
  Map<OperationDefinitionNode, { schema: GraphQLSchema; analysis: OperationAnalysis }>
>();

/**
 * The analysis of `operation`, worked out once per parsed document: Apollo hands the same
 * DocumentNode to every request with the same query text, so only the variable-dependent
 * part (see RequestInputs) runs per request.
 */
export function analyse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationAnalysis {
  let byOperation = cache.get(document);
  if (!byOperation) {
    byOperation = new Map();
    cache.set(document, byOperation);
  }
  const cached = byOperation.get(operation);
  if (cached && cached.schema === schema) return cached.analysis;
  const analysis = analyseOperation(schema, document, operation);
  byOperation.set(operation, { schema, analysis });
  return analysis;
}

function analyseOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationAnalysis {
  const shape = shapeOf(document, operation);
  const literalLists = new Map<ListCoordinate, number>();
  const variableInputs: VariableInput[] = [];
  if (shape.nodes > MAX_NODES) return { shape, cost: null, literalLists, variableInputs };

  const defaults = new Map<string, ValueNode | undefined>();
  for (const definition of operation.variableDefinitions ?? []) {
    defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const variableValue = (name: string, inputs: RequestInputs): unknown => {
    if (inputs.variables[name] !== undefined) return inputs.variables[name];
    const fallback = defaults.get(name);
    return fallback ? valueFromASTUntyped(fallback) : undefined;
  };

  /** Items of the lists in a value (literal ones recorded), with variables left to the request. */
  const itemsOf = (node: ValueNode, type: GraphQLInputType, coordinate: string): CostPlan => {
    if (node.kind === Kind.VARIABLE) {
      const index = variableInputs.length;
      const name = node.name.value;
      variableInputs.push({ variable: name, type, coordinate, defaultValue: defaults.get(name) });
      return (inputs) => inputs.items[index] ?? 0;
    }
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (node.kind !== Kind.LIST) return itemsOf(node, nullable.ofType, coordinate);
      const length = node.values.length;
      literalLists.set(coordinate, Math.max(length, literalLists.get(coordinate) ?? 0));
      const nested = node.values.map((item) => itemsOf(item, nullable.ofType, coordinate));
      return combine([length, ...nested], sum);
    }
    if (isInputObjectType(nullable) && node.kind === Kind.OBJECT) {
      const fields = nullable.getFields();
      const parts: CostPlan[] = [];
      for (const field of node.fields) {
        const definition = fields[field.name.value];
        if (definition) {
          parts.push(itemsOf(field.value, definition.type, `${nullable.name}.${definition.name}`));
        }
      }
      return combine(parts, sum);
    }
    return 0;
  };

  /** A number argument (`first`) as the request will see it: given, from a variable, or the default. */
  const numberArgument = (
    field: FieldNode,
    definition: GraphQLField<unknown, unknown> | undefined,
    name: string,
  ): CostPlan | null => {
    const given = field.arguments?.find((arg) => arg.name.value === name);
    const fallback = definition?.args.find((arg) => arg.name === name)?.defaultValue;
    const asNumber = (value: unknown) =>
      typeof value === 'number' ? value : typeof fallback === 'number' ? fallback : null;
    if (!given) return asNumber(fallback);
    if (given.value.kind === Kind.VARIABLE) {
      const variable = given.value.name.value;
      return (inputs) => asNumber(variableValue(variable, inputs)) ?? 0;
    }
    return asNumber(valueFromASTUntyped(given.value));
  };

  const fragments = fragmentsOf(document);
  const typeNamed = (name: string | undefined) => (name ? schema.getType(name) : undefined);

  /**
   * 1 per field plus its children, multiplied by `first` for connections and by the
   * number of representations for `_entities` (what a field can fan out to), plus the items
   * of its list arguments. Fragments count at every spread.
   */
  const costOfField = (
    field: FieldNode,
    parent: GraphQLNamedType | null | undefined,
    path: ReadonlySet<string>,
  ): CostPlan => {
    const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
    const definition = fields[field.name.value];
    const child = field.selectionSet
      ? costOfSet(field.selectionSet, definition && getNamedType(definition.type), path)
      : 0;
    let representations: CostPlan | null = null;
    const lists: CostPlan[] = [];
    for (const arg of field.arguments ?? []) {
      const argDefinition = definition?.args.find((a) => a.name === arg.name.value);
      if (!argDefinition || !parent) continue;
      const coordinate = argumentCoordinate(parent.name, field.name.value, arg.name.value);
      const items = itemsOf(arg.value, argDefinition.type, coordinate);
      // The representations multiply the field's cost instead of adding to it.
      if (arg.name.value === 'representations') representations = items;
      else lists.push(items);
    }
    const listItems = combine(lists, sum);
    if (representations !== null) {
      return combine(
        [representations, child, listItems],
        ([n, c, l]) => 1 + n! * Math.max(1, c!) + l!,
      );
    }
    const first = numberArgument(field, definition, 'first');
    if (first !== null) {
      return combine([first, child, listItems], ([n, c, l]) => 1 + Math.max(1, n!) * c! + l!);
    }
    return combine([child, listItems], ([c, l]) => 1 + c! + l!);
  };

  const costOfSet = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    path: ReadonlySet<string>,
  ): CostPlan => {
    const parts: CostPlan[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        parts.push(costOfField(selection, parent, path));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = typeNamed(selection.typeCondition?.name.value) ?? parent;
        parts.push(costOfSet(selection.selectionSet, type, path));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !path.has(name)) {
          const type = typeNamed(fragment.typeCondition.name.value);
          parts.push(costOfSet(fragment.selectionSet, type, new Set([...path, name])));
        }
      }
    }
    return combine(parts, sum);
  };

  const cost = costOfSet(
    operation.selectionSet,
    schema.getRootType(operation.operation),
    new Set(),
  );
  return { shape, cost, literalLists, variableInputs };
}
