import { describe } from 'vitest';
import { runCases, type Case } from './harness.js';

const rs = (name: string, text: string, expected: Case['expected'], uses?: Case['uses'], path = 'src/config.rs'): Case => ({
  name,
  path,
  text,
  expected,
  ...(uses ? { uses } : {}),
});

describe('rust: catching cases', () => {
  runCases([
    rs('env::var(...).unwrap_or(literal)', 'impl Default for JwtSecret {\n    fn default() -> Self {\n        Self {\n            jwt_secret: std::env::var("JWT_SECRET").unwrap_or("unwrap-or-lit".to_string())\n        }\n    }\n}\n', [
      { key: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'unwrap-or-lit', line: 4 },
    ]),
    rs('unwrap_or_else with a closure, after .ok()', 'let secret = env::var("SESSION_SECRET").ok().unwrap_or_else(|| { String::from("closure-lit") });\nlet key = dotenvy::var("JWT_KEY").unwrap_or_else(|_| "into-lit".into());\n', [
      { key: 'SESSION_SECRET', origin: 'default', value: 'closure-lit', line: 1 },
      { key: 'JWT_KEY', origin: 'default', value: 'into-lit', line: 2 },
    ]),
    rs('a constant and a static', 'const JWT_SECRET: &str = "const-lit";\npub static SECRET_KEY: &\'static [u8] = b"static-lit";\n', [
      { key: 'JWT_SECRET', origin: 'literal', value: 'const-lit', line: 1 },
      { key: 'SECRET_KEY', origin: 'literal', value: 'static-lit', line: 2 },
    ]),
    rs('a local byte string passed to EncodingKey::from_secret', 'fn main() {\n    let key = b"local-lit";\n    let token = encode(&Header::default(), &claims, &EncodingKey::from_secret(key)).unwrap();\n    let data = decode::<Claims>(&token, &DecodingKey::from_secret(key), &validation);\n}\n', [
      { key: 'EncodingKey::from_secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'local-lit', line: 2 },
    ], undefined, 'src/main.rs'),
    rs('literals straight into the JWT and HMAC crates', 'let enc = EncodingKey::from_secret("inline-lit".as_ref());\nlet key = HS256Key::from_bytes(b"simple-lit");\nlet mac = HmacSha256::new_from_slice(b"hmac-lit").unwrap();\nlet raw = EncodingKey::from_secret(r#"raw-lit"#.as_bytes());\n', [
      { keyId: 'JWT_SECRET', origin: 'literal', value: 'inline-lit', line: 1 },
      { keyId: 'JWT_SECRET', origin: 'literal', value: 'simple-lit', line: 2 },
      { keyId: 'HMAC_SECRET', origin: 'literal', value: 'hmac-lit', line: 3 },
      { keyId: 'JWT_SECRET', origin: 'literal', value: 'raw-lit', line: 4 },
    ]),
    rs('a secret printed', 'let jwt_secret = env::var("JWT_SECRET").expect("JWT_SECRET must be set");\nprintln!("secret: {}", jwt_secret);\n', [
      { key: 'JWT_SECRET', origin: 'env', line: 1 },
    ], [{ key: 'jwt_secret', sink: 'println!', line: 2 }]),
  ]);
});

describe('rust: correct setups stay silent', () => {
  runCases([
    rs('strict reads', 'let secret = std::env::var("JWT_SECRET").expect("JWT_SECRET must be set");\nlet k = env::var("SECRET_KEY")?;\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'SECRET_KEY', origin: 'env' },
    ]),
    rs('struct definitions, parameters and lifetimes', "pub struct Config<'a> {\n    pub jwt_secret: String,\n    pub session_secret: &'a str,\n}\nfn sign(jwt_secret: &str) -> String { todo!() }\nlet c = 'x';\n", []),
    rs('comments', '// const JWT_SECRET: &str = "c";\n/* let key = b"block"; */\n', []),
  ]);
});
