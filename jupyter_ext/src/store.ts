/**
 * Findings of every open cell, keyed by the cell's shared model (not by the editor), so an editor
 * created later (a cell scrolled into view under notebook windowing) gets its marks at once. Each
 * entry keeps the source the findings were computed from: positions are only valid for that text.
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { IFinding } from './types';

interface IEntry {
  findings: IFinding[];
  source: string | null;
}

export class FindingStore {
  /**
   * Emitted with the key on every `set`, even when the findings are equal to the old ones: the
   * editor may have dropped its marks meanwhile (text deleted then restored), so each editor
   * compares the findings with the marks it holds and updates only when they differ.
   */
  get changed(): ISignal<this, object> {
    return this._changed;
  }

  get(key: object): IFinding[] {
    return this._byCell.get(key)?.findings ?? [];
  }

  /** The source the cell's findings were computed from (null: not known, e.g. none yet). */
  sourceOf(key: object): string | null {
    return this._byCell.get(key)?.source ?? null;
  }

  /** Store the findings of one cell, computed from `source`, and tell the listeners. */
  set(key: object, findings: IFinding[], source: string | null = null): void {
    this._byCell.set(key, { findings, source });
    this._changed.emit(key);
  }

  private _byCell = new WeakMap<object, IEntry>();
  private _changed = new Signal<this, object>(this);
}
