/**
 * The client of the server routes `POST <base>/mlsafe/lint` and `POST <base>/mlsafe/redact` (see
 * mlsafe_jupyter/handlers.py).
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type { ILintRequest, ILintResponse } from './types';

export type { IFinding, IFix, IFixEdit, ILintRequest, ILintResponse, Severity } from './types';

/** A failed request: `status` is null when the server could not be reached at all. */
export class LintError extends Error {
  constructor(
    message: string,
    readonly status: number | null
  ) {
    super(message);
  }
}

/** POST a JSON body to `<base>/mlsafe/<route>` and return the JSON answer. */
async function post<T>(
  route: string,
  body: unknown,
  settings: ServerConnection.ISettings
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, 'mlsafe', route);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      url,
      { method: 'POST', body: JSON.stringify(body) },
      settings
    );
  } catch (error) {
    throw new LintError(`cannot reach the Jupyter server (${error})`, null);
  }
  if (!response.ok) {
    let message = response.statusText;
    try {
      const data = await response.json();
      message = data.message || message;
    } catch {
      // not JSON: keep the status text
    }
    throw new LintError(message, response.status);
  }
  return (await response.json()) as T;
}

export async function requestLint(
  body: ILintRequest,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<ILintResponse> {
  return post<ILintResponse>('lint', body, settings);
}

/** One output with its secrets and personal data masked by the server (`masked`: how many). */
export interface IRedactResponse {
  output: Record<string, unknown>;
  masked: number;
}

export async function requestRedact(
  output: unknown,
  ignore: string[],
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<IRedactResponse> {
  return post<IRedactResponse>('redact', { output, ignore }, settings);
}
