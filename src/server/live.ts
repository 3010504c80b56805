import type { Config } from '../config';
import { credentialEventFeed } from '../modules/credentials';
import { onCourseAccessRoleChange, type StaffGrantsCache } from '../modules/openedx';
import { type ProgressChangedEvent, progressFeed } from '../modules/progress';
import { DomainError } from '../shared/errors';
import { type CredentialEventPayload, type EventBus, MemoryEventBus } from '../shared/events';
import type { LiveFeed } from '../shared/live-feed';
import type { Logger } from '../shared/logger';
import { RedisEventBus } from '../shared/redis-event-bus';

/** How long boot waits for Redis before it goes on without it (events flow once it is up). */
const REDIS_BOOT_WAIT_MS = 5000;

/** In-process events, or Redis (REDIS_URL) to share them with every other process. */
export async function openEventBus(config: Config, logger: Logger): Promise<EventBus> {
  if (!config.redis.url) {
    return new MemoryEventBus((err) => logger.error({ err }, 'an event subscriber failed'));
  }
  return new RedisEventBus({
    url: config.redis.url,
    channelPrefix: config.redis.channelPrefix,
    logger,
  });
}

/** Waits (a bounded time) until the bus delivers to the subscriptions made so far. */
export async function busReady(bus: EventBus, logger: Logger): Promise<void> {
  if (!bus.ready) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), REDIS_BOOT_WAIT_MS);
  });
  const ready = await Promise.race([bus.ready().then(() => true), late]);
  clearTimeout(timer);
  if (!ready) logger.warn('Redis is not reachable yet; live events will flow once it is');
}

/** The live feeds of one process: every subscription of every connection reads from these. */
export interface LiveFeeds {
  progress: LiveFeed<ProgressChangedEvent>;
  credentials: LiveFeed<CredentialEventPayload>;
  close(): void;
}

export function openLiveFeeds(bus: EventBus, config: Config, logger: Logger): LiveFeeds {
  const limits = {
    maxQueued: config.subscriptions.maxQueuedEvents,
    overflow: () =>
      new DomainError(
        'RATE_LIMITED',
        `The client fell more than ${config.subscriptions.maxQueuedEvents} events behind; subscribe again`,
      ),
    onInvalid: (payload: unknown) =>
      logger.warn({ payload }, 'an unreadable live event was dropped'),
  };
  const progress = progressFeed(bus, limits);
  const credentials = credentialEventFeed(bus, limits);
  return {
    progress,
    credentials,
    close: () => {
      progress.close();
      credentials.close();
    },
  };
}

/** Topic on which a process says that a user's Open edX roles changed (payload `{ userId }`). */
export const STAFF_GRANTS_CHANGED = 'openedx.staff-grants.changed';

/**
 * Keeps the staff grants of every process fresh: a role change stored here is told on the
 * bus, and a change told by any process (this one too) drops that user's cached grants.
 * Returns the unsubscribe.
 */
export function shareStaffGrantChanges(
  bus: EventBus,
  cache: StaffGrantsCache,
  logger: Logger,
): () => void {
  const stopLocal = onCourseAccessRoleChange((userId) => {
    cache.invalidate(userId);
    bus.publish(STAFF_GRANTS_CHANGED, { userId }).catch((err: unknown) => {
      logger.warn({ err }, 'a staff role change could not be told to the other processes');
    });
  });
  const stopRemote = bus.subscribe(STAFF_GRANTS_CHANGED, (payload) => {
    const userId = (payload as { userId?: unknown } | null)?.userId;
    if (typeof userId === 'string') cache.invalidate(userId);
    else logger.warn('an unreadable staff role change was dropped');
  });
  return () => {
    stopLocal();
    stopRemote();
  };
}
