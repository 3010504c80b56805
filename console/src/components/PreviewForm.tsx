import type { Change } from '../events';
import { Button, Form } from '@openedx/paragon';
import type { FormEvent } from 'react';
import { CERTIFICATE_LOCALES, useT } from '../i18n';

/** One `<option>` per certificate locale, named in its own language. */
export function LocaleOptions() {
  return (
    <>
      {CERTIFICATE_LOCALES.map((code) => (
        <option key={code} value={code}>
          {new Intl.DisplayNames([code], { type: 'language' }).of(code)} ({code})
        </option>
      ))}
    </>
  );
}

/** The learner name and locale a certificate preview is rendered with. */
export function PreviewForm(props: {
  name: string;
  onName: (name: string) => void;
  locale: string;
  onLocale: (locale: string) => void;
  onSubmit: (event: FormEvent) => void;
  busy?: boolean;
}) {
  const t = useT();
  return (
    <Form onSubmit={props.onSubmit} className="form-grid">
      <Form.Group controlId="preview-name">
        <Form.Label>{t('template.previewName')}</Form.Label>
        <Form.Control value={props.name} onChange={(e: Change) => props.onName(e.target.value)} />
      </Form.Group>
      <Form.Group controlId="preview-locale">
        <Form.Label>{t('rule.locale')}</Form.Label>
        <Form.Control
          as="select"
          value={props.locale}
          onChange={(e: Change) => props.onLocale(e.target.value)}
        >
          <LocaleOptions />
        </Form.Control>
      </Form.Group>
      <Button
        type="submit"
        className="align-self-end mb-3"
        disabled={props.busy === true || !props.name.trim()}
      >
        {t('template.previewButton')}
      </Button>
    </Form>
  );
}
