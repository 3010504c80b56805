/** One Redis stream entry as read, its field values still bytes. */
export interface StreamEntry {
  stream: string;
  entryId: string;
  fields: ReadonlyMap<string, Buffer>;
}

/** The CloudEvent headers event-bus-redis writes beside `event_data` (its `utils.py`). */
export interface Envelope {
  type: string;
  id: string;
  time: Date;
  source: string | null;
  sourcelib: string | null;
}

/** Why a message is parked rather than applied; the text is shown to admins. */
export class ParkError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ParkError';
  }
}

/** The entry's fields from XREADGROUP's flat [name, value, name, value, …] list. */
export function entryFields(flat: readonly Buffer[]): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i].toString('utf8'), flat[i + 1]);
  return fields;
}

const MAX_HEADER_LENGTH = 500;

function header(entry: StreamEntry, name: string): string | null {
  const value = entry.fields.get(name);
  if (value === undefined || value.length === 0) return null;
  const text = value.toString('utf8');
  if (text.length > MAX_HEADER_LENGTH || text.includes('\uFFFD') || text.includes('\u0000')) {
    throw new ParkError(`entry field "${name}" is not a short UTF-8 text`);
  }
  return text;
}

/** Reads and checks the headers; a message without a usable type, id or time is parked. */
export function readEnvelope(entry: StreamEntry): Envelope {
  const type = header(entry, 'type');
  if (type === null) throw new ParkError('entry has no "type" field');
  const id = header(entry, 'id');
  if (id === null || !/^[\w-]{1,100}$/.test(id)) throw new ParkError('entry has no usable "id"');
  const rawTime = header(entry, 'time');
  const time = rawTime === null ? NaN : Date.parse(rawTime);
  if (!Number.isFinite(time)) throw new ParkError('entry has no ISO 8601 "time"');
  return {
    type,
    id,
    time: new Date(time),
    source: header(entry, 'source'),
    sourcelib: header(entry, 'sourcelib'),
  };
}

/** The text fields of an entry for the dead-letter table (event_data is kept as bytes). */
export function textFields(entry: StreamEntry): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of entry.fields) {
    if (name === 'event_data') continue;
    // NUL cannot be stored in jsonb; invalid UTF-8 reads as U+FFFD.
    fields[name.replace(/\u0000/g, '')] = value.toString('utf8').replace(/\u0000/g, '');
  }
  return fields;
}
