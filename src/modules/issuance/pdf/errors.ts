/**
 * A template (or one of its values) is invalid. `field` is the path of the
 * offending value, e.g. `template.elements.name.color`, so the API boundary can
 * report it as a BAD_USER_INPUT error naming the field.
 */
export class TemplateError extends Error {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TemplateError';
  }
}
