import {
  ContentBlock,
  Course,
  GradedItem,
  LearningPathStep,
  LearningPath,
} from '../modules/catalog';
import { CredentialConfiguration, Credential } from '../modules/credentials';
import { LearnerEligibility } from '../modules/eligibility';
import { Asset } from '../modules/issuance';
import {
  ConnectorFailure,
  ConnectorMessage,
  ConnectorStream,
  LmsCourseGrade,
} from '../modules/openedx';
import { BlockCompletion, Enrollment, ItemScore, Learner } from '../modules/progress';
import { RateLimitWindow } from '../shared/rate-limit/rate-limit-window.entity';

export const entities = [
  Course,
  ContentBlock,
  GradedItem,
  LearningPath,
  LearningPathStep,
  Learner,
  Enrollment,
  BlockCompletion,
  ItemScore,
  CredentialConfiguration,
  Credential,
  LearnerEligibility,
  Asset,
  RateLimitWindow,
  ConnectorMessage,
  ConnectorFailure,
  ConnectorStream,
  LmsCourseGrade,
];
