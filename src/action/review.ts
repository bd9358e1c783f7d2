import { MARKER_PREFIX, type SuggestionComment } from './suggestions.js';
import { plural } from '../reporters/text.js';

/** The slice of Octokit the review needs; tests pass a fake GitHub API behind a real Octokit. */
export interface ReviewClient {
  listReviewComments(pull: number): Promise<{ id: number; body: string; path: string; line: number | null }[]>;
  createReview(pull: number, commitId: string, body: string, comments: SuggestionComment[]): Promise<void>;
  updateReviewComment(id: number, body: string): Promise<void>;
  deleteReviewComment(id: number): Promise<void>;
}

export interface ReviewOutcome {
  posted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/**
 * Posts the suggestions as one review, and on a re-run reconciles with the comments an earlier run
 * left (found by their fingerprint marker): unchanged ones stay, changed ones are edited, ones whose
 * finding is gone are deleted, new ones go into one new review. No duplicates pile up.
 */
export async function publishSuggestions(client: ReviewClient, pull: number, commitId: string, suggestions: SuggestionComment[]): Promise<ReviewOutcome> {
  const existing = (await client.listReviewComments(pull)).filter((c) => c.body.includes(MARKER_PREFIX));
  const byFingerprint = new Map(existing.map((c) => [fingerprintOf(c.body), c]));
  const wanted = new Set(suggestions.map((s) => s.fingerprint));
  const outcome: ReviewOutcome = { posted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const fresh: SuggestionComment[] = [];
  for (const s of suggestions) {
    const old = byFingerprint.get(s.fingerprint);
    if (!old) fresh.push(s);
    else if (old.body !== s.body) {
      await client.updateReviewComment(old.id, s.body);
      outcome.updated++;
    } else outcome.unchanged++;
  }
  for (const c of existing) {
    const fp = fingerprintOf(c.body);
    if (fp !== null && !wanted.has(fp)) {
      await client.deleteReviewComment(c.id);
      outcome.deleted++;
    }
  }
  if (fresh.length > 0) {
    await client.createReview(pull, commitId, `secret-hygiene suggests ${plural(fresh.length, 'repair')}: apply each with one click ("Commit suggestion").`, fresh);
    outcome.posted = fresh.length;
  }
  return outcome;
}

function fingerprintOf(body: string): string | null {
  const i = body.indexOf(MARKER_PREFIX);
  if (i === -1) return null;
  const end = body.indexOf(' -->', i);
  return end === -1 ? null : body.slice(i + MARKER_PREFIX.length, end);
}
