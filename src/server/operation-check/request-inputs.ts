import {
  getNullableType,
  type GraphQLInputType,
  isInputObjectType,
  isListType,
  valueFromASTUntyped,
} from 'graphql';
import type { OperationAnalysis, RequestInputs } from './analysis';
import type { ListCap, ListCaps, ListCoordinate } from './list-caps';

/** A list longer than its cap: where, how long, and the cap. */
export interface ListOverCap {
  coordinate: ListCoordinate;
  length: number;
  cap: ListCap;
}

/** The first list literal of the document over its cap, if any. */
export function literalListOverCap(
  analysis: OperationAnalysis,
  caps: ListCaps,
): ListOverCap | null {
  for (const [coordinate, length] of analysis.literalLists) {
    const cap = caps(coordinate);
    if (length > cap.maximum) return { coordinate, length, cap };
  }
  return null;
}

/**
 * Measures the lists the request's variables put into the operation, following the schema
 * type where each variable is used (so only lists the schema declares are walked, never the
 * inside of a JSON scalar). Stops at the first list over its cap.
 */
export function measureVariables(
  analysis: OperationAnalysis,
  variables: Readonly<Record<string, unknown>> | undefined,
  caps: ListCaps,
): { inputs: RequestInputs; overCap: ListOverCap | null } {
  const given = variables ?? {};
  const items: number[] = [];
  let overCap: ListOverCap | null = null;

  const measure = (value: unknown, type: GraphQLInputType, coordinate: ListCoordinate): number => {
    if (overCap !== null || value === null || value === undefined) return 0;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return measure(value, nullable.ofType, coordinate);
      const cap = caps(coordinate);
      if (value.length > cap.maximum) {
        overCap = { coordinate, length: value.length, cap };
        return 0;
      }
      let total = value.length;
      for (const item of value) total += measure(item, nullable.ofType, coordinate);
      return total;
    }
    if (isInputObjectType(nullable) && typeof value === 'object') {
      let total = 0;
      const fields = value as Record<string, unknown>;
      for (const field of Object.values(nullable.getFields())) {
        if (Object.hasOwn(fields, field.name)) {
          total += measure(fields[field.name], field.type, `${nullable.name}.${field.name}`);
        }
      }
      return total;
    }
    return 0;
  };

  for (const input of analysis.variableInputs) {
    const value =
      given[input.variable] !== undefined
        ? given[input.variable]
        : input.defaultValue && valueFromASTUntyped(input.defaultValue);
    items.push(measure(value, input.type, input.coordinate));
    if (overCap !== null) break;
  }
  return { inputs: { variables: given, items }, overCap };
}
