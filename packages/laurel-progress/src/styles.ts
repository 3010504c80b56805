/**
 * Shadow DOM styles. Colours and fonts come from Paragon's CSS variables when the page
 * defines them (an Open edX MFE does), with Paragon's default values otherwise; each can
 * be overridden with the widget's own `--laurel-*` properties.
 */
export const STYLES = `
:host {
  --_primary: var(--laurel-color-primary, var(--pgn-color-primary-base, #0a3055));
  --_success: var(--laurel-color-success, var(--pgn-color-success-base, #178253));
  --_danger: var(--laurel-color-danger, var(--pgn-color-danger-base, #c32d3a));
  --_text: var(--laurel-color-text, var(--pgn-color-gray-700, #454545));
  --_muted: var(--laurel-color-muted, var(--pgn-color-gray-500, #707070));
  --_track: var(--laurel-color-track, var(--pgn-color-light-400, #e1dddb));
  --_surface: var(--laurel-color-surface, var(--pgn-color-white, #ffffff));
  --_border: var(--laurel-color-border, var(--pgn-color-light-700, #d7d3d1));
  --_radius: var(--laurel-radius, var(--pgn-size-border-radius-base, 0.375rem));
  display: block;
  color: var(--_text);
  font-family: var(--laurel-font-family, var(--pgn-typography-font-family-base, "Inter", "Helvetica Neue", Arial, sans-serif));
  font-size: var(--laurel-font-size, 1rem);
  line-height: 1.5;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
h2 { font-size: 1.25em; margin: 0 0 0.75em; color: var(--_text); }
h3 { font-size: 1.05em; margin: 0; }
.card { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius);
  padding: 1em; margin-bottom: 1em; }
.head { display: flex; gap: 0.5em; align-items: baseline; flex-wrap: wrap; margin-bottom: 0.5em; }
.badge { font-size: 0.8em; border-radius: 999px; padding: 0.1em 0.6em; border: 1px solid currentColor; }
.status { margin-inline-start: auto; font-weight: 600; font-size: 0.9em; }
.earned .status { color: var(--_success); }
.bad .status { color: var(--_danger); }
.bar { height: 0.5em; background: var(--_track); border-radius: 999px; overflow: hidden; }
.fill { height: 100%; width: 0; background: var(--_primary); border-radius: 999px; transition: width 0.4s ease; }
.met .fill, .earned .overall .fill { background: var(--_success); }
ul { list-style: none; margin: 0.75em 0 0; padding: 0; }
li { margin: 0.6em 0; }
.label { display: flex; justify-content: space-between; gap: 1em; font-size: 0.9em; margin-bottom: 0.2em; }
.reason { font-size: 0.85em; color: var(--_muted); margin: 0.2em 0 0; }
.links { margin-top: 0.75em; display: flex; gap: 1em; flex-wrap: wrap; }
a { color: var(--_primary); font-weight: 600; }
a:focus-visible { outline: 2px solid var(--_primary); outline-offset: 2px; }
.note { color: var(--_muted); }
@media (prefers-reduced-motion: reduce) { .fill { transition: none; } }
`;
