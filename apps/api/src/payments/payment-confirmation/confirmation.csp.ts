import { createHash } from 'node:crypto';
import type { CspDirectives } from '../../http';
import { CONFIRMATION_STYLE } from './confirmation.html';

/** The CSP source of an inline `<style>` by the SHA-256 of its text (CSP Level 2 hash source). */
export function styleHashSource(style: string): string {
  return `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
}

/**
 * The 결제확인서's policy: a printable page of text and one style sheet. Nothing loads, no script
 * runs, its own `<style>` applies by its hash, and no site may frame it (clickjacking), rebase its
 * links or post a form from it. An injected tag, were escaping ever to fail, could do nothing.
 */
export const CONFIRMATION_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'style-src': [styleHashSource(CONFIRMATION_STYLE)],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};
