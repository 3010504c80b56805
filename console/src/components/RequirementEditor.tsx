import type { Change } from '../events';
import { Button, Form } from '@openedx/paragon';
import {
  GROUP_KINDS,
  MAX_DEPTH,
  newRequirement,
  REQUIREMENT_KINDS,
  type RequirementDraft,
  THRESHOLD_KINDS,
} from '../draft';
import type { RequirementKind } from '../generated';
import { type MessageId, useT } from '../i18n';

interface ListProps {
  /** Field path of the list in the API's problems: `requirements`, `stepOverrides[0].requirements`. */
  path: string;
  items: RequirementDraft[];
  onChange(items: RequirementDraft[]): void;
  assignmentTypes: readonly string[];
  problems: Record<string, string>;
  depth?: number;
  /** Accessible name of the list ("Requirements", "Members of group 1"). */
  label: string;
}

/** An editable list of requirements; groups (ALL_OF / ANY_OF) hold lists of their own. */
export function RequirementList(props: ListProps) {
  const t = useT();
  const { path, items, onChange, problems, depth = 1, label } = props;
  const replace = (index: number, next: RequirementDraft | null) =>
    onChange(
      next === null
        ? items.filter((_, i) => i !== index)
        : items.map((item, i) => (i === index ? next : item)),
    );
  return (
    <div role="group" aria-label={label} className={depth > 1 ? 'requirement-group' : undefined}>
      {problems[path] ? (
        <p className="text-danger small" role="alert">
          {problems[path]}
        </p>
      ) : null}
      {items.map((item, index) => (
        <RequirementRow
          key={item.key}
          {...props}
          path={`${path}[${index}]`}
          number={index + 1}
          item={item}
          depth={depth}
          onChange={(next) => replace(index, next)}
          onRemove={() => replace(index, null)}
        />
      ))}
      <Button
        variant="outline-primary"
        size="sm"
        onClick={() => onChange([...items, newRequirement('COMPLETION')])}
      >
        {depth > 1 ? t('rule.addMember') : t('rule.addRequirement')}
      </Button>
    </div>
  );
}

export const KIND_LABEL: Record<RequirementKind, MessageId> = {
  COMPLETION: 'kind.COMPLETION',
  GRADE: 'kind.GRADE',
  ASSIGNMENT_GRADE: 'kind.ASSIGNMENT_GRADE',
  ENROLLMENT_TRACK: 'kind.ENROLLMENT_TRACK',
  DISCUSSION: 'kind.DISCUSSION',
  ALL_OF: 'kind.ALL_OF',
  ANY_OF: 'kind.ANY_OF',
};

function RequirementRow({
  path,
  number,
  item,
  depth,
  onChange,
  onRemove,
  assignmentTypes,
  problems,
}: Omit<ListProps, 'items' | 'onChange' | 'label'> & {
  number: number;
  item: RequirementDraft;
  depth: number;
  onChange(next: RequirementDraft): void;
  onRemove(): void;
}) {
  const t = useT();
  const id = `req-${item.key}`;
  const set = (patch: Partial<RequirementDraft>) => onChange({ ...item, ...patch });
  const setKind = (kind: RequirementKind) => {
    const fresh = newRequirement(kind);
    onChange({
      ...fresh,
      key: item.key,
      minPercent: THRESHOLD_KINDS.includes(kind) ? item.minPercent || fresh.minPercent : '',
      requirements: GROUP_KINDS.includes(kind)
        ? item.requirements.length > 0
          ? item.requirements
          : fresh.requirements
        : [],
    });
  };
  const field = (name: string) => problems[`${path}.${name}`];
  const kinds =
    depth >= MAX_DEPTH
      ? REQUIREMENT_KINDS.filter((k) => !GROUP_KINDS.includes(k))
      : REQUIREMENT_KINDS;
  const rowProblem = problems[path];
  return (
    <fieldset className="requirement" data-testid="requirement">
      <legend className="requirement-legend">{t('rule.requirementN', { number })}</legend>
      {rowProblem ? <p className="text-danger small">{rowProblem}</p> : null}
      <div className="requirement-fields">
        <Form.Group controlId={`${id}-kind`} isInvalid={!!field('kind')}>
          <Form.Label>{t('rule.kind')}</Form.Label>
          <Form.Control
            as="select"
            value={item.kind}
            onChange={(e: Change) => setKind(e.target.value as RequirementKind)}
          >
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(KIND_LABEL[kind])}
              </option>
            ))}
          </Form.Control>
          <Problem text={field('kind')} />
        </Form.Group>
        {THRESHOLD_KINDS.includes(item.kind) ? (
          <Form.Group controlId={`${id}-min`} isInvalid={!!field('min')}>
            <Form.Label>{t('rule.minPercent')}</Form.Label>
            <Form.Control
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="any"
              value={item.minPercent}
              onChange={(e: Change) => set({ minPercent: e.target.value })}
            />
            <Problem text={field('min')} />
          </Form.Group>
        ) : null}
        {item.kind === 'ASSIGNMENT_GRADE' ? (
          <Form.Group controlId={`${id}-type`} isInvalid={!!field('assignmentType')}>
            <Form.Label>{t('rule.assignmentType')}</Form.Label>
            <Form.Control
              as="select"
              value={item.assignmentType}
              onChange={(e: Change) => set({ assignmentType: e.target.value })}
            >
              <option value="">{t('rule.choose')}</option>
              {assignmentTypes.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </Form.Control>
            <Problem text={field('assignmentType')} />
          </Form.Group>
        ) : null}
        {item.kind === 'COMPLETION' ? (
          <Form.Checkbox
            id={`${id}-optional`}
            className="align-self-end mb-3"
            checked={item.includeOptional}
            onChange={(e: Change) => set({ includeOptional: e.target.checked })}
          >
            {t('rule.includeOptional')}
          </Form.Checkbox>
        ) : null}
        {item.kind === 'ENROLLMENT_TRACK' ? (
          <Form.Group controlId={`${id}-modes`} isInvalid={!!field('modes')}>
            <Form.Label>{t('rule.modes')}</Form.Label>
            <Form.Control
              value={item.modes}
              placeholder="verified, professional"
              onChange={(e: Change) => set({ modes: e.target.value })}
            />
            <Problem text={field('modes')} />
          </Form.Group>
        ) : null}
        {item.kind === 'DISCUSSION'
          ? (['minPosts', 'minDistinctDays', 'minResponsesReceived'] as const).map((name) => (
              <Form.Group key={name} controlId={`${id}-${name}`} isInvalid={!!field(name)}>
                <Form.Label>{t(`rule.${name}`)}</Form.Label>
                <Form.Control
                  type="number"
                  min={0}
                  step={1}
                  value={item[name]}
                  onChange={(e: Change) => set({ [name]: e.target.value })}
                />
                <Problem text={field(name)} />
              </Form.Group>
            ))
          : null}
        <Button
          variant="link"
          size="sm"
          className="align-self-end mb-3 text-danger"
          onClick={onRemove}
        >
          {t('rule.remove')}
          <span className="sr-only"> {t('rule.requirementN', { number })}</span>
        </Button>
      </div>
      {GROUP_KINDS.includes(item.kind) ? (
        <RequirementList
          path={`${path}.requirements`}
          items={item.requirements}
          onChange={(requirements) => set({ requirements })}
          assignmentTypes={assignmentTypes}
          problems={problems}
          depth={depth + 1}
          label={t(item.kind === 'ALL_OF' ? 'rule.allOfMembers' : 'rule.anyOfMembers')}
        />
      ) : null}
    </fieldset>
  );
}

export function Problem({ text }: { text: string | undefined }) {
  return text ? <Form.Control.Feedback type="invalid">{text}</Form.Control.Feedback> : null;
}
