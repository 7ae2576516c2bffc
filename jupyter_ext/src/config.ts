/**
 * The user settings of the extension (schema/plugin.json) and their defaults. No JupyterLab or DOM
 * imports: unit-tested under Node.
 */
import type { Severity } from './types';

export interface IConfig {
  enabled: boolean;
  severity: Severity;
  ignore: string[];
  debounce: number;
}

export const DEFAULT_CONFIG: IConfig = {
  enabled: true,
  severity: 'low',
  ignore: [],
  debounce: 300
};

/** The config from the settings' composite (the defaults where unset; null: all defaults). */
export function configFrom(composite: Partial<IConfig> | null): IConfig {
  if (!composite) {
    return { ...DEFAULT_CONFIG };
  }
  return {
    enabled: composite.enabled ?? DEFAULT_CONFIG.enabled,
    severity: composite.severity ?? DEFAULT_CONFIG.severity,
    ignore: (composite.ignore ?? []).filter(code => typeof code === 'string'),
    debounce: composite.debounce ?? DEFAULT_CONFIG.debounce
  };
}
