import type { EntityManager } from '@mikro-orm/postgresql';
import { requireViewer, type Viewer } from '../../shared/access';
import type { EventBus } from '../../shared/events';
import { LiveFeed, type LiveFeedOptions } from '../../shared/live-feed';
import {
  type LiveFilter,
  readableEvents,
  type ScopedEvent,
  scopedEventKeys,
  scopedWatch,
} from '../../shared/live-scope';
import type { Logger } from '../../shared/logger';
import type { Evaluation } from '../eligibility';
import { pathEnrollmentCheck } from './path-enrollment';
import type { EligibilityChange, ProgressListener } from './reevaluate';

/** Topic of `progressChanged`: one event per (learner, configuration) a batch changed. */
export const PROGRESS_CHANGED = 'progress.changed';

export interface ProgressChangedEvent extends ScopedEvent {
  evaluation: Evaluation;
  /**
   * The database clock (µs since the epoch) inside the batch's transaction, after its
   * learners were locked: batches for one learner take turns on that lock, so this grows
   * in commit order across every process. Null when unknown (no ordering guard).
   */
  sequence: number | null;
  /** ISO 8601, when it was published. */
  at: string;
}

const SEQUENCE_SQL = `select (extract(epoch from clock_timestamp()) * 1000000)::bigint::text as sequence`;

/**
 * Publishes the changes of every committed batch on PROGRESS_CHANGED, in the order of the
 * batch, after the commit only. The sequence is read in the transaction (the ingest hands
 * the same change list to both hooks, which is what the WeakMap relies on).
 */
export function liveProgressListener(bus: EventBus, logger: Logger): ProgressListener {
  const sequences = new WeakMap<readonly EligibilityChange[], number>();
  return {
    async inTransaction(em: EntityManager, changes) {
      const [row] = await em.execute<{ sequence: string }[]>(SEQUENCE_SQL);
      sequences.set(changes, Number(row.sequence));
    },
    async afterCommit(changes) {
      const sequence = sequences.get(changes) ?? null;
      const at = new Date().toISOString();
      const results = await Promise.allSettled(
        changes.map((change) =>
          bus.publish(PROGRESS_CHANGED, {
            learnerId: change.learnerId,
            configurationId: change.configurationId,
            courseId: change.courseId,
            learningPathId: change.learningPathId,
            evaluation: change.evaluation,
            sequence,
            at,
          } satisfies ProgressChangedEvent),
        ),
      );
      const failed = results.filter((result) => result.status === 'rejected');
      if (failed.length > 0) {
        logger.error({ err: failed[0].reason, failed: failed.length }, 'progress events were lost');
      }
    },
  };
}

const text = (value: unknown): value is string => typeof value === 'string';
const textOrNull = (value: unknown): value is string | null => value === null || text(value);

function parseProgressChanged(payload: unknown): ProgressChangedEvent | null {
  const event = payload as Partial<ProgressChangedEvent> | null;
  if (
    typeof event !== 'object' ||
    event === null ||
    !text(event.learnerId) ||
    !text(event.configurationId) ||
    !textOrNull(event.courseId ?? null) ||
    !textOrNull(event.learningPathId ?? null) ||
    typeof event.evaluation !== 'object' ||
    event.evaluation === null ||
    !Array.isArray(event.evaluation.requirements)
  ) {
    return null;
  }
  return event as ProgressChangedEvent;
}

export function progressFeed(
  bus: EventBus,
  options: Pick<LiveFeedOptions<ProgressChangedEvent>, 'maxQueued' | 'overflow' | 'onInvalid'>,
): LiveFeed<ProgressChangedEvent> {
  return new LiveFeed<ProgressChangedEvent>(bus, PROGRESS_CHANGED, {
    ...options,
    parse: parseProgressChanged,
    keysOf: scopedEventKeys,
    order: {
      streamOf: (event) => `${event.learnerId}\u0000${event.configurationId}`,
      sequenceOf: (event) => (typeof event.sequence === 'number' ? event.sequence : null),
    },
  });
}

/** `progressChanged`: the progress events of the filter that the viewer may see. */
export class ProgressUpdatesService {
  constructor(
    private readonly em: EntityManager,
    private readonly feed: LiveFeed<ProgressChangedEvent>,
  ) {}

  watch(
    viewer: Viewer | null,
    filter: Omit<LiveFilter, 'configurationId'>,
  ): AsyncIterableIterator<ProgressChangedEvent> {
    const known = requireViewer(viewer);
    const watch = scopedWatch(known, filter, {
      courseId: filter.courseId || null,
      learningPathId: filter.learningPathId || null,
    });
    return readableEvents(known, this.feed.watch(watch), pathEnrollmentCheck(this.em));
  }
}
