import { Type } from 'avsc';
import { ParkError } from './bus-message';
import { EVENT_SCHEMAS, type EventType, isEventType } from './schemas';

const types = new Map<EventType, Type[]>();

function typesOf(eventType: EventType): Type[] {
  let compiled = types.get(eventType);
  if (!compiled) {
    compiled = EVENT_SCHEMAS[eventType].map((schema) => Type.forSchema(schema));
    types.set(eventType, compiled);
  }
  return compiled;
}

/**
 * Decodes schemaless Avro `event_data` (fastavro's schemaless_writer: no header, no schema
 * id) with the schema of its type. The first schema that reads the bytes exactly wins:
 * trailing or missing bytes mean a different writer schema, or garbage.
 */
export function decodeEventData(type: string, bytes: Buffer | undefined): unknown {
  if (!isEventType(type)) throw new ParkError(`unknown event type "${type}"`);
  if (bytes === undefined) throw new ParkError('entry has no "event_data" field');
  let firstError: unknown = null;
  for (const avro of typesOf(type)) {
    try {
      return avro.fromBuffer(bytes);
    } catch (error) {
      firstError ??= error;
    }
  }
  const why = firstError instanceof Error ? firstError.message : 'unreadable';
  throw new ParkError(`event_data is not Avro of ${type} (${why})`);
}
