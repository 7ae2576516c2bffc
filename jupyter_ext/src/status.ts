/** The status-bar item: the finding count of the current notebook; a click opens the panel. */
import { Signal } from '@lumino/signaling';

import { worst } from './findings';
import { LinterView } from './linter';

export class FindingsStatus extends LinterView {
  constructor(onClick: () => void) {
    super();
    this.addClass('mlsafe-status');
    this.node.title = 'mlsafe findings in this notebook (click to list them)';
    this.node.addEventListener('click', onClick);
    this.render();
  }

  render(): void {
    const linter = this.linter;
    this.node.classList.remove(
      'mlsafe-severity-low',
      'mlsafe-severity-medium',
      'mlsafe-severity-high'
    );
    if (!linter) {
      this.node.textContent = '';
      return;
    }
    const count = linter.findings.length;
    if (linter.state === 'failed') {
      this.node.textContent = 'mlsafe: unavailable';
    } else if (linter.state === 'off') {
      this.node.textContent = 'mlsafe: off';
    } else {
      this.node.textContent = `mlsafe: ${count}`;
      if (count > 0) {
        this.node.classList.add(`mlsafe-severity-${worst(linter.findings)}`);
      }
    }
  }

  /** Emitted when the status bar must ask again whether to show this item. */
  readonly activeStateChanged = new Signal<this, void>(this);
}
