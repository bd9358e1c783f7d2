import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document } from '../../src/core/types.js';
import { createDocumentParser } from '../../src/parsers/index.js';
import { findJwts, MAX_TOKENS_PER_FILE } from '../../src/parsers/jwt-tokens.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A real HS256 token; the key is an obviously fake test value. */
function hs256(payload: Record<string, unknown>, key = 'not-a-real-key-for-parser-tests'): string {
  const h = b64({ alg: 'HS256', typ: 'JWT' });
  const p = b64(payload);
  return `${h}.${p}.${createHmac('sha256', key).update(`${h}.${p}`).digest('base64url')}`;
}
const TOKEN = hs256({ sub: '42', exp: 4102444800 });
const NONE = `${b64({ alg: 'none' })}.${b64({ sub: 'admin' })}.`;

function doc(path: string, text: string): Document {
  return { path, text, hasBom: false, origin: 'worktree' };
}

describe('findJwts', () => {
  it.each([
    ['a Bearer header', `Authorization: Bearer ${TOKEN}\n`, [TOKEN]],
    ['a quoted string', `TOKEN = "${TOKEN}"`, [TOKEN]],
    ['a JSON value', `{"value": "${TOKEN}", "type": "string"}`, [TOKEN]],
    ['a URL query', `https://app.example.com/cb?token=${TOKEN}&x=1`, [TOKEN]],
    ['the end of a sentence', `Use ${TOKEN}.`, [TOKEN]],
    ['markdown code', `\`${TOKEN}\``, [TOKEN]],
    ['an unsigned token (empty signature)', `t=${NONE} `, [NONE]],
    ['two tokens on one line', `${TOKEN} ${NONE}`, [TOKEN, NONE]],
  ])('finds a token in %s', (_name, text, tokens) => {
    expect(findJwts(text).map((j) => j.token)).toEqual(tokens);
  });

  it('decodes header and payload and gives the exact span', () => {
    const text = `x\r\ny = '${TOKEN}'\r\n`;
    const [j] = findJwts(text);
    expect(j?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(j?.payload).toEqual({ sub: '42', exp: 4102444800 });
    expect(text.slice(j?.span.start, j?.span.end)).toBe(TOKEN);
  });

  it('keeps a token whose payload is not JSON, with payload null', () => {
    const h = b64({ alg: 'HS256' });
    const p = Buffer.from('plain bytes').toString('base64url');
    const t = `${h}.${p}.${createHmac('sha256', 'k').update(`${h}.${p}`).digest('base64url')}`;
    expect(findJwts(t)[0]?.payload).toBeNull();
  });

  const [h, p, s] = TOKEN.split('.') as [string, string, string];
  it.each([
    ['two parts', `${h}.${p}`],
    ['a header that is not JSON', `eyJ${Buffer.from('not json at all').toString('base64url')}.${p}.${s}`],
    ['a header without alg', `${b64({ typ: 'JWT' })}.${p}.${s}`],
    ['a header whose alg is not a string', `${b64({ alg: 256 })}.${p}.${s}`],
    ['a JWE header (enc)', `${b64({ alg: 'dir', enc: 'A256GCM' })}.${p}.${s}`],
    ['five parts', `${TOKEN}.${p}.${s}`],
    ['an empty payload', `${h}..${s}`],
    ['a signed token with no signature', `${h}.${p}.`],
    ['a token inside a longer base64 run', `QUJD${TOKEN}`],
    ['a header of invalid base64 length', `${h}x.${p}.${s}`],
    ['a JSON array header', `${b64(['alg'])}.${p}.${s}`],
  ])('ignores %s', (_name, text) => {
    expect(findJwts(text)).toEqual([]);
  });

  it(`stops at ${MAX_TOKENS_PER_FILE} tokens per file`, () => {
    const text = Array.from({ length: MAX_TOKENS_PER_FILE + 50 }, (_, i) => hs256({ i })).join('\n');
    expect(findJwts(text)).toHaveLength(MAX_TOKENS_PER_FILE);
  });

  it.each([
    ['eyJ repeated', 'eyJ'.repeat(40_000)],
    ['eyJ and dots', 'eyJa.'.repeat(25_000)],
    ['one huge part', `eyJ${'A'.repeat(100_000)}.${'B'.repeat(100_000)}.${'C'.repeat(100_000)}`],
    ['many dots', `${h}.${'.'.repeat(100_000)}`],
    ['header-shaped parts', `${h}.`.repeat(3_000)],
    ['many almost-tokens', `${h}.${p}.${s}.`.repeat(1_000)],
  ])('finishes on a pathological 100 kB line: %s', (_name, text) => {
    expect(() => findJwts(text)).not.toThrow();
  });
});

describe('the dispatcher runs the finder on every file type', () => {
  const parse = createDocumentParser(createSecretNameMatcher());
  it.each([
    ['README.md', `# API\n\n    curl -H "Authorization: Bearer ${TOKEN}" https://x\n`],
    ['requests/me.http', `GET http://localhost/me\nAuthorization: Bearer ${TOKEN}\n`],
    ['postman/collection.json', JSON.stringify({ auth: { bearer: [{ key: 'token', value: TOKEN }] } })],
    ['web/index.html', `<script>localStorage.setItem('t', '${TOKEN}')</script>`],
    ['src/app.py', `TOKEN = "${TOKEN}"\n`],
    ['package-lock.json', `{"x": "${TOKEN}"}`],
    ['pnpm-lock.yaml', `x: ${TOKEN}\n`],
    ['notes.txt', TOKEN],
  ])('%s', (path, text) => {
    const parsed = parse(doc(path, text));
    expect(parsed.jwts?.map((j) => j.token)).toEqual([TOKEN]);
  });

  it('reads no settings in a lockfile (packages pin versions and hashes, not keys), only its tokens', () => {
    const lock = "lockfileVersion: '9.0'\nsettings:\n  secret: not-a-setting\npackages:\n  jsonwebtoken@9.0.2:\n    resolution: {integrity: sha512-abc}\n";
    expect(parse(doc('pnpm-lock.yaml', lock)).assignments).toEqual([]);
    expect(parse(doc('config.yaml', lock)).assignments.length).toBeGreaterThan(0);
  });

  it('leaves jwts unset when there are none', () => {
    expect(parse(doc('README.md', 'eyJ but no token')).jwts).toBeUndefined();
    expect(parse(doc('a.py', 'SECRET_KEY = "x"')).jwts).toBeUndefined();
  });
});
