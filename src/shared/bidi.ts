/** Explicit embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
export const EXPLICIT_BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The text without explicit directional controls: text from outside (a learner's name)
 * keeps its own letters' direction but cannot reorder what is shown around or inside it.
 */
export function withoutBidiControls(text: string): string {
  return text.replace(EXPLICIT_BIDI_CONTROLS, '');
}
