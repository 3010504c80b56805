import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { useT } from '../i18n';
import { elementLabel } from './element-label';
import {
  anchorOf,
  asAlign,
  type PageSize,
  type PlacedElement,
  type Point,
  pixelsToPoints,
} from './placement';

const KEY_STEPS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: 1 },
  ArrowDown: { x: 0, y: -1 },
};

/**
 * A box over one drawn element: drag it with a pointer, or focus it and move it with the
 * arrow keys (1 pt, 10 with Shift). `onMove` gets the move in points once it ends. Sized and
 * placed in percentages of the page, so it scales with the image.
 */
export function ElementHandle({
  element,
  at,
  page,
  pointsPerPixel,
  onMove,
}: {
  element: PlacedElement;
  /** Where the element is now (moved and not yet re-rendered, or as drawn). */
  at: Point;
  page: PageSize;
  pointsPerPixel: () => number;
  onMove: (delta: Point) => void;
}) {
  const t = useT();
  const drag = useRef<{ pointer: number; startX: number; startY: number } | null>(null);
  const [offset, setOffset] = useState<Point>({ x: 0, y: 0 });

  const deltaOf = (event: PointerEvent) =>
    pixelsToPoints(
      event.clientX - drag.current!.startX,
      event.clientY - drag.current!.startY,
      pointsPerPixel(),
    );
  const down = (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.focus();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointer: event.pointerId, startX: event.clientX, startY: event.clientY };
  };
  const move = (event: PointerEvent) => {
    if (drag.current?.pointer === event.pointerId) setOffset(deltaOf(event));
  };
  const up = (event: PointerEvent) => {
    if (drag.current?.pointer !== event.pointerId) return;
    const delta = deltaOf(event);
    drag.current = null;
    setOffset({ x: 0, y: 0 });
    if (delta.x !== 0 || delta.y !== 0) onMove(delta);
  };
  const cancel = () => {
    drag.current = null;
    setOffset({ x: 0, y: 0 });
  };
  const key = (event: KeyboardEvent) => {
    const step = KEY_STEPS[event.key];
    if (!step) return;
    event.preventDefault();
    const by = event.shiftKey ? 10 : 1;
    onMove({ x: step.x * by, y: step.y * by });
  };

  const left = at.x + offset.x;
  const bottom = at.y + offset.y - element.descent;
  const label = elementLabel(t, element.name);
  return (
    <button
      type="button"
      className="template-handle"
      data-element={element.name}
      aria-label={t('template.handle', {
        element: label,
        // The x the template gives it: a centred element's centre.
        x: Math.round(anchorOf(at.x, asAlign(element.align), element.width)),
        y: Math.round(at.y),
      })}
      aria-describedby="template-handle-help"
      title={label}
      style={{
        left: `${(left / page.width) * 100}%`,
        top: `${((page.height - bottom - element.height) / page.height) * 100}%`,
        width: `${(element.width / page.width) * 100}%`,
        height: `${(element.height / page.height) * 100}%`,
      }}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={cancel}
      onKeyDown={key}
    />
  );
}
