import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { CertificatePreview } from '../components/CertificatePreview';
import { ApiError, Loading } from '../components/Feedback';
import { ConsoleConfigurationByIdDocument, ConsoleUpdateConfigurationDocument } from '../generated';
import { useT } from '../i18n';
import { Link, segment } from '../router';
import { TemplateEditor } from '../template-editor/TemplateEditor';
import { TemplateJson } from '../template-editor/TemplateJson';
import { TemplateUpload } from '../template-editor/TemplateUpload';
import { type Align, type Point, withElementAt } from '../template-editor/placement';

function parsed(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (problem) {
    return { problem: (problem as Error).message };
  }
}

/**
 * A configuration's look: upload a template PDF (certificates) or a badge image (badges) as an
 * asset, place the elements by dragging them on the rendered page or in the template JSON.
 */
export function Templates({ id }: { id: string }) {
  const t = useT();
  const [{ data, fetching, error }, refresh] = useQuery({
    query: ConsoleConfigurationByIdDocument,
    variables: { id },
  });
  const [updated, update] = useMutation(ConsoleUpdateConfigurationDocument);
  const [templateText, setTemplateText] = useState<string | null>(null);
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  // Bumped by each save: the editor renders the page again.
  const [revision, setRevision] = useState(0);
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const configuration = data?.credentialConfiguration;
  if (!configuration) return <ApiError error={undefined} />;
  const badge = configuration.kind === 'BADGE';
  const template = templateText ?? JSON.stringify(configuration.template ?? null, null, 2);
  const edited = parsed(template);

  const saved = (result: { error?: unknown }) => {
    if (result.error) return false;
    setTemplateText(null);
    refresh({ requestPolicy: 'network-only' });
    setRevision((n) => n + 1);
    return true;
  };
  const adoptAsset = async (slug: string) =>
    saved(
      badge
        ? await update({ id, input: { badgeTemplateAssetId: slug } })
        : await update({
            id,
            input: {
              template: { ...((configuration.template as object | null) ?? {}), asset: slug },
            },
          }),
    );
  const saveTemplate = async () => {
    if ('problem' in edited) {
      setJsonProblem(edited.problem);
      return;
    }
    setJsonProblem(null);
    saved(await update({ id, input: { template: edited.value } }));
  };
  const moveElement = (name: string, to: Point, align: Align) => {
    if ('problem' in edited) {
      setJsonProblem(edited.problem);
      return;
    }
    setTemplateText(JSON.stringify(withElementAt(edited.value, name, to, align), null, 2));
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
      <TemplateUpload
        badge={badge}
        current={
          badge
            ? (configuration.badgeTemplateAssetId ?? null)
            : ((configuration.template as { asset?: string } | null)?.asset ?? null)
        }
        onUploaded={adoptAsset}
      />
      {badge ? (
        <CertificatePreview configurationId={id} locale={configuration.locale} />
      ) : (
        <section aria-labelledby="layout-heading">
          <h2 id="layout-heading">{t('template.layout')}</h2>
          <p className="small text-muted">{t('template.layoutHelp')}</p>
          <TemplateEditor
            configurationId={id}
            locale={configuration.locale}
            template={'value' in edited ? edited.value : undefined}
            revision={revision}
            onMove={moveElement}
          />
          <TemplateJson
            text={template}
            onChange={setTemplateText}
            onSave={() => void saveTemplate()}
            jsonProblem={jsonProblem}
            saveError={updated.error}
          />
        </section>
      )}
    </>
  );
}
