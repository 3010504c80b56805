import { Alert, Spinner } from '@openedx/paragon';
import type { CombinedError } from '@urql/core';
import { errorCode, errorText } from '../errors';
import { useT } from '../i18n';

export function Loading() {
  const t = useT();
  return (
    <div className="py-4" role="status">
      <Spinner animation="border" size="sm" screenReaderText={t('common.loading')} />
    </div>
  );
}

/** An API error as the API said it, with its code (rights are the API's, not the console's). */
export function ApiError({ error }: { error: CombinedError | undefined }) {
  const t = useT();
  if (!error) return null;
  const code = errorCode(error);
  return (
    <Alert variant="danger" className="my-3">
      {code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? (
        <strong>{t(code === 'FORBIDDEN' ? 'error.forbidden' : 'error.unauthenticated')} </strong>
      ) : null}
      {errorText(error)}
      {code ? <span className="text-muted small"> ({code})</span> : null}
    </Alert>
  );
}
