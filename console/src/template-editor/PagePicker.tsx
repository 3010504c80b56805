import { Button } from '@openedx/paragon';
import { useT } from '../i18n';

/** Which page of a multi-page certificate the editor shows: one toggle button per page. */
export function PagePicker({
  pages,
  current,
  onPick,
}: {
  pages: number;
  current: number;
  onPick: (page: number) => void;
}) {
  const t = useT();
  return (
    <div role="group" aria-label={t('template.pages')} className="d-flex flex-wrap mb-2">
      {Array.from({ length: pages }, (_, index) => index + 1).map((number) => (
        <Button
          key={number}
          size="sm"
          className="mr-2 mb-2"
          variant={number === current ? 'primary' : 'outline-primary'}
          aria-pressed={number === current}
          aria-label={t('template.page', { number, count: pages })}
          onClick={() => onPick(number)}
        >
          {number}
        </Button>
      ))}
    </div>
  );
}
