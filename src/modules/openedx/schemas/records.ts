import type { Schema } from 'avsc';

/**
 * Avro records shared by several Open edX events, written from the attrs classes of
 * openedx-events 11.2 (`learning/data.py`) by the rules of its `event_bus/avro/schema.py`:
 * fields in declaration order, int → long, float → double, bool → boolean, datetime and
 * opaque keys → string, an attribute whose default is None → ["null", T] with default null.
 */

export const DOC = 'Avro Event Format for CloudEvents created with openedx_events/schema';

export type RecordSchema = {
  name: string;
  type: 'record';
  doc?: string;
  namespace?: string;
  fields: { name: string; type: Schema; default?: null }[];
};

/** A field whose attrs default is None. */
export const optional = (name: string, type: Schema) => ({
  name,
  type: ['null', type] as Schema,
  default: null,
});

/** `UserData(UserNonPersonalData)`: id, is_active, pii. */
export const USER_DATA: RecordSchema = {
  name: 'UserData',
  type: 'record',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'is_active', type: 'boolean' },
    {
      name: 'pii',
      type: {
        name: 'UserPersonalData',
        type: 'record',
        fields: [
          { name: 'username', type: 'string' },
          { name: 'email', type: 'string' },
          { name: 'name', type: 'string' },
        ],
      },
    },
  ],
};

/** `CourseData`: course_key, display_name, start?, end?. */
export const COURSE_DATA: RecordSchema = {
  name: 'CourseData',
  type: 'record',
  fields: [
    { name: 'course_key', type: 'string' },
    { name: 'display_name', type: 'string' },
    optional('start', 'string'),
    optional('end', 'string'),
  ],
};

/** The envelope every event schema has: record `CloudEvent`, namespace = event type. */
export function cloudEvent(eventType: string, fields: RecordSchema['fields']): RecordSchema {
  return { name: 'CloudEvent', type: 'record', doc: DOC, fields, namespace: eventType };
}
