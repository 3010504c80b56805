import type { Change } from '../events';
import { Alert, Button, Card, Form } from '@openedx/paragon';
import { type FormEvent, useState } from 'react';
import { decodeClaims, openEdxCookie, type Session } from '../auth';
import { useT } from '../i18n';

/** A pasted token (this tab only), or the Open edX session when its JWT cookie is here. */
export function SignIn({ onSignIn }: { onSignIn(session: Session): void }) {
  const t = useT();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const cookie = openEdxCookie();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (!decodeClaims(trimmed)) {
      setProblem(t('signIn.notAToken'));
      return;
    }
    onSignIn({ kind: 'token', token: trimmed });
  };
  return (
    <div className="sign-in">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {cookie ? (
        <Card className="mb-4">
          <Card.Section>
            <p>{t('signIn.cookieFound')}</p>
            <Button onClick={() => onSignIn({ kind: 'cookie' })}>{t('signIn.useCookie')}</Button>
          </Card.Section>
        </Card>
      ) : null}
      <Card>
        <Card.Section>
          <Form onSubmit={submit} noValidate>
            <Form.Group controlId="sign-in-token" isInvalid={problem !== null}>
              <Form.Label>{t('signIn.tokenLabel')}</Form.Label>
              <Form.Control
                as="textarea"
                rows={4}
                value={token}
                autoComplete="off"
                spellCheck={false}
                onChange={(e: Change) => {
                  setToken(e.target.value);
                  setProblem(null);
                }}
              />
              {problem ? (
                <Form.Control.Feedback type="invalid">{problem}</Form.Control.Feedback>
              ) : (
                <Form.Text>{t('signIn.tokenHelp')}</Form.Text>
              )}
            </Form.Group>
            <Button type="submit">{t('signIn.submit')}</Button>
          </Form>
        </Card.Section>
      </Card>
      <Alert variant="info" className="mt-4">
        {t('signIn.rights')}
      </Alert>
    </div>
  );
}
