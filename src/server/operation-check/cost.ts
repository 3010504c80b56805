import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { analyse, evaluate } from './analysis';
import { measureVariables } from './request-inputs';

const UNCAPPED = () => ({ maximum: Number.POSITIVE_INFINITY });

/** The estimated cost of an operation with these variables, whatever its lists' lengths. */
export function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  const analysis = analyse(schema, document, operation);
  if (analysis.cost === null) return Number.POSITIVE_INFINITY;
  return evaluate(analysis.cost, measureVariables(analysis, variables, UNCAPPED).inputs);
}
