import { describe } from 'vitest';
import { runCases, type Case } from './harness.js';

const ex = (name: string, text: string, expected: Case['expected'], path = 'config/config.exs', uses?: Case['uses']): Case => ({
  name,
  path,
  text,
  expected,
  ...(uses ? { uses } : {}),
});

describe('elixir: catching cases', () => {
  runCases([
    ex(
      'Phoenix endpoint keyword list',
      'import Config\n\nconfig :shop, ShopWeb.Endpoint,\n  url: [host: "localhost"],\n  secret_key_base: "ph-endpoint-literal",\n  render_errors: [view: ShopWeb.ErrorView, accepts: ~w(html json)]\n',
      [{ key: 'secret_key_base', keyId: 'SECRET_KEY_BASE', origin: 'literal', value: 'ph-endpoint-literal', line: 5 }],
    ),
    ex(
      "Guardian's secret_key is the JWT key",
      'config :shop, Shop.Guardian,\n  issuer: "shop",\n  secret_key: "guardian-literal"\n',
      [{ key: 'secret_key', keyId: 'JWT_SECRET_KEY', origin: 'literal', value: 'guardian-literal', line: 3 }],
    ),
    ex(
      'System.get_env with || and a literal, over lines',
      'secret_key_base =\n  System.get_env("SECRET_KEY_BASE") ||\n    "or-literal-default"\n',
      [{ key: 'SECRET_KEY_BASE', envName: 'SECRET_KEY_BASE', origin: 'default', value: 'or-literal-default', line: 3 }],
    ),
    ex('System.get_env with a default argument', 'config :shop, Shop.Repo, secret_key_base: System.get_env("SECRET_KEY_BASE", "arg-default")\n', [
      { key: 'SECRET_KEY_BASE', origin: 'default', value: 'arg-default' },
    ]),
    ex(
      'Guardian keyed by the endpoint secret through a local',
      'secret_key_base = System.fetch_env!("SECRET_KEY_BASE")\n\nconfig :client, Client.Guardian,\n  issuer: "homepage",\n  secret_key: secret_key_base\n',
      [
        { key: 'SECRET_KEY_BASE', origin: 'env', line: 1 },
        { key: 'secret_key', keyId: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 5 },
      ],
    ),
    ex('Joken signer with a literal', 'defmodule Chat.Token do\n  use Joken.Config\n\n  def signer do\n    Joken.Signer.create("HS256", "joken-literal") # TODO\n  end\nend\n', [
      { key: 'Joken.Signer.create', keyId: 'JWT_SECRET', origin: 'literal', value: 'joken-literal', line: 5 },
    ], 'lib/chat/token.ex'),
    ex('config :joken default_signer', 'config :joken, default_signer: "joken-default-signer"\n', [
      { key: 'default_signer', keyId: 'JWT_SECRET', origin: 'literal', value: 'joken-default-signer' },
    ]),
    ex('a module attribute', 'defmodule Shop.Auth do\n  @jwt_secret "attr-literal"\nend\n', [{ key: '@jwt_secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'attr-literal' }], 'lib/shop/auth.ex'),
    ex('sigil strings and heredocs do not hide what follows', '@moduledoc """\nIt\'s "quoted"\n"""\nx = ~s(it\'s)\nc = ?"\nconfig :a, A.Endpoint, secret_key_base: ~S|sigil-literal|\n', [
      { key: 'secret_key_base', origin: 'literal', value: 'sigil-literal', line: 6 },
    ]),
  ]);
});

describe('elixir: correct setups stay silent', () => {
  runCases([
    ex(
      'runtime.exs that raises when the variable is missing',
      'import Config\n\nif config_env() == :prod do\n  secret_key_base =\n    System.get_env("SECRET_KEY_BASE") ||\n      raise """\n      environment variable SECRET_KEY_BASE is missing.\n      """\n\n  config :shop, ShopWeb.Endpoint, secret_key_base: secret_key_base\nend\n',
      [{ key: 'SECRET_KEY_BASE', origin: 'env', line: 5 }],
      'config/runtime.exs',
    ),
    ex('comments and word lists', '# secret_key_base: "commented"\nconfig :a, A.Endpoint, secret_key_base: ~w(not a string)\n', []),
    ex('Phoenix salts are mixed with the key base, not secrets', 'config :shop, ShopWeb.Endpoint,\n  live_view: [signing_salt: "GakYThHq"],\n  session: [signing_salt: "x1", encryption_salt: "y2"]\n', []),
    ex('keys that are not secrets', 'config :shop, ShopWeb.Endpoint, pubsub_server: Shop.PubSub, http: [port: 4000]\n', []),
  ]);
});
