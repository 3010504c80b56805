import type { Change } from './events';
import { Button, Container, Form } from '@openedx/paragon';
import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import {
  isAdmin,
  type Session,
  sessionClaims,
  storedSession,
  storeSession,
  subjectOf,
} from './auth';
import { createConsoleClient } from './client';
import {
  CONSOLE_LOCALES,
  type ConsoleLocale,
  I18n,
  initialLocale,
  storeLocale,
  useT,
} from './i18n';
import { Link, Router, match, useRouter } from './router';
import { SessionContext } from './session';
import { SignIn } from './screens/SignIn';
import { Courses } from './screens/Courses';
import { CourseDetail } from './screens/CourseDetail';
import { NewCourse } from './screens/NewCourse';
import { PathDetail } from './screens/PathDetail';
import { RuleBuilder } from './screens/RuleBuilder';
import { Dashboard } from './screens/Dashboard';
import { Learner } from './screens/Learner';
import { Templates } from './screens/Templates';

export function App() {
  const [locale, setLocale] = useState(initialLocale);
  const choose = (chosen: ConsoleLocale) => {
    storeLocale(chosen);
    setLocale(chosen);
  };
  return (
    <I18n locale={locale}>
      <Router>
        <Shell locale={locale} setLocale={choose} />
      </Router>
    </I18n>
  );
}

function Shell({
  locale,
  setLocale,
}: {
  locale: ConsoleLocale;
  setLocale(locale: ConsoleLocale): void;
}) {
  const t = useT();
  const [session, setSession] = useState<Session | null>(storedSession);
  const connection = useMemo(() => (session ? createConsoleClient(session) : null), [session]);
  useEffect(() => () => connection?.close(), [connection]);
  const claims = session ? sessionClaims(session) : null;
  const signOut = () => {
    storeSession(null);
    setSession(null);
  };
  useEffect(() => {
    document.title = t('app.title');
  });
  return (
    <>
      <a className="sr-only sr-only-focusable skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="console-header">
        <div className="console-header-inner">
          <Link to="/" className="console-brand">
            {t('app.title')}
          </Link>
          {session ? (
            <nav aria-label={t('nav.label')} className="console-nav">
              <Link to="/">{t('nav.courses')}</Link>
              <Link to="/learners">{t('nav.learners')}</Link>
            </nav>
          ) : null}
          <div className="console-user">
            <Form.Group controlId="console-locale" className="mb-0">
              <Form.Label className="sr-only">{t('app.language')}</Form.Label>
              <Form.Control
                as="select"
                size="sm"
                value={locale}
                onChange={(e: Change) =>
                  setLocale(CONSOLE_LOCALES.find((code) => code === e.target.value) ?? locale)
                }
              >
                {CONSOLE_LOCALES.map((code) => (
                  <option key={code} value={code}>
                    {new Intl.DisplayNames([code], { type: 'language' }).of(code)}
                  </option>
                ))}
              </Form.Control>
            </Form.Group>
            {session ? (
              <>
                <span className="console-subject" data-testid="signed-in-as">
                  {t('app.signedInAs', { subject: subjectOf(claims) ?? '?' })}
                  {isAdmin(claims) ? ` · ${t('app.admin')}` : ''}
                </span>
                <Button variant="outline-light" size="sm" onClick={signOut}>
                  {t('app.signOut')}
                </Button>
              </>
            ) : null}
          </div>
        </div>
      </header>
      <Container as="main" id="main" size="xl" className="py-4" tabIndex={-1}>
        {session && connection ? (
          <SessionContext.Provider value={{ session, claims, admin: isAdmin(claims) }}>
            <Provider value={connection.client}>
              <Screen />
            </Provider>
          </SessionContext.Provider>
        ) : (
          <SignIn
            onSignIn={(next) => {
              storeSession(next);
              setSession(next);
            }}
          />
        )}
      </Container>
    </>
  );
}

function Screen() {
  const { location } = useRouter();
  const path = location.path.replace(/\/+$/, '') || '/';
  let params: Record<string, string> | null;
  if (path === '/') return <Courses />;
  if (path === '/courses/new') return <NewCourse />;
  if ((params = match('/courses/:id', path))) return <CourseDetail id={params.id} />;
  if ((params = match('/paths/:id', path))) return <PathDetail id={params.id} />;
  if ((params = match('/configurations/new', path)))
    return (
      <RuleBuilder
        courseId={location.query.get('course')}
        learningPathId={location.query.get('path')}
      />
    );
  if ((params = match('/configurations/:id', path))) return <RuleBuilder id={params.id} />;
  if ((params = match('/configurations/:id/template', path))) return <Templates id={params.id} />;
  if ((params = match('/courses/:id/dashboard', path))) return <Dashboard courseId={params.id} />;
  if ((params = match('/paths/:id/dashboard', path)))
    return <Dashboard learningPathId={params.id} />;
  if (path === '/learners')
    return (
      <Learner
        learnerId={location.query.get('learner')}
        contextId={location.query.get('context')}
      />
    );
  return <NotFound />;
}

function NotFound() {
  const t = useT();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <Link to="/">{t('nav.courses')}</Link>
    </>
  );
}
