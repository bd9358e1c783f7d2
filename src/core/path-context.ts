import type { Environment } from './types.js';

/**
 * What a path says about its file: which environment it configures and whether it is an example.
 * Segment names are the ones real repositories use: `.env.production`, `overlays/prod/`,
 * `values-staging.yaml`, `config/environments/test.rb`.
 */
const ENVIRONMENT_WORDS: ReadonlyArray<[RegExp, Environment]> = [
  [/^(prod|production|prd|live)$/, 'prod'],
  [/^(staging|stage|stg|preprod|pre_prod|uat|qa)$/, 'staging'],
  [/^(test|tests|testing|ci|e2e)$/, 'test'],
  [/^(dev|development|local|develop)$/, 'dev'],
];

/** The environment a path configures, from its directory names and its file name's parts. */
export function environmentOf(path: string): Environment | undefined {
  const parts = path.toLowerCase().split('/');
  const base = parts.pop() ?? '';
  // The file name counts most: `.env.production`, `values-prod.yaml`, `application-dev.yml`.
  const baseWords = base.replace(/\.(ya?ml|json|env|properties|toml|ini|conf)$/, '').split(/[._-]+/);
  for (const word of [...baseWords].reverse()) {
    for (const [re, env] of ENVIRONMENT_WORDS) if (re.test(word)) return env;
  }
  for (const dir of [...parts].reverse()) {
    for (const word of dir.split(/[._-]+/)) {
      for (const [re, env] of ENVIRONMENT_WORDS) if (re.test(word)) return env;
    }
  }
  return undefined;
}

/** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `config.example.yml`, `example.env`. */
export function isExamplePath(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return /(^|[._-])(example|examples|sample|samples|template|tmpl|dist|defaults?)([._-]|$)/.test(base);
}

/** Dotenv files by name: `.env`, `.env.local`, `.env.production`, `prod.env`, `.env.example`. */
export function isDotenvPath(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
}
