import { type Schema, Type } from 'avsc';
import { EVENT_SCHEMAS, EVENT_TYPES, type EventType } from '../../src/modules/openedx';
import { avroOf, upstreamSchema } from '../support/openedx-bus';

/**
 * The Avro schemas written in Laurel from the openedx-events data classes are the ones
 * openedx-events keeps in its tests (openedx_events/event_bus/avro/tests/schemas, v11.2.0):
 * equal field by field, and in Parsing Canonical Form. A message encoded by the upstream
 * schema decodes with ours to the same record.
 */
const eventTypes = Object.values(EVENT_TYPES);

describe.each(eventTypes)('%s', (eventType: EventType) => {
  const ours = EVENT_SCHEMAS[eventType];
  const upstream = upstreamSchema(eventType);
  // xblock.published: the class gained `version` after its test schema was stored; the
  // stored form is kept as our second (older producers') schema.
  const same = eventType === EVENT_TYPES.xblockPublished ? ours[1] : ours[0];

  it('is the upstream schema, field by field', () => {
    expect(JSON.parse(JSON.stringify(same))).toEqual(upstream);
  });

  it('has the upstream Parsing Canonical Form and fingerprint', () => {
    const a = Type.forSchema(same as Schema);
    const b = Type.forSchema(upstream);
    expect(a.equals(b)).toBe(true);
    expect(a.fingerprint('sha256').toString('hex')).toBe(b.fingerprint('sha256').toString('hex'));
  });
});

it('covers every event type consumed, each with a stored upstream schema', () => {
  expect(eventTypes).toHaveLength(12);
  for (const type of eventTypes) expect(() => upstreamSchema(type)).not.toThrow();
});

it('xblock.published of openedx-events 11.x (with version) reads as the stored schema plus version', () => {
  const [current, stored] = EVENT_SCHEMAS[EVENT_TYPES.xblockPublished];
  expect(current.fields[0].type).toMatchObject({
    fields: [
      { name: 'usage_key', type: 'string' },
      { name: 'block_type', type: 'string' },
      { name: 'version', type: ['null', 'string'], default: null },
    ],
  });
  const withVersion = Type.forSchema(current as Schema);
  const record = {
    xblock_info: {
      usage_key: 'block-v1:O+N+R+type@problem+block@p1',
      block_type: 'problem',
      version: 'v',
    },
  };
  const bytes = withVersion.toBuffer(record);
  const storedType = Type.forSchema(stored as Schema);
  expect(storedType.fromBuffer(bytes, storedType.createResolver(withVersion))).toMatchObject({
    xblock_info: { usage_key: record.xblock_info.usage_key, block_type: 'problem' },
  });
});

it('decodes what the upstream schema encodes to the same record', () => {
  const record = {
    enrollment: {
      user: {
        id: 1001,
        is_active: true,
        pii: { username: 'ada', email: 'ada@example.org', name: 'Ada' },
      },
      course: {
        course_key: 'course-v1:O+N+R',
        display_name: 'N',
        start: null,
        end: '2027-01-01T00:00:00+00:00',
      },
      mode: 'verified',
      is_active: true,
      creation_date: '2026-01-01T00:00:00+00:00',
      created_by: null,
    },
  };
  const bytes = avroOf(EVENT_TYPES.enrollmentCreated, record);
  const decoded: unknown = Type.forSchema(
    EVENT_SCHEMAS[EVENT_TYPES.enrollmentCreated][0] as Schema,
  ).fromBuffer(bytes);
  expect(JSON.parse(JSON.stringify(decoded))).toEqual(record);
});
