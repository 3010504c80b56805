import { Button, Form } from '@openedx/paragon';
import type { CombinedError } from '@urql/core';
import type { FormEvent } from 'react';
import type { Change } from '../events';
import { ApiError } from '../components/Feedback';
import { Problem } from '../components/RequirementEditor';
import { problemsByField } from '../errors';
import { useT } from '../i18n';

/** The template as JSON, edited by hand (and by the handles), saved with "Save layout". */
export function TemplateJson({
  text,
  onChange,
  onSave,
  jsonProblem,
  saveError,
}: {
  text: string;
  onChange: (text: string) => void;
  onSave: () => void;
  jsonProblem: string | null;
  saveError: CombinedError | undefined;
}) {
  const t = useT();
  const problems = problemsByField(saveError);
  const save = (event: FormEvent) => {
    event.preventDefault();
    onSave();
  };
  return (
    <Form onSubmit={save}>
      <Form.Group controlId="template-json" isInvalid={!!jsonProblem || !!problems.template}>
        <Form.Label>{t('template.json')}</Form.Label>
        <Form.Control
          as="textarea"
          rows={14}
          className="text-monospace"
          spellCheck={false}
          value={text}
          onChange={(e: Change) => onChange(e.target.value)}
        />
        <Problem text={jsonProblem ?? problems.template ?? problems['template.asset']} />
      </Form.Group>
      <ApiError error={problems.template ? undefined : saveError} />
      <Button type="submit">{t('template.save')}</Button>
    </Form>
  );
}
