import { LaurelProgressElement } from './laurel-progress.js';

export { LaurelProgressElement };
export { WIDGET_LOCALES } from './messages.js';

if (!customElements.get('laurel-progress')) {
  customElements.define('laurel-progress', LaurelProgressElement);
}
