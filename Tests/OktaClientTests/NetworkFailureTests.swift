import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import OktaClient

/// A request that got no HTTP answer is sorted by the type of its error, never by the words
/// of its description (issue 26, section 3).
@Suite struct NetworkFailureTests {
    static let cases: [(any Error & Sendable, OktaClient.NetworkFailure)] = [
        (HTTPClientError.connectTimeout, .timeout),
        (HTTPClientError.deadlineExceeded, .timeout),
        (HTTPClientError.readTimeout, .timeout),
        (HTTPClientError.remoteConnectionClosed, .closed),
        (SocketAddressError.unknown(host: "acme.okta.com", port: 443), .unknownHost),
        (IOError(errnoCode: ECONNREFUSED, reason: "connect"), .refused),
        (IOError(errnoCode: ECONNRESET, reason: "read"), .closed),
        (ChannelError.connectTimeout(.seconds(10)), .timeout),
        (NIOSSLExtraError.failedToValidateHostname, .certificateForOtherHost),
        (NIOSSLError.uncleanShutdown, .closed),
        (NIOSSLError.handshakeFailed(.sslError([])), .tls),
    ]

    @Test func eachKindOfFailureIsKnownByItsType() {
        for (error, expected) in Self.cases {
            #expect(OktaClient.classify(error) == expected, "\(error)")
        }
    }

    /// The old way read words: an error that merely says "connectTimeout" or "CERTIFICATE_VERIFY_FAILED"
    /// in its description is not taken for one.
    @Test func wordsInADescriptionDoNotClassify() {
        for words in ["connectTimeout", "NXDOMAIN", "CERTIFICATE_VERIFY_FAILED", "Connection refused"] {
            #expect(OktaClient.classify(NSError(domain: words, code: 1)) == .unreachable, "\(words)")
        }
    }

    /// The resolver's own error, whatever type NIO gives it today (SocketAddressError.UnknownHost
    /// now, the enum case before): `.invalid` never resolves (RFC 2606).
    @Test func aHostThatDoesNotResolveIsUnknown() async throws {
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: "https://nohost.invalid"), token: Secret("00abc")),
                                readOnly: true, retry: RetryPolicy(maxAttempts: 1, maxRateLimitWaits: 0, baseBackoff: .milliseconds(5)))
        let error = await #expect(throws: OktaError.self) { _ = try await client.get([OktaApp].self, "/api/v1/apps") }
        await client.shutdown()
        #expect(error?.problem == .unknownHost(host: "nohost.invalid"), "\(String(describing: error))")
    }

    @Test func theErrorNamesTheHostAndItsProblem() {
        let url = URL(string: "https://acme.okta.com/api/v1/apps")!
        let error = OktaClient.networkError(SocketAddressError.unknown(host: "acme.okta.com", port: 443), method: "GET", url: url)
        #expect(error.code == .network && error.problem == .unknownHost(host: "acme.okta.com") && error.path == "/api/v1/apps")
    }
}
