import type { EntityManager } from '@mikro-orm/postgresql';
/**
 * In-process publish/subscribe of domain events (credential issued, failed, …).
 * Payloads are plain JSON-serializable objects so that a Redis-backed bus can carry
 * them between processes with the same interface.
 */
export interface EventBus {
  publish(topic: string, payload: object): Promise<void>;
  /** Calls `handler` for every later publication on `topic`; returns the unsubscribe. */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
  /** Resolves when subscriptions made so far receive events (a remote bus confirms them). */
  ready?(): Promise<void>;
  close?(): Promise<void>;
}

/** Topic of credential lifecycle events (DESIGN §6 `credentialEvents`). */
export const CREDENTIAL_EVENTS = 'credential.events';

/** What happened to a credential (the `credentialEvents` subscription). */
export const CREDENTIAL_EVENT_TYPES = [
  'ISSUED',
  'FAILED',
  'INVALIDATED',
  'REVOKED',
  'EXPIRED',
] as const;

export type CredentialEventType = (typeof CREDENTIAL_EVENT_TYPES)[number];

/** The types as an enum-like object (the API registers it as the `CredentialEventType` enum). */
export const CredentialEventType = Object.fromEntries(
  CREDENTIAL_EVENT_TYPES.map((type) => [type, type]),
) as { readonly [T in CredentialEventType]: T };

export interface CredentialEventPayload {
  type: CredentialEventType;
  credentialId: string;
  learnerId: string;
  configurationId: string;
  courseId: string | null;
  learningPathId: string | null;
  /** ISO 8601. */
  at: string;
}

/**
 * The durable side of a credential event (its e-mail and webhook deliveries), written in the
 * transaction that makes the change: a crash after the commit loses none of it. The bus then
 * carries the event to live subscribers, which may miss it.
 */
export type CredentialEventOutbox = (
  tx: EntityManager,
  event: CredentialEventPayload,
) => Promise<void>;

/**
 * A bus that first hands what this process publishes to `tap` (events other processes publish
 * do not pass here), then publishes it. A failing tap is reported and the publication goes on.
 */
export function tapPublications(
  bus: EventBus,
  tap: (topic: string, payload: object) => Promise<void>,
  onTapError: (error: unknown) => void,
): EventBus {
  return {
    async publish(topic, payload) {
      try {
        await tap(topic, payload);
      } catch (error) {
        onTapError(error);
      }
      await bus.publish(topic, payload);
    },
    subscribe: (topic, handler) => bus.subscribe(topic, handler),
    ready: bus.ready && (() => bus.ready!()),
    close: bus.close && (() => bus.close!()),
  };
}

/** Delivers to subscribers of this process only; a throwing subscriber does not stop the others. */
export class MemoryEventBus implements EventBus {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly onHandlerError: (error: unknown) => void = () => undefined) {}

  async publish(topic: string, payload: object): Promise<void> {
    for (const handler of [...(this.handlers.get(topic) ?? [])]) {
      try {
        handler(payload);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }

  subscribe(topic: string, handler: (payload: unknown) => void): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }
}
