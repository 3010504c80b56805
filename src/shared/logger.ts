import pino from 'pino';

export type Logger = pino.Logger;

/** A JWT (three base64url parts, the first a JSON header) anywhere in a string. */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|JWT)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const EMAIL = /([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/**
 * A statement as knex and MikroORM quote it in an error message, `<sql with values inlined> -
 * <reason>`: learner names, e-mails and ids would reach the log. Only the reason is kept.
 */
const SQL_KEYWORDS = 'select|insert|update|delete|with|merge|copy|truncate|create|alter|drop';
const QUOTED_STATEMENT = new RegExp(`(^|: )(?:${SQL_KEYWORDS})\\s[\\s\\S]* - `, 'i');
const QUOTED_STATEMENT_LINE = new RegExp(`(^|: )(?:${SQL_KEYWORDS})\\s[^\\n]* - `, 'gim');
const SQL_OMITTED = '$1[SQL omitted] - ';

/** Error fields of pg that quote row values (`Key (email)=(…) already exists`) or SQL. */
const ERROR_FIELDS_WITH_VALUES = ['detail', 'where', 'internalQuery', 'parameters', 'sql'];

/** Tokens become `[redacted]`; e-mail addresses keep their first letter and domain. */
function scrub(text: string): string {
  return text
    .replace(QUOTED_STATEMENT, SQL_OMITTED)
    .replace(BEARER, '$1 [redacted]')
    .replace(JWT, '[redacted]')
    .replace(EMAIL, '$1***@$2');
}

/** A serialized error without quoted SQL, in its message and its stack, nor row values. */
function withoutStatements(error: pino.SerializedError): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...error };
  for (const field of ERROR_FIELDS_WITH_VALUES) delete copy[field];
  const message = error.message.replace(QUOTED_STATEMENT, SQL_OMITTED);
  if (typeof error.stack === 'string') {
    copy.stack = error.stack
      .split(error.message)
      .join(message)
      .replace(QUOTED_STATEMENT_LINE, SQL_OMITTED);
  }
  copy.message = message;
  return copy;
}

function scrubDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  // Log formatters run before serializers: an error is serialized here to reach its message.
  if (value instanceof Error) {
    return scrubDeep(withoutStatements(pino.stdSerializers.err(value)), depth);
  }
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubDeep(item, depth + 1);
  return copy;
}

/**
 * JSON lines. Authorization headers and token fields are removed by path; then every string
 * (messages, error messages and stacks included) is scrubbed of tokens and full e-mail
 * addresses, wherever they came from (an error quoting a row, a header echoed in a message).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'laurel' },
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          'authorization',
          'token',
          '*.token',
          'email',
          '*.email',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (object) => scrubDeep(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
