import Foundation

/// Whether `text` holds a JWS (an assertion, a DPoP proof, a JWT access token): a base64url
/// JSON header, a dot, more. Not just "eyJ": three characters turn up by chance in request ids.
public func containsJWS(_ text: String) -> Bool {
    text.range(of: #"eyJ[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{2,}"#, options: .regularExpression) != nil
}
