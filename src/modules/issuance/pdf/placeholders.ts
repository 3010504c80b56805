/** Values available to `{placeholder}` substitution in template texts. */
export type PlaceholderValues = Readonly<Record<string, string>>;

/** Names the credential renderer fills in. */
export const PLACEHOLDER_NAMES = [
  'name',
  'context',
  'configuration',
  'date',
  'verificationId',
  'verificationUrl',
  'organization',
  'expiresOn',
] as const;

export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

const TOKEN = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `{name}`-style placeholders with their values in one pass.
 * Unknown placeholders stay as they are, `{{` becomes `{` and `}}` becomes `}`
 * (so `{{name}} is {name}` gives `{name} is John`). Substituted values are never
 * scanned again.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(TOKEN, (token: string, name: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    if (name !== undefined && Object.prototype.hasOwnProperty.call(values, name)) {
      return values[name];
    }
    return token;
  });
}
