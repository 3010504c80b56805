import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface OperationShape {
  depth: number;
  aliases: number;
  /** Whether the operation asks for `__schema` or `__type`. */
  introspection: boolean;
  /** Whether the operation asks for `_service` (the subgraph's SDL). */
  service: boolean;
  /** Root fields of the operation (each mutation field counts against the rate limit). */
  rootFields: number;
  /** Fields visited, fragments expanded at every spread. */
  nodes: number;
}

/**
 * Tokens a document may hold (graphql-js `maxTokens`): parsing and validating 400,000 list
 * items written into a document takes seconds of CPU before any limit can look at them.
 */
export const MAX_DOCUMENT_TOKENS = 50_000;

/** Field visits beyond which an operation is refused outright (fragment bombs). */
export const MAX_NODES = 50_000;

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Walks the operation with fragments expanded where they are spread, so an alias or a
 * level hidden in a fragment counts every time it is used. Validation has already refused
 * fragment cycles; the walk still stops at MAX_NODES.
 */
export function shapeOf(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  const fragments = fragmentsOf(document);
  const shape: OperationShape = {
    depth: 0,
    aliases: 0,
    introspection: false,
    service: false,
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
          if (name === '_service') shape.service = true;
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
