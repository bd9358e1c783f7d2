import type { Rule } from '../core/rule.js';
import { ciPlaintextSecret } from './ci-plaintext-secret.js';
import { committedDotenv } from './committed-dotenv.js';
import { committedPrivateKey } from './committed-private-key.js';
import { dotenvNotIgnored } from './dotenv-not-ignored.js';
import { hardcodedDefault } from './hardcoded-default.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { jwtExpiryNotChecked } from './jwt-expiry-not-checked.js';
import { jwtForgeable } from './jwt-forgeable.js';
import { jwtKeyFallback } from './jwt-key-fallback.js';
import { jwtKeyTooShort } from './jwt-key-too-short.js';
import { jwtNoExpiry } from './jwt-no-expiry.js';
import { jwtNoneAlgorithmAccepted } from './jwt-none-algorithm-accepted.js';
import { jwtUnsigned } from './jwt-unsigned.js';
import { jwtVerificationDisabled } from './jwt-verification-disabled.js';
import { plaintextManifestSecret } from './plaintext-manifest-secret.js';
import { reusedSecret } from './reused-secret.js';
import { secretLogged } from './secret-logged.js';
import { sharedAcrossEnvironments } from './shared-across-environments.js';
import { weakSecret } from './weak-secret.js';

/** Every rule, in id order. A meta test checks this equals the rule files in this directory. */
export const RULES: readonly Rule[] = [
  ciPlaintextSecret,
  committedDotenv,
  committedPrivateKey,
  dotenvNotIgnored,
  hardcodedDefault,
  hardcodedSecret,
  jwtExpiryNotChecked,
  jwtForgeable,
  jwtKeyFallback,
  jwtKeyTooShort,
  jwtNoExpiry,
  jwtNoneAlgorithmAccepted,
  jwtUnsigned,
  jwtVerificationDisabled,
  plaintextManifestSecret,
  reusedSecret,
  secretLogged,
  sharedAcrossEnvironments,
  weakSecret,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
