import type { DocumentRule } from '../core/rule.js';

/**
 * A committed private key: a PEM block (RSA, EC, Ed25519, PKCS#8) or a JWK with private members.
 * Services that sign JWTs with RS256/ES256/EdDSA hold exactly such a key; whoever reads it can
 * sign tokens the service accepts, as with a committed HMAC secret. Public keys and certificates
 * are what is meant to be shared and are never reported.
 *
 * Test files often hold throwaway keys on purpose: core makes findings in tests and docs notes
 * (the `contexts` setting). An encrypted key still needs its passphrase, so it is a warning.
 */
export const committedPrivateKey: DocumentRule = {
  meta: {
    id: 'committed-private-key',
    description: 'A private signing key (PEM block or private JWK) is committed.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: false,
    help: 'Remove the key from the repository and its history, generate a new key pair outside it,\nload the private key from a secret store or a mounted file, and publish only the public key.',
    messages: {
      privateKey:
        '{{file}} holds a committed {{kind}}: anyone who can read the repository (or its history) can sign tokens your service accepts. Remove it, generate a new key pair outside the repository, load the private key from a secret store or a mounted file that is not committed, and stop trusting the committed key (publish only the new public key).',
      encryptedKey:
        '{{file}} holds a committed, encrypted {{kind}}: it is one passphrase away from signing tokens your service accepts, and the passphrase is rarely far from the key. Remove it, generate a new key pair outside the repository, and load the private key from a secret store or a mounted file that is not committed.',
    },
  },
  check({ doc, report }) {
    const keys = doc.parsed.privateKeys;
    if (!keys || keys.length === 0) return;
    for (const key of keys) {
      report({
        messageId: key.encrypted ? 'encryptedKey' : 'privateKey',
        data: { kind: key.kind, file: doc.document.path },
        document: doc.document,
        span: key.span,
        secret: key.material,
        ...(key.encrypted ? { severity: 'warning' as const } : {}),
        suggestion: 'Move the private key out of the repository (secret store, mounted file), rotate the key pair, and purge it from history.',
      });
    }
  },
};
