// mlsafe for VS Code: starts `python -m linter lsp` (the mlsafe language server) with the
// interpreter the Python extension selects, and talks to it with vscode-languageclient. Notebooks
// are synced cell by cell through LSP notebook sync; the server publishes diagnostics per cell.
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind
} from 'vscode-languageclient/node';

const SECTION = 'mlsafe';
let client: LanguageClient | undefined;

export interface Settings {
  severity: string;
  select: string[];
  ignore: string[];
  debounce: number;
}

export function readSettings(
  config: Pick<vscode.WorkspaceConfiguration, 'get'>
): Settings {
  return {
    severity: config.get<string>('severity', 'low'),
    select: config.get<string[]>('select', []),
    ignore: config.get<string[]>('ignore', []),
    debounce: config.get<number>('debounce', 50)
  };
}

async function interpreter(): Promise<string[] | undefined> {
  const configured = vscode.workspace
    .getConfiguration(SECTION)
    .get<string[]>('interpreter', []);
  if (configured.length > 0) {
    return configured;
  }
  const python = await PythonExtension.api();
  const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
  const active = python.environments.getActiveEnvironmentPath(resource);
  const environment = await python.environments.resolveEnvironment(active);
  const executable = environment?.executable.uri?.fsPath;
  return executable ? [executable] : undefined;
}

async function start(output: vscode.OutputChannel): Promise<void> {
  const command = await interpreter();
  if (!command) {
    void vscode.window.showWarningMessage(
      'mlsafe: select a Python interpreter with mlsafe installed (pip install "mlsafe[lsp]").'
    );
    return;
  }
  output.appendLine(`mlsafe: starting ${command.join(' ')} -m linter lsp`);
  const serverOptions: ServerOptions = {
    command: command[0],
    args: [...command.slice(1), '-m', 'linter', 'lsp'],
    transport: TransportKind.stdio
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'vscode-notebook-cell', language: 'python' },
      { scheme: 'file', language: 'pip-requirements' },
      { scheme: 'file', pattern: '**/requirements*.{txt,in}' }
    ],
    outputChannel: output,
    initializationOptions: {
      settings: readSettings(vscode.workspace.getConfiguration(SECTION))
    },
    synchronize: { configurationSection: SECTION }
  };
  client = new LanguageClient(SECTION, 'mlsafe', serverOptions, clientOptions);
  await client.start();
}

async function restart(output: vscode.OutputChannel): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
  await start(output);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('mlsafe');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('mlsafe.restart', () => restart(output))
  );
  const python = await PythonExtension.api();
  context.subscriptions.push(
    python.environments.onDidChangeActiveEnvironmentPath(() => restart(output)),
    vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration(`${SECTION}.interpreter`)) {
        void restart(output);
      }
    })
  );
  await start(output);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
