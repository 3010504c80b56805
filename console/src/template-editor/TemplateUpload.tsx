import { Alert, Button, Form } from '@openedx/paragon';
import { type FormEvent, useState } from 'react';
import { authorization } from '../auth';
import type { Change } from '../events';
import { useT } from '../i18n';
import { useSession } from '../session';

/**
 * Upload a template PDF (certificates) or badge image (badges) as an asset; `onUploaded` then
 * puts the slug on the configuration and says whether that worked.
 */
export function TemplateUpload({
  badge,
  current,
  onUploaded,
}: {
  badge: boolean;
  /** The slug in use; null: the built-in default. */
  current: string | null;
  onUploaded: (slug: string) => Promise<boolean>;
}) {
  const t = useT();
  const { session } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [slug, setSlug] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const name = slug.trim();
    if (!file || !name) return;
    const header = authorization(session);
    const response = await fetch(`/assets/${encodeURIComponent(name)}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: {
        'content-type': file.type || 'application/octet-stream',
        ...(header ? { authorization: header } : {}),
      },
      body: file,
    });
    const body = (await response.json().catch(() => ({}))) as {
      message?: string;
      error?: { message?: string };
    };
    if (!response.ok) {
      setMessage({ ok: false, text: body.error?.message ?? body.message ?? response.statusText });
      return;
    }
    if (await onUploaded(name))
      setMessage({ ok: true, text: t('template.uploaded', { slug: name }) });
  };

  return (
    <section aria-labelledby="upload-heading" className="mb-4">
      <h2 id="upload-heading">{t(badge ? 'template.uploadBadge' : 'template.uploadPdf')}</h2>
      <p className="small text-muted">{t('template.adminsOnly')}</p>
      <Form onSubmit={upload} className="form-grid">
        <Form.Group controlId="template-file">
          <Form.Label>{t('template.file')}</Form.Label>
          <Form.Control
            type="file"
            accept={badge ? 'image/svg+xml,image/png' : 'application/pdf'}
            onChange={(e: Change) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
        </Form.Group>
        <Form.Group controlId="template-slug">
          <Form.Label>{t('template.slug')}</Form.Label>
          <Form.Control
            value={slug}
            onChange={(e: Change) => setSlug(e.target.value)}
            placeholder="diploma-2026"
          />
        </Form.Group>
        <Button type="submit" className="align-self-end mb-3" disabled={!file || !slug.trim()}>
          {t('template.upload')}
        </Button>
      </Form>
      {message ? <Alert variant={message.ok ? 'success' : 'danger'}>{message.text}</Alert> : null}
      <p className="small">
        {t(badge ? 'template.currentBadge' : 'template.currentPdf', {
          slug: current ?? t('template.default'),
        })}
      </p>
    </section>
  );
}
