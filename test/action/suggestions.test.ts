import { describe, expect, it } from 'vitest';
import { publishSuggestions, type ReviewClient } from '../../src/action/review.js';
import { suggestionsFor } from '../../src/action/suggestions.js';
import type { Finding } from '../../src/core/types.js';

const text = 'import os\n\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "Tz8-default-kq2w")\nDEBUG = False\n';
const start = text.indexOf('os.getenv');
const end = text.indexOf(')', start) + 1;

function finding(fp: string, file = 'app/settings.py'): Finding {
  return {
    ruleId: 'hardcoded-default',
    context: 'production',
    severity: 'error',
    messageId: 'literalDefault',
    message: 'JWT_SECRET_KEY falls back to a hardcoded default.',
    file,
    line: 3,
    column: 47,
    endLine: 3,
    endColumn: 63,
    related: [],
    fingerprint: fp,
    fix: { description: 'strict read', edits: [{ file, start, end, text: 'os.environ["JWT_SECRET_KEY"]' }], removesCommittedValue: true },
  };
}

describe('suggestions', () => {
  it('rewrites exactly the touched lines and never echoes the replaced value', () => {
    const [s] = suggestionsFor([finding('aaa')], () => text);
    expect(s?.line).toBe(3);
    expect(s?.startLine).toBeUndefined();
    expect(s?.body).toContain('```suggestion\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n```');
    expect(s?.body).not.toContain('Tz8-default-kq2w');
    expect(s?.body).toContain('<!-- secret-hygiene:aaa -->');
  });

  it('skips fixes that touch another file (a .gitignore append cannot be a suggestion on this diff)', () => {
    const f = finding('bbb');
    f.fix = { description: 'x', edits: [{ file: '.gitignore', start: 0, end: 0, text: '.env\n' }] };
    expect(suggestionsFor([f], () => text)).toHaveLength(0);
  });
});

describe('suggestions never repeat another secret on the suggested line', () => {
  const wf = 'jobs:\n  test:\n    env: { JWT_SECRET: Hq7vN2kX9mR4tW8zLp3Bc6Yd, SESSION_SECRET: Mv5cQ8jT1xZ6nK3rWb9Ls2Fe }\n';
  const file = '.github/workflows/ci.yml';
  const spanOf = (v: string) => ({ start: wf.indexOf(v), end: wf.indexOf(v) + v.length });
  const one = spanOf('Hq7vN2kX9mR4tW8zLp3Bc6Yd');
  const two = spanOf('Mv5cQ8jT1xZ6nK3rWb9Ls2Fe');
  const spans = () => [one, two];
  const fixing = (fp: string, span: { start: number; end: number }, name: string): Finding => ({
    ...finding(fp, file),
    fix: { description: 'reference the secret', edits: [{ file, ...span, text: `\${{ secrets.${name} }}` }], removesCommittedValue: true },
  });

  it('folds the fixes of the other secrets on the line into one suggestion', () => {
    const out = suggestionsFor([fixing('f1', one, 'JWT_SECRET'), fixing('f2', two, 'SESSION_SECRET')], () => wf, '', spans);
    expect(out).toHaveLength(1);
    expect(out[0]?.body).toContain('env: { JWT_SECRET: ${{ secrets.JWT_SECRET }}, SESSION_SECRET: ${{ secrets.SESSION_SECRET }} }');
    expect(out[0]?.body).not.toMatch(/Hq7vN2kX9mR4|Mv5cQ8jT1xZ6/);
  });

  it('makes no suggestion when a secret without a fix stands on the line', () => {
    const out = suggestionsFor([fixing('f1', one, 'JWT_SECRET')], () => wf, '', spans);
    expect(out).toHaveLength(0);
  });
});

class FakeReviews implements ReviewClient {
  comments: { id: number; body: string; path: string; line: number | null }[] = [];
  reviews = 0;
  private next = 1;
  async listReviewComments() {
    return this.comments.map((c) => ({ ...c }));
  }
  async createReview(_pull: number, _commit: string, _body: string, comments: { path: string; line: number; body: string }[]) {
    this.reviews++;
    for (const c of comments) this.comments.push({ id: this.next++, body: c.body, path: c.path, line: c.line });
  }
  async updateReviewComment(id: number, body: string) {
    const c = this.comments.find((x) => x.id === id);
    if (c) c.body = body;
  }
  async deleteReviewComment(id: number) {
    this.comments = this.comments.filter((x) => x.id !== id);
  }
}

describe('publishing suggestions', () => {
  it('a second run does not duplicate comments; gone findings lose theirs', async () => {
    const api = new FakeReviews();
    const two = suggestionsFor([finding('aaa'), finding('ccc', 'app/other.py')], () => text);
    expect(await publishSuggestions(api, 7, 'sha', two)).toEqual({ posted: 2, updated: 0, deleted: 0, unchanged: 0 });
    expect(await publishSuggestions(api, 7, 'sha', two)).toEqual({ posted: 0, updated: 0, deleted: 0, unchanged: 2 });
    expect(api.comments).toHaveLength(2);
    expect(api.reviews).toBe(1);
    const one = suggestionsFor([finding('aaa')], () => text);
    expect(await publishSuggestions(api, 7, 'sha', one)).toEqual({ posted: 0, updated: 0, deleted: 1, unchanged: 1 });
    expect(api.comments.map((c) => c.path)).toEqual(['app/settings.py']);
  });
});
