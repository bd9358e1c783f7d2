import { getOctokit } from '@actions/github';
import type { ReviewClient } from './review.js';

/** ReviewClient over @actions/github's Octokit (honours GITHUB_API_URL for GitHub Enterprise and tests). */
export function octokitReviewClient(token: string, repository: string, apiUrl: string | undefined): ReviewClient {
  const [owner, repo] = repository.split('/') as [string, string];
  const octokit = getOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
  return {
    async listReviewComments(pull) {
      const all = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: pull, per_page: 100 });
      return all.map((c) => ({ id: c.id, body: c.body, path: c.path, line: c.line ?? null }));
    },
    async createReview(pull, commitId, body, comments) {
      await octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: pull,
        commit_id: commitId,
        event: 'COMMENT',
        body,
        comments: comments.map((c) => ({ path: c.path, line: c.line, side: 'RIGHT' as const, ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: 'RIGHT' as const } : {}), body: c.body })),
      });
    },
    async updateReviewComment(id, body) {
      await octokit.rest.pulls.updateReviewComment({ owner, repo, comment_id: id, body });
    },
    async deleteReviewComment(id) {
      await octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: id });
    },
  };
}
