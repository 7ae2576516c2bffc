/**
 * Findings of every open cell, keyed by the cell's shared model (not by the editor), so an editor
 * created later (a cell scrolled into view under notebook windowing) gets its marks at once.
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { IFinding } from './types';

export class FindingStore {
  get changed(): ISignal<this, object> {
    return this._changed;
  }

  get(key: object): IFinding[] {
    return this._byCell.get(key) ?? [];
  }

  /** Store the findings of one cell; tells listeners only when something changed. */
  set(key: object, findings: IFinding[]): void {
    const old = this._byCell.get(key) ?? [];
    if (JSON.stringify(old) === JSON.stringify(findings)) {
      return;
    }
    this._byCell.set(key, findings);
    this._changed.emit(key);
  }

  private _byCell = new WeakMap<object, IFinding[]>();
  private _changed = new Signal<this, object>(this);
}
