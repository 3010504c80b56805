import type { EntityManager } from '@mikro-orm/postgresql';
import { activeLearnersOf, configurationRules, evaluateConfiguration } from '../eligibility';
import { InputError } from '../../shared/errors';
import type { CredentialConfigurationInput } from './configuration.inputs';
import type { ConfigurationService } from './configuration.service';
import { EligibilityPreview, type EligibilityPreviewLearner } from './eligibility-preview.type';

/** A learner this close to full progress (in progress units) counts as within ten percent. */
export const WITHIN_TEN_PERCENT = 0.1;
/** The most learners `sample` returns. */
export const MAX_PREVIEW_SAMPLE = 50;

const byRank = (a: EligibilityPreviewLearner, b: EligibilityPreviewLearner): number =>
  Number(b.qualifies) - Number(a.qualifies) ||
  b.progress - a.progress ||
  (a.learnerId < b.learnerId ? -1 : a.learnerId > b.learnerId ? 1 : 0);

/**
 * How many learners a configuration would qualify now, before it is saved: the input is
 * validated as createCredentialConfiguration validates it, then the bulk evaluator runs over
 * the context's actively enrolled learners in one read-only transaction.
 */
export class EligibilityPreviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly configurations: ConfigurationService,
    private readonly maxLearners: number,
  ) {}

  preview(input: CredentialConfigurationInput): Promise<EligibilityPreview> {
    return this.em.transactional(
      async (em) => {
        const config = await this.configurations.draft(em, input);
        const rules = configurationRules(config);
        const learnerIds = await activeLearnersOf(em, rules, this.maxLearners + 1);
        if (learnerIds.length > this.maxLearners) {
          throw InputError.of(
            config.course ? 'courseId' : 'learningPathId',
            `more than ${this.maxLearners} learners are enrolled: too many to preview (PREVIEW_MAX_LEARNERS)`,
          );
        }
        const evaluations = await evaluateConfiguration(em, rules, learnerIds);
        return previewOf(
          evaluations.map(({ learnerId, evaluation }) => ({
            learnerId,
            qualifies: evaluation.eligible,
            progress: evaluation.progress,
          })),
        );
      },
      { readOnly: true },
    );
  }
}

function previewOf(learners: EligibilityPreviewLearner[]): EligibilityPreview {
  const preview = new EligibilityPreview();
  preview.enrolledLearners = learners.length;
  preview.qualifyingNow = learners.filter((learner) => learner.qualifies).length;
  preview.withinTenPercent = learners.filter(
    (learner) => !learner.qualifies && learner.progress >= 1 - WITHIN_TEN_PERCENT,
  ).length;
  preview.ranked = learners.sort(byRank);
  return preview;
}
