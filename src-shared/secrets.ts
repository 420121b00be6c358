// Secrets as the UI sees them: names and where they are kept, never a value (write-only from the UI).
import { z } from 'zod';

export const secretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/, 'letters, digits, _ . - (starting with a letter or _), as in ${keychain:NAME}');

export interface SecretsInfo {
  /** Whether the OS can encrypt secrets now (false: use ${env:NAME}). */
  available: boolean;
  /** safeStorage's backend: keychain, dpapi, gnome_libsecret, kwallet…, or basic_text. */
  backend: string;
  /** basic_text: encrypted with a key every Chromium build shares; the UI warns and asks before storing. */
  weak: boolean;
  secrets: { name: string; set: true; backend: string; updatedAt: string }[];
}
