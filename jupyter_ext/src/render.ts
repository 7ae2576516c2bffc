/**
 * DOM pieces shared by the hover, the output badges and the panel: messages with inline code,
 * the rule docs link, action buttons.
 */
import { IFinding } from './api';
import { messageParts } from './findings';

/** The message as text and `<code>` spans (backticks in the message mark inline code). */
export function renderMessage(message: string, className: string): HTMLElement {
  const node = document.createElement('span');
  node.className = className;
  for (const part of messageParts(message)) {
    if (part.code) {
      const code = document.createElement('code');
      code.className = 'mlsafe-code-span';
      code.textContent = part.text;
      node.appendChild(code);
    } else {
      node.appendChild(document.createTextNode(part.text));
    }
  }
  return node;
}

/** A link to the rule's documentation, opened in a new tab (null when the finding has no URL). */
export function docsLink(finding: IFinding): HTMLAnchorElement | null {
  if (!finding.url) {
    return null;
  }
  const link = document.createElement('a');
  link.className = 'mlsafe-diagnostic-link';
  link.href = finding.url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = 'rule docs';
  link.title = `${finding.code} ${finding.name}: documentation (opens a new tab)`;
  // A click on the link opens it; it must not also select the finding or close the tooltip.
  link.addEventListener('click', event => event.stopPropagation());
  link.addEventListener('mousedown', event => event.stopPropagation());
  return link;
}

/** A button whose label wraps inside it; `action` runs on click (which goes no further). */
export function actionButton(label: string, className: string, action: () => void): HTMLElement {
  const button = document.createElement('button');
  button.className = `mlsafe-action ${className} jp-mod-styled`;
  button.textContent = label;
  button.addEventListener('click', event => {
    event.stopPropagation();
    action();
  });
  return button;
}

/** One finding for the hover: code and rule name, message (inline code), docs link. */
export function renderFinding(finding: IFinding): HTMLElement {
  const node = document.createElement('div');
  node.className = 'mlsafe-diagnostic';
  const code = document.createElement('span');
  code.className = 'mlsafe-diagnostic-code';
  code.textContent = `${finding.code} ${finding.name}`;
  node.append(code, ' ', renderMessage(finding.message, 'mlsafe-diagnostic-message'), ' ');
  const link = docsLink(finding);
  if (link) {
    node.appendChild(link);
  }
  return node;
}
