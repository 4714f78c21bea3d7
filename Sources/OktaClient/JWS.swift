import Crypto
import _CryptoExtras
import Foundation

/// RFC 4648 §5 base64url without padding, as JOSE uses it.
package enum Base64URL {
    package static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// A private key that signs JWTs: the admin's service-app key (RS256 or ES256) or the
/// process's ephemeral DPoP key. It never prints its material.
package struct SigningKey: Sendable, CustomStringConvertible, CustomReflectable {
    // Keys are immutable values; swift-crypto 3 does not mark P256 keys Sendable, 4 does.
    enum Material: @unchecked Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    let material: Material
    /// The `kid` found in a JWK key file, used when no key id is configured.
    package let embeddedKeyId: String?

    init(_ material: Material, embeddedKeyId: String? = nil) {
        self.material = material
        self.embeddedKeyId = embeddedKeyId
    }

    package var description: String { "SigningKey(\(algorithm), <redacted>)" }
    package var customMirror: Mirror { Mirror(self, children: [:]) }

    package var algorithm: String {
        switch material {
        case .rsa: return "RS256"
        case .p256: return "ES256"
        }
    }

    /// A fresh P-256 key that lives only in this process (DPoP, RFC 9449 §2).
    package static func ephemeralP256() -> SigningKey { SigningKey(.p256(P256.Signing.PrivateKey())) }

    /// The JWS signature over `input`: PKCS#1 v1.5 with SHA-256 for RS256, and the 64-byte
    /// r‖s form (RFC 7518 §3.4), not DER, for ES256.
    package func sign(_ input: Data) throws -> Data {
        switch material {
        case .rsa(let key): return try key.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation
        case .p256(let key): return try key.signature(for: input).rawRepresentation
        }
    }

    /// The public half as a JWK (RFC 7517), for the DPoP proof header and for registering the key.
    package var publicJWK: [String: String] {
        switch material {
        case .rsa(let key):
            let primitives = (try? key.publicKey.getKeyPrimitives())
            return ["kty": "RSA", "n": Base64URL.encode(primitives?.modulus ?? Data()),
                    "e": Base64URL.encode(primitives?.publicExponent ?? Data())]
        case .p256(let key):
            let raw = key.publicKey.rawRepresentation
            return ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(raw.prefix(32)), "y": Base64URL.encode(raw.suffix(32))]
        }
    }

    /// PEM of the public key (SubjectPublicKeyInfo), for pasting into the Admin Console.
    package var publicKeyPEM: String {
        switch material {
        case .rsa(let key): return key.publicKey.pemRepresentation
        case .p256(let key): return key.publicKey.pemRepresentation
        }
    }

    /// PKCS#8 PEM of the private key: only for writing a throwaway demo key.
    package var privateKeyPEM: String {
        switch material {
        case .rsa(let key): return key.pkcs8PEMRepresentation
        case .p256(let key): return key.pemRepresentation
        }
    }

    package static func generateRSA() throws -> SigningKey { SigningKey(.rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))) }

    /// Reads a PEM (PKCS#1, PKCS#8 or SEC1) or a JWK (JSON) private key. Errors say what is
    /// wrong with the key and where it came from, never a byte of it.
    package static func parse(_ text: String, source: String) throws(OktaError) -> SigningKey {
        let trimmed = PrivateKeyValue.keyText(text).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") { return try parseJWK(trimmed, source: source) }
        guard trimmed.hasPrefix("-----BEGIN") else {
            throw .configuration(.privateKeyRefused(source: source, fault: .neitherPEMNorJWK))
        }
        if trimmed.contains("PUBLIC KEY") {
            throw .configuration(.privateKeyRefused(source: source, fault: .publicKey))
        }
        if trimmed.contains("ENCRYPTED") {
            throw .configuration(.privateKeyRefused(source: source, fault: .encrypted))
        }
        if !trimmed.contains("EC PRIVATE KEY"), let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: trimmed) {
            return SigningKey(.rsa(rsa))
        }
        if let ec = try? P256.Signing.PrivateKey(pemRepresentation: trimmed) { return SigningKey(.p256(ec)) }
        if (try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: trimmed)) != nil {
            throw .configuration(.privateKeyRefused(source: source, fault: .rsaTooShort))
        }
        throw .configuration(.privateKeyRefused(source: source, fault: .unsupportedPEM))
    }

    static func parseJWK(_ text: String, source: String) throws(OktaError) -> SigningKey {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw .configuration(.privateKeyRefused(source: source, fault: .jsonNotJWK))
        }
        // A JWK set ({"keys":[…]}) holds one key when Okta generates it.
        if let keys = object["keys"] as? [[String: Any]] {
            guard keys.count == 1, let only = keys.first,
                  let data = try? JSONSerialization.data(withJSONObject: only), let single = String(data: data, encoding: .utf8) else {
                throw .configuration(.privateKeyRefused(source: source, fault: .jwkSetWithSeveralKeys(count: keys.count)))
            }
            return try parseJWK(single, source: source)
        }
        func field(_ name: String) throws(OktaError) -> Data {
            guard let text = object[name] as? String, let data = Base64URL.decode(text), !data.isEmpty else {
                throw .configuration(.privateKeyRefused(source: source, fault: .jwkMemberMissing(name: name)))
            }
            return data
        }
        let kid = object["kid"] as? String
        switch object["kty"] as? String {
        case "RSA":
            let n = try field("n"), e = try field("e"), d = try field("d"), p = try field("p"), q = try field("q")
            guard let key = try? _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q) else {
                throw .configuration(.privateKeyRefused(source: source, fault: .rsaJWKInconsistent))
            }
            return SigningKey(.rsa(key), embeddedKeyId: kid)
        case "EC":
            guard object["crv"] as? String == "P-256" else {
                throw .configuration(.privateKeyRefused(source: source, fault: .ecCurveUnsupported(curve: object["crv"] as? String ?? "none")))
            }
            let d = try field("d")
            guard let key = try? P256.Signing.PrivateKey(rawRepresentation: d) else {
                throw .configuration(.privateKeyRefused(source: source, fault: .ecScalarInvalid))
            }
            if let x = object["x"] as? String, x != Base64URL.encode(key.publicKey.rawRepresentation.prefix(32)) {
                throw .configuration(.privateKeyRefused(source: source, fault: .ecInconsistent))
            }
            return SigningKey(.p256(key), embeddedKeyId: kid)
        default:
            throw .configuration(.privateKeyRefused(source: source, fault: .jwkKeyTypeUnsupported(kty: object["kty"] as? String ?? "missing")))
        }
    }
}

/// Compact JWS (RFC 7515 §7.1) with JSON header and claims.
package enum JWS {
    package static func sign(header: [String: JSONValue], claims: [String: JSONValue], key: SigningKey) throws -> String {
        var header = header
        header["alg"] = .string(key.algorithm)
        let encoder = JSONEncoder.okta
        let input = Base64URL.encode(try encoder.encode(JSONValue.object(header))) + "." + Base64URL.encode(try encoder.encode(JSONValue.object(claims)))
        return input + "." + Base64URL.encode(try key.sign(Data(input.utf8)))
    }

    /// A 128-bit random identifier for `jti`.
    package static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

extension JSONValue {
    init(_ jwk: [String: String]) { self = .object(jwk.mapValues { .string($0) }) }
}
