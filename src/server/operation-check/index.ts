/**
 * Operation limits: one check (check.ts) that HTTP (apollo-plugin.ts) and graphql-ws
 * (../subscriptions.ts) both call before an operation runs.
 */
export { type OperationAnalysis, analyse, evaluate } from './analysis';
export { operationCheckPlugin } from './apollo-plugin';
export {
  callerKey,
  createOperationCheck,
  isServiceToken,
  isStaffOrAdmin,
  type OperationCheck,
  type OperationLimits,
  type OperationRequest,
} from './check';
export { DEFAULT_LIST_CAP, listCaps, listCoordinatesOf, namedListCoordinates } from './list-caps';
export { measureVariables } from './request-inputs';
export { costOf } from './cost';
export { MAX_DOCUMENT_TOKENS, MAX_NODES, type OperationShape, shapeOf } from './shape';
export { withoutSuggestion, withoutSuggestions } from './suggestions';
