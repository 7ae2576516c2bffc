/**
 * mlsafe-jupyter: mlsafe's findings in JupyterLab 4 and Jupyter Notebook 7, live as you type.
 */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { EditorExtensionRegistry, IEditorExtensionRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';

import { LintError } from './api';
import { diagnosticsExtension } from './editor';
import { configFrom, DEFAULT_CONFIG, IConfig } from './config';
import { IFailureNotice, NotebookLinter } from './linter';
import { markOutputs } from './outputs';
import { FindingsPanel } from './panel';
import { FindingsStatus } from './status';
import { FindingStore } from './store';

const PLUGIN_ID = 'mlsafe-jupyter:plugin';

/** One notification while the server cannot lint; another only after it worked again. */
class FailureNotice implements IFailureNotice {
  failed(error: LintError): void {
    if (this._shown) {
      return;
    }
    this._shown = true;
    const why =
      error.status === null
        ? 'the Jupyter server cannot be reached'
        : error.status === 404
          ? 'the mlsafe server extension is not enabled (pip install mlsafe-jupyter, then restart Jupyter)'
          : `the server answered ${error.status}: ${error.message}`;
    this._id = Notification.warning(`mlsafe cannot lint this notebook: ${why}.`, {
      autoClose: false
    });
  }

  recovered(): void {
    if (this._shown && this._id) {
      Notification.dismiss(this._id);
    }
    this._shown = false;
    this._id = '';
  }

  private _id = '';
  private _shown = false;
}

function readConfig(settings: ISettingRegistry.ISettings | null): IConfig {
  return configFrom(settings ? (settings.composite as Partial<IConfig>) : null);
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'mlsafe findings in notebooks: inline diagnostics, a findings panel, live as you type.',
  autoStart: true,
  requires: [INotebookTracker, IEditorExtensionRegistry],
  optional: [ISettingRegistry, IStatusBar, ILabShell],
  activate: async (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    extensions: IEditorExtensionRegistry,
    settingRegistry: ISettingRegistry | null,
    statusBar: IStatusBar | null,
    labShell: ILabShell | null
  ): Promise<void> => {
    const store = new FindingStore();
    const notice = new FailureNotice();
    const linters = new WeakMap<NotebookPanel, NotebookLinter>();
    const open = new Set<NotebookLinter>();
    let config: IConfig = { ...DEFAULT_CONFIG };

    extensions.addExtension({
      name: 'mlsafe-jupyter:diagnostics',
      factory: options => {
        const shared = options.model?.sharedModel as object | undefined;
        // Cell editors only (a cell's shared model has a cell type; a file's has not).
        if (!shared || !('cell_type' in shared)) {
          return null;
        }
        return EditorExtensionRegistry.createImmutableExtension(
          diagnosticsExtension(store, shared)
        );
      }
    });

    // The notebook the user looks at: the tracker's current one, else the one the shell shows
    // (after a reload the tracker may have none until a notebook gets focus).
    const currentNotebook = (): NotebookPanel | null => {
      const shown = app.shell.currentWidget;
      return tracker.currentWidget ?? (shown instanceof NotebookPanel ? shown : null);
    };
    const panel = new FindingsPanel();
    app.shell.add(panel, 'right', { rank: 950 });
    const status = new FindingsStatus(() => app.shell.activateById(panel.id));
    if (statusBar) {
      statusBar.registerStatusItem('mlsafe-jupyter:status', {
        item: status,
        align: 'left',
        rank: 10,
        isActive: () => currentNotebook() !== null,
        activeStateChanged: status.activeStateChanged
      });
    } else {
      // Jupyter Notebook 7 has no status bar: the count goes to the top bar of the page.
      status.addClass('mlsafe-status-top');
      app.shell.add(status, 'top', { rank: 1000 });
    }

    const follow = (): void => {
      const current = currentNotebook();
      const linter = current ? (linters.get(current) ?? null) : null;
      panel.setLinter(linter);
      status.setLinter(linter);
    };

    const attach = (notebook: NotebookPanel): void => {
      if (linters.has(notebook)) {
        return;
      }
      const linter = new NotebookLinter(notebook, store, () => config, notice);
      linters.set(notebook, linter);
      open.add(linter);
      linter.changed.connect(() => markOutputs(linter));
      notebook.disposed.connect(() => {
        open.delete(linter);
        linter.dispose();
        follow();
      });
      follow();
    };
    tracker.forEach(attach);
    tracker.widgetAdded.connect((_, notebook) => attach(notebook));
    const onCurrentChanged = (): void => {
      follow();
      status.activeStateChanged.emit();
    };
    tracker.currentChanged.connect(onCurrentChanged);
    labShell?.currentChanged.connect(onCurrentChanged);

    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(PLUGIN_ID);
        // Lint again only when the settings differ from what was used (a new request would
        // discard the answer to the one running).
        const update = (): void => {
          const next = readConfig(settings);
          if (JSON.stringify(next) !== JSON.stringify(config)) {
            config = next;
            open.forEach(linter => linter.schedule(0));
          }
        };
        settings.changed.connect(update);
        update();
      } catch (error) {
        console.warn('mlsafe-jupyter: settings could not be loaded; using the defaults', error);
      }
    }
  }
};

export default plugin;
