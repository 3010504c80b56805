export { parseColor, type Rgb } from './color';
export {
  builtinDesign,
  PAGE_SIZES,
  tierName,
  TIER_ACCENTS,
  type BuiltinDesign,
  type LayoutText,
} from './builtin-layout';
export { designFor, type RenderAchievement } from './design-input';
export { TemplateError, UnrenderableTextError } from './errors';
export { builtinFace, preloadBuiltinFonts, scriptOf, type FontScript } from './fonts';
export { loadShaper } from './shaper';
export {
  fillPlaceholders,
  PLACEHOLDER_NAMES,
  type PlaceholderName,
  type PlaceholderValues,
} from './placeholders';
export {
  DEFAULT_PAGE_SIZE,
  formatIssueDate,
  NO_ISSUER,
  renderCredential,
  renderCredentialPdf,
  type CredentialLayout,
  type PlacedElement,
  type RenderCredentialInput,
  type RenderedCredential,
  type RenderIssuer,
  type RenderSignatory,
} from './render';
export {
  BUILTIN_FONTS,
  isBuiltinFont,
  pageProblems,
  parseTemplate,
  templateAssetSlugs,
  type BuiltinFontName,
  type CredentialTemplate,
  type CustomTextElement,
  type QrElement,
  type TemplateDefaults,
  type TemplateElements,
  type TextElement,
} from './template';
