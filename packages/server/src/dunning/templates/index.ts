// Dunning content (C5, C16): templates in Liquid, rendered per debtor into subject, text, HTML
// and SMS; the standard templates shipped in `packages/server/dunning-templates/`.
export * from './context';
export { DUNNING_LABELS, type DunningLabels } from './labels';
export {
  formatDateForLocale,
  formatIban,
  formatMoneyForLocale,
  TemplateValueError,
  type DateStyle,
} from './format';
export type { Inline, Line, MessageBlock, TableRow, TableRole } from './markdown-light';
export {
  compileTemplate,
  DunningTemplateError,
  formatTemplateIssue,
  parseTemplateFile,
  validateTemplate,
  type DunningTemplate,
  type TemplateFileResult,
  type TemplateIssue,
  type TemplatePart,
} from './template';
export {
  catalogFromTemplates,
  loadDunningTemplates,
  resolveTemplate,
  standardTemplates,
  STANDARD_TEMPLATE_IDS,
  STANDARD_TEMPLATES_DIR,
  type DunningTemplateCatalog,
  type ResolvedTemplate,
} from './catalog';
export {
  completeContext,
  renderDunningMessage,
  type RenderedDunningMessage,
  type RenderOptions,
} from './render';
export { previewTemplate, sampleDunningContext, type SampleOptions, type TemplatePreview } from './preview';
