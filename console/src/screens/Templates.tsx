import type { Change } from '../events';
import { Alert, Button, Form } from '@openedx/paragon';
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { authorization } from '../auth';
import { CertificatePreview } from '../components/CertificatePreview';
import { ApiError, Loading } from '../components/Feedback';
import { Problem } from '../components/RequirementEditor';
import { problemsByField } from '../errors';
import { ConsoleConfigurationByIdDocument, ConsoleUpdateConfigurationDocument } from '../generated';
import { useT } from '../i18n';
import { Link, segment } from '../router';
import { useSession } from '../session';

/**
 * A configuration's look: upload a template PDF (certificates) or a badge image (badges) as an
 * asset, and edit the template JSON that places the elements on it.
 */
export function Templates({ id }: { id: string }) {
  const t = useT();
  const { session } = useSession();
  const [{ data, fetching, error }, refresh] = useQuery({
    query: ConsoleConfigurationByIdDocument,
    variables: { id },
  });
  const [updated, update] = useMutation(ConsoleUpdateConfigurationDocument);
  const [file, setFile] = useState<File | null>(null);
  const [slug, setSlug] = useState('');
  const [uploadMessage, setUploadMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [templateText, setTemplateText] = useState<string | null>(null);
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const configuration = data?.credentialConfiguration;
  if (!configuration) return <ApiError error={undefined} />;
  const badge = configuration.kind === 'BADGE';
  const template = templateText ?? JSON.stringify(configuration.template ?? null, null, 2);
  const problems = problemsByField(updated.error);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !slug.trim()) return;
    const header = authorization(session);
    const response = await fetch(`/assets/${encodeURIComponent(slug.trim())}`, {
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
      setUploadMessage({
        ok: false,
        text: body.error?.message ?? body.message ?? response.statusText,
      });
      return;
    }
    const result = badge
      ? await update({ id, input: { badgeTemplateAssetId: slug.trim() } })
      : await update({
          id,
          input: {
            template: { ...((configuration.template as object | null) ?? {}), asset: slug.trim() },
          },
        });
    if (!result.error) {
      setUploadMessage({ ok: true, text: t('template.uploaded', { slug: slug.trim() }) });
      setTemplateText(null);
      refresh({ requestPolicy: 'network-only' });
    }
  };
  const saveTemplate = async (event: FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(template);
    } catch (problem) {
      setJsonProblem((problem as Error).message);
      return;
    }
    setJsonProblem(null);
    const result = await update({ id, input: { template: parsed } });
    if (!result.error) {
      setTemplateText(null);
      refresh({ requestPolicy: 'network-only' });
    }
  };
  const context = configuration.course ?? configuration.learningPath;
  return (
    <>
      <p className="breadcrumb-line">
        <Link to="/">{t('nav.courses')}</Link> /{' '}
        {context ? (
          <Link to={`/${configuration.course ? 'courses' : 'paths'}/${segment(context.id)}`}>
            {context.title}
          </Link>
        ) : null}{' '}
        / <Link to={`/configurations/${segment(id)}`}>{configuration.name}</Link> /
      </p>
      <h1>{t('template.title', { name: configuration.name })}</h1>
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
        {uploadMessage ? (
          <Alert variant={uploadMessage.ok ? 'success' : 'danger'}>{uploadMessage.text}</Alert>
        ) : null}
        <p className="small">
          {badge
            ? t('template.currentBadge', {
                slug: configuration.badgeTemplateAssetId ?? t('template.default'),
              })
            : t('template.currentPdf', {
                slug: ((configuration.template as { asset?: string } | null)?.asset ??
                  t('template.default')) as string,
              })}
        </p>
      </section>
      {badge ? null : (
        <section aria-labelledby="layout-heading">
          <h2 id="layout-heading">{t('template.layout')}</h2>
          <p className="small text-muted">{t('template.layoutHelp')}</p>
          <Form onSubmit={saveTemplate}>
            <Form.Group controlId="template-json" isInvalid={!!jsonProblem || !!problems.template}>
              <Form.Label>{t('template.json')}</Form.Label>
              <Form.Control
                as="textarea"
                rows={14}
                className="text-monospace"
                spellCheck={false}
                value={template}
                onChange={(e: Change) => setTemplateText(e.target.value)}
              />
              <Problem text={jsonProblem ?? problems.template ?? problems['template.asset']} />
            </Form.Group>
            <ApiError error={problems.template ? undefined : updated.error} />
            <Button type="submit">{t('template.save')}</Button>
          </Form>
        </section>
      )}
      <CertificatePreview configurationId={id} locale={configuration.locale} />
    </>
  );
}
