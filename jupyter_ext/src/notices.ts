/** Short notifications of actions mlsafe refused or could not do (never a secret: reasons only). */
import { Notification } from '@jupyterlab/apputils';

/** Tell that an action was not applied, and why. */
export function refused(action: string, reason: string): void {
  Notification.warning(`mlsafe: ${action} not applied: ${reason}.`, { autoClose: 8000 });
}
