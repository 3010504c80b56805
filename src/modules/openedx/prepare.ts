import { type Envelope, ParkError, readEnvelope, type StreamEntry } from './bus-message';
import { cleanText } from './clean';
import { decodeEventData } from './decode';
import type { Plan } from './facts';
import { mapEvent } from './map-event';

export type Step = Plan | { kind: 'park'; reason: string };

/** One message read, decoded and mapped: what it asks for, or why it is parked. */
export interface Prepared {
  entry: StreamEntry;
  envelope: Envelope | null;
  step: Step;
}

export const park = (reason: string): Step => ({ kind: 'park', reason: cleanText(reason, 1000) });

/** Pure: headers, Avro, mapping. Nothing a message holds can throw out of here. */
export function prepare(entry: StreamEntry): Prepared {
  let envelope: Envelope | null = null;
  try {
    envelope = readEnvelope(entry);
    const data = decodeEventData(envelope.type, entry.fields.get('event_data'));
    return { entry, envelope, step: mapEvent(envelope, data) };
  } catch (error) {
    const reason =
      error instanceof ParkError
        ? error.message
        : `unusable message (${error instanceof Error ? error.message : String(error)})`;
    return { entry, envelope, step: park(reason) };
  }
}
