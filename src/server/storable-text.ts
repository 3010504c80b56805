import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ArgumentNode,
  type DocumentNode,
  GraphQLError,
  Kind,
  type ValueNode,
  visit,
} from 'graphql';
import { type FieldProblem, InputError } from '../shared/errors';
import { errorResponse } from '../shared/error-response';
import { findUnstorable, unstorableReason, fieldPath } from '../shared/storable-text';
import type { NextFunction, Request, Response } from 'express';
import type { Context } from './context';

type Variables = Readonly<Record<string, unknown>> | null | undefined;

/**
 * The first string argument of `document` (a literal, or a variable's value, nested in input
 * objects and lists) that PostgreSQL cannot store. Fields are named as the services name
 * them: an input object's fields by their path inside it (`name`, `template.title`), any
 * other argument by its own name (`reason`).
 */
export function unstorableArgument(
  document: DocumentNode,
  variables: Variables,
): FieldProblem | null {
  const { defaults, args } = argumentsOf(document);
  for (const node of args) {
    const found = inValue(node.value, [node.name.value], variables, defaults);
    if (found !== null) return found;
  }
  return null;
}

interface DocumentArguments {
  defaults: ReadonlyMap<string, ValueNode>;
  /** Every field argument, outermost first (an argument's own value is walked by inValue). */
  args: readonly ArgumentNode[];
}

/** One walk per document: Apollo and graphql-ws reuse the parsed document of a known query. */
const documentArguments = new WeakMap<DocumentNode, DocumentArguments>();

function argumentsOf(document: DocumentNode): DocumentArguments {
  let found = documentArguments.get(document);
  if (found) return found;
  const defaults = new Map<string, ValueNode>();
  const args: ArgumentNode[] = [];
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue) defaults.set(node.variable.name.value, node.defaultValue);
    },
    Argument(node: ArgumentNode) {
      args.push(node);
      return false;
    },
  });
  found = { defaults, args };
  documentArguments.set(document, found);
  return found;
}

/** The path below an argument: an input object's own name is left out. */
const below = (path: readonly (string | number)[], isObject: boolean) =>
  isObject && path.length === 1 ? [] : path;

function inValue(
  node: ValueNode,
  path: readonly (string | number)[],
  variables: Variables,
  defaults: ReadonlyMap<string, ValueNode>,
): FieldProblem | null {
  switch (node.kind) {
    case Kind.STRING: {
      const reason = unstorableReason(node.value);
      return reason === null ? null : { field: fieldPath(path), message: reason };
    }
    case Kind.VARIABLE: {
      const value = variables?.[node.name.value];
      if (value === undefined) {
        const fallback = defaults.get(node.name.value);
        return fallback ? inValue(fallback, path, variables, defaults) : null;
      }
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      return findUnstorable(value, below(path, isObject));
    }
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = inValue(item, [...path, index], variables, defaults);
        if (found !== null) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const inner = [...below(path, true), field.name.value];
        const found = inValue(field.value, inner, variables, defaults);
        if (found !== null) return found;
      }
      return null;
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.BOOLEAN:
    case Kind.ENUM:
    case Kind.NULL:
      return null;
  }
}

/** The same refusal as a GraphQL error, before any resolver (and any SQL) runs. */
export function unstorableTextError(problem: FieldProblem): GraphQLError {
  const error = new InputError([problem]);
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { http: { status: errorResponse(error).status } },
  });
}

/**
 * Every string a GraphQL operation brings (arguments, input fields, variables, defaults) must
 * be text PostgreSQL can store: NUL or a lone surrogate is BAD_USER_INPUT naming the field.
 */
export function storableTextPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const problem = unstorableArgument(document, request.variables);
          if (problem !== null) throw unstorableTextError(problem);
        },
      };
    },
  };
}

/**
 * The REST routes' counterpart: a path segment or query value (decoded) that PostgreSQL cannot
 * store is BAD_USER_INPUT, before any route reads it. Undecodable escapes are left to the
 * router, which refuses them.
 */
export function storableUrlText(req: Request, _res: Response, next: NextFunction): void {
  const segments = req.path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return '';
    }
  });
  const problem =
    findUnstorable(segments.join('/'), ['path']) ?? findUnstorable(req.query, ['query']);
  next(problem === null ? undefined : new InputError([problem]));
}
