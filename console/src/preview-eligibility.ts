import { gql, type TypedDocumentNode } from '@urql/core';
import type { CredentialConfigurationInput } from './generated';

/*
 * previewEligibility (issue 15's contract) lands with the widget branch; until schema.graphql
 * has it, codegen cannot type it, so its document and types are written here by hand. A server
 * without it answers GRAPHQL_VALIDATION_FAILED and the what-if says it is not available.
 */
export interface ConsolePreviewEligibilityQuery {
  previewEligibility: {
    enrolledLearners: number;
    qualifyingNow: number;
    withinTenPercent: number;
    sample: { learnerId: string; qualifies: boolean; progress: number }[];
  };
}

export const ConsolePreviewEligibilityDocument: TypedDocumentNode<
  ConsolePreviewEligibilityQuery,
  { input: CredentialConfigurationInput }
> = gql`
  query ConsolePreviewEligibility($input: CredentialConfigurationInput!) {
    previewEligibility(input: $input) {
      enrolledLearners
      qualifyingNow
      withinTenPercent
      sample(size: 10) {
        learnerId
        qualifies
        progress
      }
    }
  }
`;
