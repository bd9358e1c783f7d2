import { providerOf } from './credential-kind.js';
import type { DocumentRule } from '../core/rule.js';
import { isPublicValue } from '../core/public-values.js';
import { assessSecret, strengthOptions } from './secret-strength.js';

export const hardcodedDefault: DocumentRule = {
  meta: {
    id: 'hardcoded-default',
    description: 'A secret-named setting falls back to a literal when the environment variable is unset.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: true,
    help: 'Read the variable with no default (`os.environ["K"]`, `${K:?K must be set}`) so a missing secret stops start-up,\nand set a generated value (`secret-hygiene generate`) in each environment.',
    messages: {
      providerDefault:
        '{{key}} falls back to a hardcoded {{provider}} credential when {{env}} is unset: everyone with read access to this repository can use it. Read {{env}} from the environment with no default, revoke the committed credential with the provider and issue a new one.',
      literalDefault:
        '{{key}} falls back to a hardcoded {{what}} when {{env}} is unset, so a deployment that forgets the variable silently signs with a value anyone can read in this repository. Read {{env}} with no default and fail at start-up when it is missing; generate the real value with `secret-hygiene generate`.',
    },
  },
  check({ doc, settings, report }) {
    if (doc.isExample) return;
    for (const a of doc.parsed.assignments) {
      if (a.origin !== 'default' || a.value === undefined || a.value === '') continue;
      const weakness = assessSecret(a.value, strengthOptions(settings));
      const provider = providerOf(a.keyId, a.value);
      if (provider !== undefined) {
        // A provider credential does not sign anything of ours: report a real-looking one as a
        // committed credential, and leave placeholders (`sk_test_xxx`, `changeme`) alone.
        if ((weakness !== null && weakness.kind !== 'short') || Buffer.byteLength(a.value, 'utf8') < 16) continue;
        report({
          messageId: 'providerDefault',
          data: { key: a.key, env: a.envName ?? a.keyId, provider },
          document: doc.document,
          span: a.span,
          secret: a.value,
          ...(a.strictRead
            ? { fix: { ...a.strictRead, removesCommittedValue: true } }
            : { suggestion: `Remove the default: read ${a.envName ?? a.keyId} from the environment; revoke the committed credential with the provider.` }),
        });
        continue;
      }
      const what = weakness ? `${weakness.kind === 'short' ? 'short' : weakness.kind === 'known' ? (isPublicValue(a.value.trim()) ? 'publicly known' : 'known-weak') : weakness.kind} default` : 'default';
      report({
        messageId: 'literalDefault',
        data: { key: a.key, env: a.envName ?? a.keyId, what },
        document: doc.document,
        span: a.span,
        secret: a.value,
        ...(a.strictRead
          ? { fix: { ...a.strictRead, removesCommittedValue: true } }
          : { suggestion: `Remove the default: read ${a.envName ?? a.keyId} from the environment and raise an error when it is unset.` }),
      });
    }
  },
};
