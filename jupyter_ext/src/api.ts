/**
 * The client of the server route `POST <base>/mlsafe/lint` (see mlsafe_jupyter/payload.py).
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

export async function requestLint(
  body: ILintRequest,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<ILintResponse> {
  const url = URLExt.join(settings.baseUrl, 'mlsafe', 'lint');
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
  return (await response.json()) as ILintResponse;
}
