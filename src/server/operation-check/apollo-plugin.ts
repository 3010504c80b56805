import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { isStaffOrAdmin, type OperationCheck } from './check';
import { withoutSuggestions } from './suggestions';

/**
 * The operation check over HTTP, once the operation is resolved (before it runs); and
 * "Did you mean" hints removed from the answers of callers who may not introspect.
 */
export function operationCheckPlugin(check: OperationCheck): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          await check({
            transport: 'http',
            schema,
            document,
            operation,
            variables: request.variables,
            viewer: contextValue.viewer,
            authorization: request.http?.headers.get('authorization'),
            clientAddress: contextValue.clientAddress,
          });
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // No context: it failed to build (a bad token), so the caller is no one in particular.
          const viewer = (contextValue as Partial<Context> | undefined)?.viewer ?? null;
          if (result.errors && !isStaffOrAdmin(viewer)) {
            result.errors = withoutSuggestions(result.errors);
          }
        },
      };
    },
  };
}
