import { Alert } from '@openedx/paragon';
import { type FormEvent, useEffect, useState } from 'react';
import { authorization } from '../auth';
import { useT } from '../i18n';
import { useSession } from '../session';
import { PreviewForm } from './PreviewForm';

/**
 * The certificate as issuance would render it, for a chosen name and locale, from the
 * server's preview route (`/configurations/<id>/preview.png`, staff and admins) where it
 * exists; an image fetched with the session's credentials and shown from a blob URL.
 */
export function CertificatePreview({
  configurationId,
  locale,
}: {
  configurationId: string;
  locale: string;
}) {
  const t = useT();
  const { session } = useSession();
  const [name, setName] = useState('Ada Lovelace');
  const [chosenLocale, setChosenLocale] = useState(locale);
  const [image, setImage] = useState<{ url: string; name: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => (image ? URL.revokeObjectURL(image.url) : undefined), [image]);

  const preview = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const query = new URLSearchParams({ learnerName: name, locale: chosenLocale, width: '900' });
      const header = authorization(session);
      const response = await fetch(
        `/configurations/${encodeURIComponent(configurationId)}/preview.png?${query}`,
        { credentials: 'same-origin', headers: header ? { authorization: header } : {} },
      );
      // Laurel answers unknown addresses 404: a server without the preview route.
      if (response.status === 404) {
        setProblem(t('template.previewUnavailable'));
        return;
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as {
          error?: { message?: string };
          message?: string;
        };
        setProblem(body.error?.message ?? body.message ?? response.statusText);
        return;
      }
      setImage({ url: URL.createObjectURL(await response.blob()), name });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="preview-heading" className="mt-4">
      <h2 id="preview-heading">{t('template.preview')}</h2>
      <PreviewForm
        name={name}
        onName={setName}
        locale={chosenLocale}
        onLocale={setChosenLocale}
        onSubmit={preview}
        busy={busy}
      />
      {problem ? <Alert variant="info">{problem}</Alert> : null}
      {image ? (
        <img
          className="certificate-preview"
          src={image.url}
          alt={t('template.previewAlt', { name: image.name })}
        />
      ) : null}
    </section>
  );
}
