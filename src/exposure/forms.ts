import type { HeldKey } from './held-key.js';

/**
 * The ways a key is written into files. `raw` covers quoted values and `${VAR:-...}` defaults (the
 * report says which from the text around it); the encoded forms are what Kubernetes `data:`
 * (base64), URLs and JSON do to it.
 */
export type KeyForm = 'raw' | 'base64' | 'base64url' | 'hex' | 'url-encoded' | 'escaped';

export interface Needle {
  form: KeyForm;
  text: string;
}

/**
 * The distinct strings to search for, longest first so that a longer form wins where two overlap
 * (base64url is base64 without padding when the value has no `+` or `/`). Base64 is searched
 * without its padding: `data:` values may be padded or not.
 */
export function needlesOf(key: HeldKey): Needle[] {
  return key.reveal((value) => {
    const bytes = Buffer.from(value, 'utf8');
    const candidates: Needle[] = [
      { form: 'raw', text: value },
      { form: 'base64', text: bytes.toString('base64').replace(/=+$/, '') },
      { form: 'base64url', text: bytes.toString('base64url') },
      { form: 'hex', text: bytes.toString('hex') },
      { form: 'hex', text: bytes.toString('hex').toUpperCase() },
      { form: 'url-encoded', text: encodeURIComponent(value) },
      { form: 'url-encoded', text: encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) },
      { form: 'escaped', text: JSON.stringify(value).slice(1, -1) },
    ];
    const seen = new Set<string>();
    const out: Needle[] = [];
    for (const n of candidates) {
      if (n.text.length === 0 || seen.has(n.text)) continue;
      seen.add(n.text);
      out.push(n);
    }
    return out.sort((a, b) => b.text.length - a.text.length);
  });
}

/** What the report says was searched: every form, including those that coincide for a given key (base64url and unpadded base64). */
export const SEARCHED_FORMS: readonly string[] = ['raw', 'quoted', '${VAR:-...} default', 'base64', 'base64url', 'hex', 'URL-encoded', 'JSON-escaped'];
