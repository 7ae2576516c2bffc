/**
 * One NotebookLinter per open notebook: sends the live model (unsaved edits included) to the
 * server, debounced, and publishes the findings to the editor store, the output markers and the
 * findings panel.
 */
import { ICellModel } from '@jupyterlab/cells';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { IFinding, ILintRequest, LintError, requestLint } from './api';
import { IConfig } from './config';
import { IFixTexts } from './positions';
import { cellPayload } from './request';
import { FindingStore } from './store';

/** A finding with the id and current index of its cell (null for notebook-level findings). */
export interface IPlacedFinding extends IFinding {
  cellId: string | null;
}

/** A cell's findings from the last answer and the source they were computed from. */
interface IFresh {
  findings: IFinding[];
  source: string;
}

export type LintState = 'idle' | 'ok' | 'off' | 'failed';

/** Tells about a failed request once, not on every keystroke; forgets when a request succeeds. */
export interface IFailureNotice {
  failed(error: LintError): void;
  recovered(): void;
}

export class NotebookLinter implements IDisposable {
  constructor(
    readonly panel: NotebookPanel,
    private readonly _store: FindingStore,
    private readonly _config: () => IConfig,
    private readonly _notice: IFailureNotice
  ) {
    // Lint as soon as the file's content is in the model (`ready` does not wait for the kernel).
    panel.context.ready.then(() => {
      if (!this.isDisposed) {
        this._follow();
      }
    });
    panel.content.modelChanged.connect(this._follow, this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get findings(): IPlacedFinding[] {
    return this._findings;
  }

  get state(): LintState {
    return this._state;
  }

  /** The settings now. */
  get config(): IConfig {
    return this._config();
  }

  get lastError(): string {
    return this._lastError;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    window.clearTimeout(this._timer);
    Signal.clearData(this);
  }

  /** The cell of the notebook with this id (null: none, or no id). */
  cellModel(id: string | null | undefined): ICellModel | null {
    const model = this.panel.content.model;
    if (!model || !id) {
      return null;
    }
    for (const cell of model.cells) {
      if (cell.id === id) {
        return cell;
      }
    }
    return null;
  }

  /** The sources a fix is checked against: as linted and as they are now, by cell id. */
  fixTexts(): IFixTexts {
    return {
      linted: id => {
        const cell = this.cellModel(id);
        return cell ? this._store.sourceOf(cell.sharedModel) : null;
      },
      current: id => this.cellModel(id)?.sharedModel.getSource() ?? null
    };
  }

  /** Lint after `delay` ms (the configured debounce by default); a newer call replaces it. */
  schedule(delay?: number): void {
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => void this.run(), delay ?? this._config().debounce);
  }

  async run(): Promise<void> {
    const model = this.panel.content.model;
    if (this.isDisposed || !model) {
      return;
    }
    const config = this._config();
    if (!this.panel.context.isReady) {
      return; // the file is not loaded yet (the model holds a placeholder cell)
    }
    const seq = ++this._seq;
    if (!config.enabled) {
      this._publish(new Map(), [], 'off');
      return;
    }
    const sent = new Map<string, string>();
    const cells: Record<string, unknown>[] = [];
    for (const cell of model.cells) {
      const json = cell.sharedModel.toJSON() as Record<string, unknown>;
      sent.set(cell.id, cell.sharedModel.getSource());
      cells.push(cellPayload(json, cell.id));
    }
    const body: ILintRequest = {
      notebook: {
        cells,
        // Only what tells the language: widget state and the like can be megabytes.
        metadata: {
          kernelspec: model.sharedModel.getMetadata('kernelspec'),
          language_info: model.sharedModel.getMetadata('language_info')
        },
        nbformat: 4,
        nbformat_minor: 5
      },
      ignore: config.ignore,
      min_severity: config.severity
    };
    try {
      const response = await requestLint(body);
      if (seq !== this._seq || this.isDisposed) {
        return;
      }
      this._notice.recovered();
      const byCell = new Map<ICellModel, IFresh>();
      for (const cell of model.cells) {
        // A cell edited while the request ran keeps its marks until the next answer.
        const source = sent.get(cell.id);
        if (source !== undefined && source === cell.sharedModel.getSource()) {
          byCell.set(cell, { findings: response.cells[cell.id] ?? [], source });
        }
      }
      this._publish(byCell, response.notebook, 'ok');
    } catch (error) {
      if (seq !== this._seq || this.isDisposed) {
        return;
      }
      const failure = error instanceof LintError ? error : new LintError(String(error), null);
      this._lastError = failure.message;
      this._notice.failed(failure);
      this._state = 'failed';
      this._changed.emit();
    }
  }

  /** Listen to the edits of the notebook's current model, and lint it soon. */
  private _follow(): void {
    const model = this.panel.content.model;
    if (model !== this._model) {
      this._model?.contentChanged.disconnect(this._onContentChanged, this);
      model?.contentChanged.connect(this._onContentChanged, this);
      this._model = model;
    }
    this.schedule(0);
  }

  private _onContentChanged(): void {
    // Until the first answer (the notebook is loading), lint as soon as the content settles.
    this.schedule(this._state === 'idle' ? 0 : undefined);
  }

  private _publish(byCell: Map<ICellModel, IFresh>, unplaced: IFinding[], state: LintState): void {
    const model = this.panel.content.model;
    if (!model) {
      return;
    }
    const placed: IPlacedFinding[] = unplaced.map(f => ({ ...f, cellId: null }));
    for (const cell of model.cells) {
      const fresh = byCell.get(cell);
      if (state === 'off') {
        this._store.set(cell.sharedModel, []);
      } else if (fresh) {
        // Set even when unchanged: each editor compares with the marks it holds (see editor.ts).
        this._store.set(cell.sharedModel, fresh.findings, fresh.source);
      }
      const findings = this._store.get(cell.sharedModel);
      placed.push(...findings.map(f => ({ ...f, cellId: cell.id })));
    }
    this._findings = placed;
    this._state = state;
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
  private _disposed = false;
  private _findings: IPlacedFinding[] = [];
  private _lastError = '';
  private _model: INotebookModel | null = null;
  private _seq = 0;
  private _state: LintState = 'idle';
  private _timer = 0;
}

/** A widget that shows the findings of the current notebook's linter (or of none). */
export abstract class LinterView extends Widget {
  get linter(): NotebookLinter | null {
    return this._linter;
  }

  /** Follow another notebook's linter (or none). */
  setLinter(linter: NotebookLinter | null): void {
    if (this._linter === linter) {
      return;
    }
    this._linter?.changed.disconnect(this.render, this);
    this._linter = linter;
    linter?.changed.connect(this.render, this);
    this.render();
  }

  abstract render(): void;

  private _linter: NotebookLinter | null = null;
}
