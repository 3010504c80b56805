import type { EntityManager } from '@mikro-orm/postgresql';
import { requireViewer, type Viewer } from '../../shared/access';
import { notFound } from '../../shared/errors';
import {
  CREDENTIAL_EVENT_TYPES,
  CREDENTIAL_EVENTS,
  type CredentialEventPayload,
  type CredentialEventType,
  type EventBus,
} from '../../shared/events';
import { isUuid } from '../../shared/keys';
import { LiveFeed, type LiveFeedOptions } from '../../shared/live-feed';
import {
  type LiveFilter,
  readableEvents,
  scopedEventKeys,
  scopedWatch,
} from '../../shared/live-scope';
import { pathEnrollmentCheck } from '../progress';
import { CredentialConfiguration } from './credential-configuration.entity';

function parseCredentialEvent(payload: unknown): CredentialEventPayload | null {
  const event = payload as Partial<CredentialEventPayload> | null;
  const optionalText = (value: unknown) => value === null || typeof value === 'string';
  if (
    typeof event !== 'object' ||
    event === null ||
    !CREDENTIAL_EVENT_TYPES.includes(event.type as CredentialEventType) ||
    typeof event.credentialId !== 'string' ||
    typeof event.learnerId !== 'string' ||
    typeof event.configurationId !== 'string' ||
    !optionalText(event.courseId ?? null) ||
    !optionalText(event.learningPathId ?? null) ||
    typeof event.at !== 'string'
  ) {
    return null;
  }
  return event as CredentialEventPayload;
}

/** The issuer pipeline's events (ISSUED, FAILED, INVALIDATED, REVOKED) as a live feed. */
export function credentialEventFeed(
  bus: EventBus,
  options: Pick<LiveFeedOptions<CredentialEventPayload>, 'maxQueued' | 'overflow' | 'onInvalid'>,
): LiveFeed<CredentialEventPayload> {
  return new LiveFeed<CredentialEventPayload>(bus, CREDENTIAL_EVENTS, {
    ...options,
    parse: parseCredentialEvent,
    keysOf: scopedEventKeys,
  });
}

/** `credentialEvents`: the events of the filter that the viewer may see. */
export class CredentialEventsService {
  constructor(
    private readonly em: EntityManager,
    private readonly feed: LiveFeed<CredentialEventPayload>,
  ) {}

  async watch(
    viewer: Viewer | null,
    filter: Omit<LiveFilter, 'learnerId'>,
  ): Promise<AsyncIterableIterator<CredentialEventPayload>> {
    const known = requireViewer(viewer);
    let context = {
      courseId: filter.courseId || null,
      learningPathId: filter.learningPathId || null,
    };
    if (filter.configurationId) {
      const configuration = isUuid(filter.configurationId)
        ? await this.em.findOne(CredentialConfiguration, { id: filter.configurationId })
        : null;
      if (!configuration) throw notFound('Credential configuration', filter.configurationId);
      context = {
        courseId: configuration.course?.id ?? null,
        learningPathId: configuration.learningPath?.id ?? null,
      };
    }
    const events = this.feed.watch(scopedWatch(known, filter, context));
    return readableEvents(known, events, pathEnrollmentCheck(this.em));
  }
}
