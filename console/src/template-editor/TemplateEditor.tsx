import { type FormEvent, useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { ApiError, Loading } from '../components/Feedback';
import { PreviewForm } from '../components/PreviewForm';
import { ConsoleTemplatePreviewDocument } from '../generated';
import { useT } from '../i18n';
import { PagePicker } from './PagePicker';
import { TemplateCanvas } from './TemplateCanvas';
import {
  type Align,
  anchorOf,
  asAlign,
  leftEdgeOf,
  movedBy,
  type PlacedElement,
  type Point,
} from './placement';

/** Pixels of the rendered page: sharp on a wide screen, scaled down on a phone. */
const IMAGE_WIDTH = 1200;

/** The x, y and alignment a template gives element `name` (`custom.N` included), where it does. */
function ownPosition(template: unknown, name: string): Partial<Point> & { align: Align } {
  const elements = (template as { elements?: Record<string, unknown> } | null)?.elements;
  const custom = /^custom\.(\d+)$/.exec(name);
  const own = custom
    ? (elements?.custom as unknown[] | undefined)?.[Number(custom[1])]
    : elements?.[name];
  const { x, y, align } = (typeof own === 'object' && own !== null ? own : {}) as Record<
    string,
    unknown
  >;
  return {
    x: typeof x === 'number' ? x : undefined,
    y: typeof y === 'number' ? y : undefined,
    align: asAlign(align),
  };
}

/**
 * Drag-to-position: the certificate rendered for a chosen name and locale, a handle over each
 * element, and each move written into the template (`onMove`, only that element's position).
 * The page re-renders when `revision` changes (after a save).
 */
export function TemplateEditor({
  configurationId,
  locale,
  template,
  revision,
  onMove,
}: {
  configurationId: string;
  locale: string;
  /** The template as edited (unsaved moves included); undefined while its JSON is not valid. */
  template: unknown;
  revision: number;
  onMove: (name: string, to: Point, align: Align) => void;
}) {
  const t = useT();
  const [name, setName] = useState('Ada Lovelace');
  const [chosenLocale, setChosenLocale] = useState(locale);
  const [shown, setShown] = useState({ name, locale });
  const [pageNumber, setPageNumber] = useState(1);
  const [{ data, fetching, error }, render] = useQuery({
    query: ConsoleTemplatePreviewDocument,
    variables: {
      configurationId,
      learnerName: shown.name,
      locale: shown.locale,
      width: IMAGE_WIDTH,
      page: pageNumber,
    },
  });
  useEffect(() => {
    if (revision > 0) render({ requestPolicy: 'network-only' });
    // Only a new revision asks again; `render` changes with every answer.
  }, [revision]);

  const preview = data?.previewCertificate;
  const pages = preview?.pages ?? [];
  const page = pages.find((candidate) => candidate.number === pageNumber);
  useEffect(() => {
    // A new template may have fewer pages than the one shown.
    if (pages.length > 0 && !page) setPageNumber(1);
  }, [pages.length, page]);
  const show = (event: FormEvent) => {
    event.preventDefault();
    setShown({ name: name.trim(), locale: chosenLocale });
  };
  // Where the template puts an element now (its left edge): its own x/y (a moved one's),
  // else as drawn.
  const positionOf = (element: PlacedElement): Point => {
    const own = ownPosition(template, element.name);
    return {
      x: own.x === undefined ? element.x : leftEdgeOf(own.x, own.align, element.width),
      y: own.y ?? element.y,
    };
  };
  // A move keeps the element anchored as it is: a centred name stays centred on its new x.
  const move = (element: PlacedElement, delta: Point) => {
    if (!page) return;
    const own = ownPosition(template, element.name);
    const align = own.x === undefined ? asAlign(element.align) : own.align;
    const left = movedBy(positionOf(element), delta, page);
    onMove(element.name, { x: anchorOf(left.x, align, element.width), y: left.y }, align);
  };

  return (
    <div className="template-editor mb-4">
      <PreviewForm
        name={name}
        onName={setName}
        locale={chosenLocale}
        onLocale={setChosenLocale}
        onSubmit={show}
      />
      <p id="template-handle-help" className="small text-muted">
        {t('template.editorHelp')}
      </p>
      <ApiError error={error} />
      {fetching ? <Loading /> : null}
      {pages.length > 1 ? (
        <PagePicker pages={pages.length} current={pageNumber} onPick={setPageNumber} />
      ) : null}
      {preview && page ? (
        <TemplateCanvas
          image={`data:image/png;base64,${preview.pngBase64}`}
          alt={t('template.previewAlt', { name: shown.name })}
          page={page}
          elements={preview.elements.filter((element) => element.page === page.number)}
          positionOf={positionOf}
          onMove={move}
        />
      ) : null}
    </div>
  );
}
