import type { RuleSettings, ScannedDocument } from '../core/rule.js';
import type { FixProposal, SecretAssignment } from '../core/types.js';
import { providerOf } from './credential-kind.js';
import { isNonSecretData } from './non-secret-data.js';
import { assessSecret, isNotASecret, strengthOptions, type Weakness } from './secret-strength.js';

/**
 * Which rule owns a literal secret depends on where it sits: a dotenv file (committed-dotenv), a
 * manifest (plaintext-manifest-secret), CI config (ci-plaintext-secret) or code and app config
 * (hardcoded-secret). A weak literal is weak-secret's, wherever it sits: one finding per place.
 */
export type Placement = 'dotenv' | 'manifest' | 'ci' | 'code';

export function placementOf(a: SecretAssignment): Placement {
  switch (a.context.format) {
    case 'dotenv':
      return 'dotenv';
    case 'compose':
    case 'kubernetes':
    case 'helm':
      return 'manifest';
    case 'ci':
      return 'ci';
    default:
      return 'code';
  }
}

export interface LiteralSecret {
  a: SecretAssignment;
  value: string;
  /** Null for a provider credential: HMAC key sizes and guessability do not apply to it. */
  weakness: Weakness | null;
  /** Set when the value is a cloud, payment or other provider's credential, not a signing key. */
  provider?: string;
}

/** Documents written for people to read: Markdown, reStructuredText, AsciiDoc. */
const PROSE = /\.(md|markdown|mdx|rst|adoc|asciidoc)$/i;

/** Literal values bound to secret-named keys that are worth judging (not examples, not paths/URLs/flags). */
export function literalSecrets(doc: ScannedDocument, settings: RuleSettings): LiteralSecret[] {
  if (doc.isExample) return [];
  const out: LiteralSecret[] = [];
  for (const a of doc.parsed.assignments) {
    if (a.origin !== 'literal' || a.value === undefined || a.value.trim() === '') continue;
    if (isNotASecret(a.value) || isNonSecretData(doc, a, a.value)) continue;
    // A PEM private key under a secret name (`jwt.private-key: |`) is committed-private-key's: one finding per key.
    if (holdsPrivateKey(doc, a)) continue;
    const weakness = assessSecret(a.value, strengthOptions(settings));
    const provider = providerOf(a.keyId, a.value);
    if (provider !== undefined) {
      // A placeholder or a word under a provider's name is nobody's credential.
      if (weakness !== null && weakness.kind !== 'short') continue;
      if (Buffer.byteLength(a.value, 'utf8') < 16) continue;
      out.push({ a, value: a.value, weakness: null, provider });
      continue;
    }
    // Documentation shows placeholders on purpose (`--build-arg JWT_SECRET="YOUR_JWT_KEY"` in a
    // README): that is what it should do. A real-looking or publicly known value there still counts.
    if (weakness?.kind === 'placeholder' && PROSE.test(doc.document.path)) continue;
    out.push({ a, value: a.value, weakness });
  }
  return out;
}

function holdsPrivateKey(doc: ScannedDocument, a: SecretAssignment): boolean {
  const keys = doc.parsed.privateKeys;
  if (keys === undefined || keys.length === 0) return false;
  return keys.some((k) => k.span.start < a.span.end && a.span.start < k.span.end);
}

/** A name usable as an environment variable / CI secret name: the key as written, or its id. */
export function envNameFor(a: SecretAssignment): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.key) ? a.key : a.keyId;
}

/**
 * The mechanical repair that moves a literal out of a manifest or CI file, whatever its strength:
 * k8s env → `secretKeyRef` (built by the parser, which knows the layout), compose → a required
 * interpolation, GitHub workflow → `${{ secrets.NAME }}`. Code and app config have none.
 */
export function relocationFix(file: string, a: SecretAssignment): FixProposal | undefined {
  const env = envNameFor(a);
  const k8s = a.context.kubernetes;
  if (a.context.format === 'kubernetes') {
    if (k8s && (k8s.kind === 'Secret' || k8s.kind === 'ConfigMap')) return undefined;
    return a.strictRead ? { ...a.strictRead, removesCommittedValue: true } : undefined;
  }
  if (a.context.format === 'compose') {
    return {
      description: `Require ${env} from the environment instead of the literal.`,
      edits: [{ file, start: a.span.start, end: a.span.end, text: `\${${env}:?${env} must be set}` }],
      removesCommittedValue: true,
    };
  }
  if (a.context.format === 'ci' && a.context.ci?.system === 'github') {
    return {
      description: `Reference the repository secret ${env} instead of the literal.`,
      edits: [{ file, start: a.span.start, end: a.span.end, text: `\${{ secrets.${env} }}` }],
      commands: [`gh secret set ${env}   # paste a value from: secret-hygiene generate`],
      removesCommittedValue: true,
    };
  }
  return undefined;
}
