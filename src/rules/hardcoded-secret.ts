import type { DocumentRule } from '../core/rule.js';
import { literalSecrets, placementOf } from './literal-secret.js';

export const hardcodedSecret: DocumentRule = {
  meta: {
    id: 'hardcoded-secret',
    description: 'A literal secret is assigned in code or committed application config.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: false,
    help: 'Replace the literal with a read of an environment variable that has no default (`os.environ["K"]`),\nstore a new value generated with `secret-hygiene generate` in your secret store, and rotate the committed one.',
    messages: {
      literal:
        '{{key}} is set to a literal secret in {{file}}: everyone with read access to this repository (and its history) can sign tokens with it. Read it from the environment instead ({{hint}}), then rotate it: generate a new one with `secret-hygiene generate`.',
      providerCredential:
        '{{key}} in {{file}} is a literal {{provider}} credential: everyone with read access to this repository (and its history) can use it. Read it from the environment instead ({{hint}}), revoke it with the provider and issue a new one.',
    },
  },
  check({ doc, settings, report }) {
    for (const { a, value, weakness, provider } of literalSecrets(doc, settings)) {
      if (weakness !== null || placementOf(a) !== 'code') continue;
      if (provider !== undefined) {
        const hint = hintFor(a.context.language, a.keyId, a.context.format);
        report({
          messageId: 'providerCredential',
          data: { key: a.key, file: doc.document.path, provider, hint },
          document: doc.document,
          span: a.span,
          secret: value,
          suggestion: `Replace the literal with ${hint}; revoke the committed credential with the provider.`,
        });
        continue;
      }
      report({
        messageId: 'literal',
        data: { key: a.key, file: doc.document.path, hint: hintFor(a.context.language, a.keyId, a.context.format) },
        document: doc.document,
        span: a.span,
        secret: value,
        suggestion: `Replace the literal with ${hintFor(a.context.language, a.keyId, a.context.format)} and rotate the committed value.`,
      });
    }
  },
};

function hintFor(language: string | undefined, env: string, format: string): string {
  switch (language) {
    case 'python':
      return `os.environ["${env}"]`;
    case 'javascript':
    case 'typescript':
      return `process.env.${env}, throwing when it is unset`;
    case 'go':
      return `os.Getenv("${env}"), failing when it is empty`;
    case 'ruby':
      return `ENV.fetch("${env}")`;
    case 'php':
      return `env('${env}')`;
    case 'java':
    case 'kotlin':
      return `\${${env}} with no default`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${env}"), throwing when it is null`;
    case 'scala':
      return `sys.env("${env}")`;
    case 'rust':
      return `std::env::var("${env}"), failing when it is unset`;
    case 'elixir':
      return `System.fetch_env!("${env}") in config/runtime.exs`;
    default:
      return format === 'dockerfile' ? `a runtime variable or a build secret (\`RUN --mount=type=secret\`), never ENV/ARG` : `\${${env}} resolved from the environment`;
  }
}
