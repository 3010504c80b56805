// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { BlockCompletion } from './block-completion.entity';
export { DiscussionPost } from './discussion-post.entity';
export { Enrollment } from './enrollment.entity';
export { ItemScore } from './item-score.entity';
export { Learner } from './learner.entity';
export { User } from './user.type';
export type {
  CompletionInput,
  DiscussionPostInput,
  EnrollmentInput,
  ProgressBatchInput,
  ScoreInput,
} from './progress.inputs';
export { DiscussionPostKind } from './progress.inputs';
export { CredentialProgress } from './credential-progress.type';
export { IngestService, type IngestResult } from './ingest.service';
export { MAX_CLOCK_SKEW_MS } from './ingest.validation';
export { LearnerResolver } from './learner.resolver';
export { LearnerService } from './learner.service';
export type { ImportedLearner } from './learner.service';
export { ProgressChangedResolver } from './progress-changed.resolver';
export {
  PROGRESS_CHANGED,
  ProgressUpdatesService,
  liveProgressListener,
  progressFeed,
} from './progress.live';
export type { ProgressChangedEvent } from './progress.live';
export { progressLoaders } from './progress.loaders';
export { ProgressResolver, StepProgressResolver } from './progress.resolver';
export type { ProgressListener } from './reevaluate';
export { UserResolver } from './user.resolver';
export { checkThrough, pathEnrollmentCheck } from './path-enrollment';
