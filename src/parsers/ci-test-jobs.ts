/**
 * Which CI jobs only test. A `SECRET_KEY: test-secret` in the `env:` of a job that starts a
 * Postgres service and runs pytest feeds a throwaway test server; the same literal in a deploy
 * job configures production. A job tests when it has `services:` (a test database), or its name
 * or its commands say it tests, and nothing in it deploys, publishes or names an environment.
 */
import { isSeq } from 'yaml';
import { mapEntries, mapGet, scalarText, seqItems, type YamlDoc } from './yaml-source.js';

export const TEST_NAME = /(^|[^a-z])(tests?|testing|specs?|e2e|integration|unit|pytest|jest|vitest|rspec|phpunit|check|checks|ci|lint|coverage|verify)([^a-z]|$)/i;
export const TEST_COMMAND =
  /\b(pytest|py\.test|tox|nox|manage\.py test|python -m unittest|(npm|yarn|pnpm|bun)( run)? (test|e2e|ci)|jest|vitest|mocha|cypress run|playwright test|go test|cargo test|rspec|rake (test|spec)|rails test|bundle exec (rspec|rake)|phpunit|pest|artisan test|mvn (-[^\s]+ )*(test|verify)|gradle(w)? (test|check)|\.\/gradlew (test|check)|dotnet test|mix test|make (test|check))\b/i;
export const DEPLOY =
  /\b(deploy|deployment|release|publish|promote|rollout|production|prod|staging|kubectl (apply|set|rollout)|helm (upgrade|install)|terraform apply|docker push|npm publish|twine upload|gh release|heroku|fly(ctl)? deploy|vercel|netlify deploy|serverless deploy|sls deploy|aws (ecs|lambda|s3|cloudformation)|gcloud (run|app|functions) deploy|az webapp|eb deploy|cap (production|staging))\b/i;

/** The text of the scalars under a node, up to a bound (a job's commands and names). */
function texts(y: YamlDoc, node: unknown, out: string[], budget = { left: 400 }): string[] {
  if (budget.left <= 0) return out;
  budget.left--;
  const s = scalarText(node, y.text);
  if (s) {
    out.push(s.value);
    return out;
  }
  const resolved = y.resolve(node);
  if (isSeq(resolved)) {
    for (const item of seqItems(y, resolved)) texts(y, item, out, budget);
    return out;
  }
  for (const e of mapEntries(y, resolved)) {
    out.push(e.key);
    texts(y, e.value, out, budget);
  }
  return out;
}

/**
 * True when a job (GitHub Actions or GitLab CI) only tests: it has services or a test name or test
 * commands, and no word of it deploys, releases or names a deployment environment.
 */
export function isTestJob(y: YamlDoc, jobKey: string, job: unknown): boolean {
  if (mapGet(y, job, 'environment') !== undefined) return false;
  const all = texts(y, job, [jobKey]);
  if (all.some((t) => DEPLOY.test(t))) return false;
  if (mapGet(y, job, 'services') !== undefined) return true;
  const stage = scalarText(mapGet(y, job, 'stage'), y.text)?.value ?? '';
  const name = scalarText(mapGet(y, job, 'name'), y.text)?.value ?? '';
  if (TEST_NAME.test(jobKey) || TEST_NAME.test(name) || /^test/i.test(stage)) return true;
  return all.some((t) => TEST_COMMAND.test(t) || isComposeTestRun(t));
}

/** `docker compose -f docker-compose.test.yml up --exit-code-from test`: the tests run in a compose project. */
function isComposeTestRun(t: string): boolean {
  return /docker[ -]compose\b/.test(t) && /(--exit-code-from\b|[-.]tests?\.ya?ml\b)/.test(t);
}
