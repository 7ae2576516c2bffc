/**
 * Pure parts of the lint request: what of a cell is sent. No JupyterLab or DOM imports:
 * unit-tested under Node.
 */

/** Output MIME types that are never text the engine reads; dropped to keep requests small. */
export function isBinaryMime(mime: string): boolean {
  return (
    mime.startsWith('image/') ||
    mime.startsWith('video/') ||
    mime.startsWith('audio/') ||
    mime.startsWith('application/vnd.jupyter.widget') ||
    mime === 'application/pdf'
  );
}

/** The outputs without their binary MIME bundles (anything but an array is left as it is). */
export function slimOutputs(outputs: unknown): unknown {
  if (!Array.isArray(outputs)) {
    return outputs;
  }
  return outputs.map(output => {
    const data = output?.data;
    if (!data || typeof data !== 'object') {
      return output;
    }
    const kept: Record<string, unknown> = {};
    for (const [mime, value] of Object.entries(data)) {
      if (!isBinaryMime(mime)) {
        kept[mime] = value;
      }
    }
    return { ...output, data: kept };
  });
}

/** A cell as sent: its JSON with the live id, slim outputs, and no attachments (pasted images). */
export function cellPayload(json: Record<string, unknown>, id: string): Record<string, unknown> {
  return {
    ...json,
    id,
    outputs: slimOutputs(json.outputs),
    attachments: undefined
  };
}

/**
 * An output as the server redacted it, merged into the output it came from: the server got the
 * output without its binary representations (see `slimOutputs`), so those are kept from `original`.
 */
export function mergeRedacted(
  original: Record<string, unknown>,
  redacted: Record<string, unknown>
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...original, ...redacted };
  const before = original.data;
  const after = redacted.data;
  if (before && typeof before === 'object' && after && typeof after === 'object') {
    merged.data = { ...before, ...after };
  }
  return merged;
}
