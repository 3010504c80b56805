import type { Change } from '../events';
import { Form } from '@openedx/paragon';
import type { ConfigurationDraft } from '../draft';
import type { RenewalMode } from '../generated';
import { useT } from '../i18n';
import { Problem } from './RequirementEditor';

const RENEWAL_MODES: RenewalMode[] = ['NONE', 'REEARN', 'AUTOMATIC'];

/**
 * When a configuration's credentials are released, who stops receiving them, and what
 * happens when they expire: availableFrom, auditCutoffDate, validFor, renewal.
 */
export function LifecycleFields({
  draft,
  set,
  field,
}: {
  draft: ConfigurationDraft;
  set: (patch: Partial<ConfigurationDraft>) => void;
  field: (name: string) => string | undefined;
}) {
  const t = useT();
  return (
    <fieldset className="mb-3">
      <legend className="h5">{t('rule.lifecycle')}</legend>
      <div className="form-grid">
        <Form.Group controlId="rule-available-from" isInvalid={!!field('availableFrom')}>
          <Form.Label>{t('rule.availableFrom')}</Form.Label>
          <Form.Control
            type="datetime-local"
            value={draft.availableFrom}
            onChange={(e: Change) => set({ availableFrom: e.target.value })}
          />
          <Form.Text>{t('rule.availableFromHelp')}</Form.Text>
          <Problem text={field('availableFrom')} />
        </Form.Group>
        <Form.Group controlId="rule-audit-cutoff" isInvalid={!!field('auditCutoffDate')}>
          <Form.Label>{t('rule.auditCutoffDate')}</Form.Label>
          <Form.Control
            type="datetime-local"
            value={draft.auditCutoffDate}
            onChange={(e: Change) => set({ auditCutoffDate: e.target.value })}
          />
          <Form.Text>{t('rule.auditCutoffDateHelp')}</Form.Text>
          <Problem text={field('auditCutoffDate')} />
        </Form.Group>
        <Form.Group controlId="rule-valid-for" isInvalid={!!field('validFor')}>
          <Form.Label>{t('rule.validFor')}</Form.Label>
          <Form.Control
            value={draft.validFor}
            placeholder="P2Y"
            onChange={(e: Change) => set({ validFor: e.target.value })}
          />
          <Form.Text>{t('rule.validForHelp')}</Form.Text>
          <Problem text={field('validFor')} />
        </Form.Group>
        <Form.Group controlId="rule-renewal" isInvalid={!!field('renewal')}>
          <Form.Label>{t('rule.renewal')}</Form.Label>
          <Form.Control
            as="select"
            value={draft.renewal}
            onChange={(e: Change) => set({ renewal: e.target.value as RenewalMode })}
          >
            {RENEWAL_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`rule.renewal.${mode}`)}
              </option>
            ))}
          </Form.Control>
          <Problem text={field('renewal')} />
        </Form.Group>
        {draft.renewal === 'REEARN' ? (
          <Form.Group controlId="rule-renewal-window" isInvalid={!!field('renewalWindowStart')}>
            <Form.Label>{t('rule.renewalWindowStart')}</Form.Label>
            <Form.Control
              value={draft.renewalWindowStart}
              placeholder="P60D"
              onChange={(e: Change) => set({ renewalWindowStart: e.target.value })}
            />
            <Form.Text>{t('rule.renewalWindowStartHelp')}</Form.Text>
            <Problem text={field('renewalWindowStart')} />
          </Form.Group>
        ) : null}
      </div>
    </fieldset>
  );
}
