/**
 * Which secret-named keys do not sign. The secret-name suffixes (`_SECRET_KEY`) also match the
 * credentials of cloud, payment and messaging providers (`STRIPE_SECRET_KEY`, `AWS_SECRET_KEY`,
 * `RECAPTCHA_SECRET_KEY`, OAuth `CLIENT_SECRET`). Those are API credentials issued by the
 * provider: RFC 7518 key sizes and "anyone can forge tokens" say nothing true about them. What is
 * true is that a committed one can be used by anyone who reads the repository, and must be
 * revoked at the provider. Webhook signing secrets (`STRIPE_WEBHOOK_SECRET`, `whsec_...`) do sign
 * and stay signing keys.
 */
const PROVIDER_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/(^|_)(AWS|AMAZON|S3|SES|SQS|COGNITO)(_|$)/, 'AWS'],
  [/(^|_)(GCP|GCS|GOOGLE|FIREBASE|GMAIL)(_|$)/, 'Google'],
  [/(^|_)AZURE(_|$)/, 'Azure'],
  [/(^|_)(MINIO|R2|SPACES|WASABI|B2|BACKBLAZE|OSS|ALIYUN|ALIBABA|QINIU|COS|TENCENT|CLOUDINARY)(_|$)/, 'object storage'],
  [/(^|_)(STRIPE|PAYPAL|BRAINTREE|PAYSTACK|RAZORPAY|SQUARE|ADYEN|MOLLIE|FLUTTERWAVE|MIDTRANS|XENDIT|ALIPAY|WECHAT|KLARNA|CHECKOUT|PADDLE|LEMONSQUEEZY)(_|$)/, 'payment provider'],
  [/(^|_)(TWILIO|SENDGRID|MAILGUN|MAILCHIMP|MANDRILL|POSTMARK|MAILJET|BREVO|SENDINBLUE|VONAGE|NEXMO|PUSHER|ABLY)(_|$)/, 'messaging provider'],
  [/(^|_)(RECAPTCHA|HCAPTCHA|TURNSTILE|CAPTCHA)(_|$)/, 'CAPTCHA provider'],
  [/(^|_)(GITHUB|GITLAB|BITBUCKET|SLACK|DISCORD|TELEGRAM|TWITTER|FACEBOOK|FB|INSTAGRAM|LINKEDIN|DROPBOX|ZOOM|SHOPIFY|ALGOLIA|OPENAI|ANTHROPIC|MAPBOX|SENTRY|DATADOG|HEROKU|VERCEL|NETLIFY|CLOUDFLARE|SUPABASE|CLERK|AUTH0|OKTA|KAKAO|NAVER|SPOTIFY|TWITCH)(_|$)/, 'third-party service'],
  [/(^|_)(CLIENT|CONSUMER|OAUTH|OAUTH2)_SECRET(_KEY)?$/, 'OAuth or API provider'],
  // `X_API_SECRET` is a service's credential (`BINANCE_API_SECRET`); a bare `API_SECRET` is the
  // application's own (the token its API checks), and signs like any other secret of its own.
  [/^(?!(INTERNAL|APP|PRIVATE)_API_SECRET)[A-Z0-9]+(_[A-Z0-9]+)*_API_SECRET(_KEY)?$/, 'OAuth or API provider'],
];

/**
 * Secrets named like a provider's that a service signs with itself: Cube's `CUBEJS_API_SECRET`
 * signs and verifies the JWTs of its API (cube.dev docs).
 */
const SIGNS_ITSELF: ReadonlySet<string> = new Set(['CUBEJS_API_SECRET']);

/**
 * `DEFAULT_CUBEJS_API_SECRET`, `FALLBACK_API_SECRET`, `DEV_JWT_SECRET`: a stand-in or an
 * environment's copy of a key is the same kind of key. The prefix must not turn the app's own
 * `API_SECRET` into a provider's `X_API_SECRET`, nor hide a key that signs itself.
 */
const STAND_IN_PREFIX = /^((DEFAULT|FALLBACK|BUILD|BUILDTIME|DEV|DEVELOPMENT|TEST|TESTING|LOCAL|STAGING|STAGE|PROD|PRODUCTION|CI)_)+/;

function withoutStandIn(keyId: string): string {
  const rest = keyId.replace(STAND_IN_PREFIX, '');
  return rest === '' ? keyId : rest;
}

/** Value shapes providers issue: Stripe `sk_live_`, AWS `AKIA`, Slack `xoxb-`, GitHub `ghp_`, SendGrid `SG.`, Google `AIza`. */
const PROVIDER_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/^(sk|rk)_(live|test)_[A-Za-z0-9]{8,}$/, 'Stripe'],
  [/^(AKIA|ASIA)[0-9A-Z]{16}$/, 'AWS'],
  [/^xox[abposr]-[A-Za-z0-9-]{8,}$/, 'Slack'],
  [/^gh[pousr]_[A-Za-z0-9]{20,}$/, 'GitHub'],
  [/^SG\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/, 'SendGrid'],
  [/^AIza[0-9A-Za-z_-]{30,}$/, 'Google'],
];

/**
 * The provider a secret-named credential belongs to, or undefined for a key the application signs
 * with itself (JWT, session, cookie, HMAC, framework secret keys).
 */
export function providerOf(written: string, value: string): string | undefined {
  const keyId = withoutStandIn(written);
  if (/(^|_)(WEBHOOK|SIGNING|JWT|SESSION|COOKIE|HMAC)(_|$)/.test(keyId) || value.startsWith('whsec_') || SIGNS_ITSELF.has(keyId)) return undefined;
  for (const [re, name] of PROVIDER_VALUES) if (re.test(value.trim())) return name;
  for (const [re, name] of PROVIDER_WORDS) if (re.test(keyId)) return name;
  return undefined;
}
