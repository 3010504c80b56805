import { useRef } from 'react';
import { ElementHandle } from './ElementHandle';
import type { PageSize, PlacedElement, Point } from './placement';

/**
 * A page as rendered, with a handle over each of the elements drawn on it. The image fills the width
 * it is given and the handles are placed in percentages of it, so both scale together.
 */
export function TemplateCanvas({
  image,
  alt,
  page,
  elements,
  positionOf,
  onMove,
}: {
  /** The page as an image (a data or blob URL). */
  image: string;
  alt: string;
  page: PageSize;
  /** The elements drawn on this page. */
  elements: readonly PlacedElement[];
  positionOf: (element: PlacedElement) => Point;
  onMove: (element: PlacedElement, delta: Point) => void;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const pointsPerPixel = () => page.width / (frame.current?.getBoundingClientRect().width || 1);
  return (
    <div ref={frame} className="template-canvas" data-testid="template-canvas">
      <img className="certificate-preview" src={image} alt={alt} draggable={false} />
      {elements.map((element) => (
        <ElementHandle
          key={element.name}
          element={element}
          at={positionOf(element)}
          page={page}
          pointsPerPixel={pointsPerPixel}
          onMove={(delta) => onMove(element, delta)}
        />
      ))}
    </div>
  );
}
