import { ContentBlock } from '../modules/catalog/content-block.entity';
import { Course } from '../modules/catalog/course.entity';
import { GradedItem } from '../modules/catalog/graded-item.entity';
import { LearningPathStep } from '../modules/catalog/learning-path-step.entity';
import { LearningPath } from '../modules/catalog/learning-path.entity';
import { CredentialConfiguration } from '../modules/credentials/credential-configuration.entity';
import { Credential } from '../modules/credentials/credential.entity';
import { LearnerEligibility } from '../modules/eligibility/learner-eligibility.entity';
import { Asset } from '../modules/issuance/asset.entity';
import { BlockCompletion } from '../modules/progress/block-completion.entity';
import { Enrollment } from '../modules/progress/enrollment.entity';
import { ItemScore } from '../modules/progress/item-score.entity';
import { Learner } from '../modules/progress/learner.entity';
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
];
