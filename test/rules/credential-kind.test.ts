import { describe, expect, it } from 'vitest';
import { providerOf } from '../../src/rules/credential-kind.js';

describe('credential-kind: provider credentials are told apart from signing keys', () => {
  it.each([
    ['STRIPE_SECRET_KEY', 'not-a-real-value-here', 'payment provider'],
    ['AWS_SECRET_KEY', 'abcdefghijklmnop', 'AWS'],
    ['RECAPTCHA_SECRET_KEY', 'abcdefghijklmnop', 'CAPTCHA provider'],
    ['CLIENT_SECRET', 'abcdefghijklmnop', 'OAuth or API provider'],
    ['SECRET_KEY', 'sk_live_' + 'a1B2c3D4e5F6g7H8', 'Stripe'],
    ['BINANCE_API_SECRET', 'abcdefghijklmnop', 'OAuth or API provider'],
    ['CONSUMER_SECRET', 'abcdefghijklmnop', 'OAuth or API provider'],
    // A stand-in for a provider's credential is still the provider's.
    ['DEFAULT_STRIPE_SECRET_KEY', 'abcdefghijklmnop', 'payment provider'],
    ['FALLBACK_BINANCE_API_SECRET', 'abcdefghijklmnop', 'OAuth or API provider'],
  ])('%s is a provider credential', (key, value, provider) => {
    expect(providerOf(key, value)).toBe(provider);
  });

  it.each([
    ['JWT_SECRET_KEY', 'abcdefghijklmnop'],
    ['STRIPE_WEBHOOK_SECRET', 'abcdefghijklmnop'],
    ['GITHUB_WEBHOOK_SECRET', 'abcdefghijklmnop'],
    ['SESSION_SECRET', 'abcdefghijklmnop'],
    ['SECRET_KEY', 'whsec_' + 'abcdefghijklmnop'],
    ['SECRET_KEY_BASE', 'abcdefghijklmnop'],
    // The application's own API secret (the token its API checks), and Cube's JWT signing secret.
    ['API_SECRET', 'abcdefghijklmnop'],
    ['API_SECRET_KEY', 'abcdefghijklmnop'],
    ['INTERNAL_API_SECRET', 'abcdefghijklmnop'],
    ['CUBEJS_API_SECRET', 'abcdefghijklmnop'],
    // A stand-in (`DEFAULT_`, `FALLBACK_`, an environment's copy) is the same kind of key.
    ['DEFAULT_CUBEJS_API_SECRET', 'abcdefghijklmnop'],
    ['DEFAULT_API_SECRET', 'abcdefghijklmnop'],
    ['FALLBACK_API_SECRET', 'abcdefghijklmnop'],
    ['DEV_API_SECRET_KEY', 'abcdefghijklmnop'],
  ])('%s signs, so it stays a signing key', (key, value) => {
    expect(providerOf(key, value)).toBeUndefined();
  });
});
