import { describe } from 'vitest';
import { runCases, type Case } from './harness.js';

/** A JWT key that is the application's own key, through a name, a method or the environment. */
const c = (name: string, path: string, text: string, expected: Case['expected']): Case => ({ name, path, text, expected });

describe('the app key reaching a JWT call', () => {
  runCases([
    c('Django settings.SECRET_KEY into PyJWT', 'user/tokens.py', 'import jwt\nfrom django.conf import settings\n\ndef make(data):\n    return jwt.encode(data,settings.SECRET_KEY,algorithm="HS256")\n', [
      { key: 'jwt.encode', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY', line: 5 },
    ]),
    c('flask-jwt-extended keyed by the SECRET_KEY variable', 'app/configs/jwt.py', 'from os import getenv\n\ndef init_app(app):\n    app.config["JWT_SECRET_KEY"] = getenv("SECRET_KEY")\n', [
      { key: 'app.config["JWT_SECRET_KEY"]', keyId: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', line: 4 },
      { key: 'SECRET_KEY', origin: 'env', line: 4 },
    ]),
    c('a Rails method returning ENV["SECRET_KEY_BASE"]', 'app/controllers/application_controller.rb', "class ApplicationController < ActionController::API\n  def secret_key\n    ENV['SECRET_KEY_BASE']\n  end\n\n  def encode(payload)\n    JWT.encode(payload, secret_key, 'HS512')\n  end\nend\n", [
      { key: 'SECRET_KEY_BASE', origin: 'env', line: 3 },
      { key: 'JWT.encode', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 3 },
    ]),
    c('a Rails method returning credentials.dig(:secret_key_base)', 'app/controllers/application_controller.rb', 'def secret_key\n  Rails.application.credentials.dig(:secret_key_base)\nend\n\ndef decode(token)\n  JWT.decode(token, secret_key, true, { algorithm: "HS256" })[0]\nend\n', [
      { key: 'JWT.decode', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 2 },
    ]),
    c('a local holding secrets.secret_key_base', 'app/auth/token_encoder.rb', "module TokenEncoder\n  def self.encode(payload)\n    hmac_secret = Rails.application.secrets.secret_key_base\n    JWT.encode(payload, hmac_secret, 'HS256')\n  end\nend\n", [
      { key: 'hmac_secret', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 3 },
      // At the binding, as a method's body: one place however many calls use the name.
      { key: 'JWT.encode', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 3 },
    ]),
  ]);
});

describe('JWT keys of their own stay silent', () => {
  runCases([
    c("Guardian's key from a variable of its own", 'config/config.exs', 'config :shop, Shop.Auth.Token,\n  issuer: "shop",\n  secret_key: System.get_env("SECRET_KEY_GUARDIAN")\n', [
      { key: 'SECRET_KEY_GUARDIAN', origin: 'env', line: 3 },
    ]),
    c("Guardian's key from GUARDIAN_SECRET_KEY", 'config/runtime.exs', 'config :shop, Shop.Guardian,\n  issuer: "shop",\n  secret_key: System.fetch_env!("GUARDIAN_SECRET_KEY")\n', [
      { key: 'GUARDIAN_SECRET_KEY', origin: 'env', line: 3 },
    ]),
    c('PyJWT with its own setting', 'user/tokens.py', 'import jwt\nfrom django.conf import settings\njwt.encode(data, settings.JWT_SECRET_KEY, algorithm="HS256")\n', []),
    c('a JWT key from its own variable', 'app/configs/jwt.py', 'app.config["JWT_SECRET_KEY"] = getenv("JWT_SECRET_KEY")\napp.config["SECRET_KEY"] = getenv("DJANGO_SECRET_KEY")\n', [
      { key: 'JWT_SECRET_KEY', origin: 'env' },
      { key: 'DJANGO_SECRET_KEY', origin: 'env' },
    ]),
    c('a Rails method returning the JWT credential', 'app/controllers/application_controller.rb', 'def secret_key\n  Rails.application.credentials.jwt_secret\nend\nJWT.encode(payload, secret_key)\n', []),
  ]);
});
