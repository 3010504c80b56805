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

/** `"ᚠ" (U+16A0), "…" (U+…)`: characters as a reader can find them in the text. */
export function describeCharacters(characters: readonly string[]): string {
  return characters
    .map((char) => {
      const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      return `"${char}" (U+${hex})`;
    })
    .join(', ');
}

/** Shaping found characters that no font (the element's nor any built-in) has a glyph for. */
export class MissingGlyphError extends Error {
  constructor(readonly characters: readonly string[]) {
    super(`no certificate font can show ${describeCharacters(characters)}`);
    this.name = 'MissingGlyphError';
  }
}

/**
 * A certificate text cannot be drawn without boxes, e.g. `The name contains characters no
 * certificate font can show: "ᚠ" (U+16A0)`. Retrying cannot help: the text must change.
 */
export class UnrenderableTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrenderableTextError';
  }

  static of(subject: string, characters: readonly string[]): UnrenderableTextError {
    return new UnrenderableTextError(
      `${subject} contains characters no certificate font can show: ${describeCharacters(characters)}`,
    );
  }
}
