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
import { OrganizationProfileRow } from '../modules/issuers';
import { EmailNotification, WebhookDelivery, WebhookEndpoint } from '../modules/notifications';
import { OpenBadgeKey, StatusList, StatusListEntry } from '../modules/openbadges';
import { CourseAccessRole } from '../modules/openedx';
import { OpenedxImport } from '../modules/openedx';
import {
  ConnectorFailure,
  ConnectorMessage,
  ConnectorStream,
  LmsCourseGrade,
} from '../modules/openedx';
import {
  BlockCompletion,
  DiscussionPost,
  Enrollment,
  ItemScore,
  Learner,
} from '../modules/progress';
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
  DiscussionPost,
  CredentialConfiguration,
  Credential,
  LearnerEligibility,
  Asset,
  RateLimitWindow,
  CourseAccessRole,
  OpenedxImport,
  ConnectorMessage,
  ConnectorFailure,
  ConnectorStream,
  LmsCourseGrade,
  OrganizationProfileRow,
  OpenBadgeKey,
  StatusList,
  StatusListEntry,
  EmailNotification,
  WebhookEndpoint,
  WebhookDelivery,
];
