import { describe, expect, it } from 'vitest';
import { createDocumentParser, createPrefilter } from '../../src/parsers/index.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document } from '../../src/core/types.js';

const mentions = createPrefilter([]);
const parse = createDocumentParser(createSecretNameMatcher());
const doc = (path: string, text: string): Document => ({ path, text, hasBom: false, origin: 'worktree', tracked: true });

describe('the prefilter: which files a parser reads at all', () => {
  it('an ORM or request session alone lets no file through: it names no secret', () => {
    const orm = [
      'from app import db',
      'def save(item):',
      '    db.session.add(item)',
      '    db.session.commit()',
      "    request.session['cart'] = item.id",
      '    return session.get("user")',
    ].join('\n');
    expect(mentions(orm)).toBe(false);
    expect(parse(doc('app/views.py', orm)).assignments).toEqual([]);
  });

  it('session beside a key word, in a middleware or a store names a secret', () => {
    for (const text of [
      'SESSION_KEY = "x"',
      'sessionSalt: x',
      'session:\n  cookie_name: app\n  key: x',
      "const cookieSession = require('cookie-session')",
      "import session from 'express-session'",
      'var store = sessions.NewCookieStore([]byte("x"))',
      's := securecookie.New(hashKey, blockKey)',
    ]) {
      expect(mentions(text), text).toBe(true);
    }
  });

  it('a text of nothing but session words lets nothing through', () => {
    const text = 'session.'.repeat(200_000);
    expect(mentions(text)).toBe(false);
  });
});
