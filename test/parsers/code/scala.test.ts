import { describe } from 'vitest';
import { runCases, type Case } from './harness.js';

const sc = (name: string, text: string, expected: Case['expected'], path = 'src/main/scala/auth/JwtConfig.scala'): Case => ({ name, path, text, expected });

describe('scala: catching cases', () => {
  runCases([
    sc('sys.env.getOrElse', 'object JwtConfig {\n  val secret: String = sys.env.getOrElse("JWT_SECRET", "get-or-else-lit")\n}\n', [
      { key: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'get-or-else-lit', line: 2 },
    ]),
    sc('sys.env.get(...).getOrElse and Option(System.getenv(...))', 'val a = sys.env.get("SESSION_SECRET").getOrElse("opt-lit")\nval b = Option(System.getenv("JWT_SECRET_KEY")).getOrElse("option-lit")\nval c = Properties.envOrElse("APP_SECRET", "props-lit")\n', [
      { key: 'SESSION_SECRET', origin: 'default', value: 'opt-lit', line: 1 },
      { key: 'JWT_SECRET_KEY', origin: 'default', value: 'option-lit', line: 2 },
      { key: 'APP_SECRET', origin: 'default', value: 'props-lit', line: 3 },
    ]),
    sc('a val and jwt-scala keys', 'val jwtSecret = "val-lit"\nval token = Jwt.encode(claim, "encode-lit", JwtAlgorithm.HS256)\nval checked = JwtJson.decode(token, key = "named-lit", Seq(JwtAlgorithm.HS256))\n', [
      { key: 'jwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'val-lit', line: 1 },
      { key: 'Jwt.encode', keyId: 'JWT_SECRET', origin: 'literal', value: 'encode-lit', line: 2 },
    ]),
    // Play's application key read in JWT code (a jwt path, or a JWT library imported) keys the tokens by it.
    sc('Play application key read in JWT code', 'class SecretProvider(config: Configuration) {\n  def get: String = config.get[String]("play.http.secret.key")\n}\n', [
      { key: 'SecretProvider.get', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'PLAY_HTTP_SECRET_KEY', line: 2 },
    ], 'app/authentication/jwt/services/SecretProvider.scala'),
    sc('Play application key beside a JWT library import', 'import pdi.jwt.{JwtAlgorithm, JwtJson}\nclass Tokens(config: Configuration) {\n  private val key = config.underlying.getString("play.crypto.secret")\n}\n', [
      { key: 'Tokens.key', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'PLAY_CRYPTO_SECRET', line: 3 },
    ], 'app/services/Tokens.scala'),
    sc('interpolated strings are not literals; triple quotes are', 'val secretKey = s"${prefix}-x"\nval jwtSecret = """triple-lit"""\n', [{ key: 'jwtSecret', origin: 'literal', value: 'triple-lit', line: 2 }]),
  ]);
});

describe('scala: correct setups stay silent', () => {
  runCases([
    sc('strict reads', 'val secret = sys.env("JWT_SECRET")\n', [{ key: 'JWT_SECRET', origin: 'env' }]),
    // Outside JWT code, reading Play's key (a start-up check) keys nothing else by it.
    sc('Play application key read outside JWT code', 'val configured = config.getOptional[String]("play.http.secret.key").exists(_.nonEmpty)\nval key = config.get[String]("play.http.secret.key")\n', [], 'app/filters/StartupCheck.scala'),
    sc('parameters and symbols', "case class Settings(jwtSecret: String)\ndef sign(secretKey: String): String = ???\nval s = 'sym\n", []),
  ]);
});
