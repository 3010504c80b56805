import type { MessageId } from '../i18n';

const LABELS: Record<string, MessageId> = {
  name: 'template.element.name',
  context: 'template.element.context',
  configuration: 'template.element.configuration',
  date: 'template.element.date',
  verificationUrl: 'template.element.verificationUrl',
  qr: 'template.element.qr',
};

/** What a person calls a template element: "Learner name", "QR code", "Custom text 2". */
export function elementLabel(
  t: (id: MessageId, values?: Record<string, string | number>) => string,
  name: string,
): string {
  const custom = /^custom\.(\d+)$/.exec(name);
  if (custom) return t('template.element.custom', { number: Number(custom[1]) + 1 });
  const id = LABELS[name];
  return id ? t(id) : name;
}
