import Foundation
import Testing
@testable import OktaClient

@Suite("Org URL and token validation")
struct OrgURLTests {

    struct Good: Sendable, CustomTestStringConvertible {
        var input: String
        var scheme: String
        var host: String
        var port: Int?
        var description: String
        var isPreview = false
        var testDescription: String { input.debugDescription }
    }

    @Test("accepted org URLs", arguments: [
        Good(input: "https://acme.okta.com", scheme: "https", host: "acme.okta.com", description: "https://acme.okta.com"),
        Good(input: "https://acme.okta.com/", scheme: "https", host: "acme.okta.com", description: "https://acme.okta.com"),
        Good(input: "https://acme.oktapreview.com", scheme: "https", host: "acme.oktapreview.com",
             description: "https://acme.oktapreview.com", isPreview: true),
        Good(input: "https://acme.okta-emea.com/", scheme: "https", host: "acme.okta-emea.com", description: "https://acme.okta-emea.com"),
        Good(input: "  https://acme.okta.com\n", scheme: "https", host: "acme.okta.com", description: "https://acme.okta.com"),
        Good(input: "HTTPS://Acme.Okta.com", scheme: "https", host: "acme.okta.com", description: "https://acme.okta.com"),
        Good(input: "https://login.example.com:8443", scheme: "https", host: "login.example.com", port: 8443,
             description: "https://login.example.com:8443"),
        Good(input: "http://127.0.0.1:8080", scheme: "http", host: "127.0.0.1", port: 8080, description: "http://127.0.0.1:8080"),
        Good(input: "http://localhost:1234/", scheme: "http", host: "localhost", port: 1234, description: "http://localhost:1234"),
        Good(input: "http://[::1]:9000", scheme: "http", host: "::1", port: 9000, description: "http://[::1]:9000"),
        Good(input: "http://127.1.2.3", scheme: "http", host: "127.1.2.3", description: "http://127.1.2.3"),
    ])
    func accepted(_ good: Good) throws {
        let org = try OrgURL(validating: good.input)
        #expect(org.scheme == good.scheme)
        #expect(org.host == good.host)
        #expect(org.port == good.port)
        #expect(org.description == good.description)
        #expect(org.isPreview == good.isPreview)
        #expect(org.isLoopback == (good.scheme == "http"))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var input: String
        /// What is wrong with it, with its parts.
        var problem: OktaError.Problem
        var testDescription: String { input.debugDescription }
    }

    @Test("refused org URLs", arguments: [
        Bad(input: "", problem: .orgURLMissing(source: nil)),
        Bad(input: "   \n", problem: .orgURLMissing(source: nil)),
        Bad(input: "http://acme.okta.com", problem: .orgURLPlainHTTP(host: "acme.okta.com", source: nil)),
        Bad(input: "http://10.0.0.5:8080", problem: .orgURLPlainHTTP(host: "10.0.0.5", source: nil)),
        Bad(input: "http://127.0.0.1.evil.example", problem: .orgURLPlainHTTP(host: "127.0.0.1.evil.example", source: nil)),
        Bad(input: "http://localhost.evil.example", problem: .orgURLPlainHTTP(host: "localhost.evil.example", source: nil)),
        Bad(input: "https://acme-admin.okta.com", problem: .orgURLAdminConsole(url: "https://acme-admin.okta.com", orgHost: "acme.okta.com", source: nil)),
        Bad(input: "https://acme-admin.oktapreview.com/",
            problem: .orgURLAdminConsole(url: "https://acme-admin.oktapreview.com/", orgHost: "acme.oktapreview.com", source: nil)),
        Bad(input: "https://{yourOktaDomain}", problem: .orgURLPlaceholder(url: "https://{yourOktaDomain}", source: nil)),
        Bad(input: "https://yourOktaDomain", problem: .orgURLPlaceholder(url: "https://yourOktaDomain", source: nil)),
        Bad(input: "acme.okta.com", problem: .orgURLWithoutScheme(url: "acme.okta.com", source: nil)),
        // Not a host: no "Write it as https://not a url at all."
        Bad(input: "not a url at all", problem: .orgURLUnparsable(text: "not a url at all", source: nil)),
        Bad(input: "ftp://acme.okta.com", problem: .orgURLUnsupportedScheme(scheme: "ftp", source: nil)),
        Bad(input: "https://acme.okta.com/app/UserHome",
            problem: .orgURLWithPath(url: "https://acme.okta.com/app/UserHome", suggestion: "https://acme.okta.com", source: nil)),
        Bad(input: "https://acme.okta.com/?fromURI=x", problem: .orgURLWithPath(url: "https://acme.okta.com/?fromURI=x", suggestion: "https://acme.okta.com", source: nil)),
        Bad(input: "https://acme.okta.com#top", problem: .orgURLWithPath(url: "https://acme.okta.com#top", suggestion: "https://acme.okta.com", source: nil)),
        Bad(input: "https://acme.okta.com.com", problem: .orgURLRepeatedCom(host: "acme.okta.com.com", source: nil)),
        Bad(input: "https://https://acme.okta.com", problem: .orgURLSchemeTwice(url: "https://https://acme.okta.com", source: nil)),
        Bad(input: "https://admin:pw@acme.okta.com", problem: .orgURLUserInfo(source: nil)),
        Bad(input: "https://", problem: .orgURLUnparsable(text: "https://", source: nil)),
    ])
    func refused(_ bad: Bad) {
        let error = #expect(throws: OktaError.self) { _ = try OrgURL(validating: bad.input) }
        #expect(error?.code == .configuration)
        #expect(error?.problem == bad.problem)
    }

    @Test("the source the URL came from is a part of the refusal")
    func sourceIsNamed() {
        let error = #expect(throws: OktaError.self) { _ = try OrgURL(validating: "acme.okta.com", source: "OKTA_CLIENT_ORGURL") }
        #expect(error?.problem == .orgURLWithoutScheme(url: "acme.okta.com", source: "OKTA_CLIENT_ORGURL"))
    }

    @Test("an out-of-range port is refused")
    func badPort() {
        #expect(throws: OktaError.self) { _ = try OrgURL(validating: "https://acme.okta.com:70000") }
    }

    @Test("owns() accepts only the same scheme, host and port", arguments: [
        ("https://acme.okta.com", "https://acme.okta.com/api/v1/apps?after=x", true),
        ("https://acme.okta.com", "https://acme.okta.com:443/api/v1/apps", true),
        ("https://acme.okta.com", "https://ACME.okta.com/api/v1/apps", true),
        ("https://acme.okta.com", "http://acme.okta.com/api/v1/apps", false),
        ("https://acme.okta.com", "https://acme.okta.com:8443/api/v1/apps", false),
        ("https://acme.okta.com", "https://acme.okta.com.evil.example/api/v1/apps", false),
        ("https://acme.okta.com", "https://acme.okta.com@evil.example/api/v1/apps", false),
        ("https://acme.okta.com", "https://evil.example/?https://acme.okta.com", false),
        ("https://acme.okta.com", "https://other.okta.com/api/v1/apps", false),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1/apps", true),
        ("http://127.0.0.1:8080", "http://localhost:8080/api/v1/apps", false),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8081/api/v1/apps", false),
        ("http://127.0.0.1:8080", "http://127.0.0.1/api/v1/apps", false),
        ("http://[::1]:9000", "http://[::1]:9000/api/v1/apps", true),
    ])
    func owns(org: String, url: String, expected: Bool) throws {
        let org = try OrgURL(validating: org)
        #expect(org.owns(try #require(URL(string: url))) == expected)
    }

    // MARK: tokens

    @Test("accepted tokens are trimmed", arguments: [
        ("00abcDEF_ghi-123", "00abcDEF_ghi-123"),
        ("00abcDEF_ghi-123\n", "00abcDEF_ghi-123"),
        ("\n  00abcDEF_ghi-123 \r\n", "00abcDEF_ghi-123"),
    ])
    func tokenAccepted(raw: String, expected: String) throws {
        let secret = try APIToken.validate(raw, source: "OKTA_CLIENT_TOKEN")
        #expect(secret.reveal() == expected)
    }

    static let tokenSource = "~/.okta/okta.yaml"

    @Test("refused tokens: the problem names the source but never the token", arguments: [
        ("00abc def123456", OktaError.Problem.tokenWithWhitespace(source: OrgURLTests.tokenSource)),
        ("00abc\tdef123456", .tokenWithWhitespace(source: OrgURLTests.tokenSource)),
        ("00abc\ndef123456", .tokenWithWhitespace(source: OrgURLTests.tokenSource)),
        ("SSWS 00abcdef123456", .tokenWithScheme(source: OrgURLTests.tokenSource, scheme: "SSWS")),
        ("Bearer eyJabcdef123456", .tokenWithScheme(source: OrgURLTests.tokenSource, scheme: "Bearer")),
        ("", .tokenEmpty(source: OrgURLTests.tokenSource)),
        ("  \n ", .tokenEmpty(source: OrgURLTests.tokenSource)),
        ("00abcdéf123456", .tokenWithForeignCharacters(source: OrgURLTests.tokenSource)),
    ])
    func tokenRefused(raw: String, problem: OktaError.Problem) {
        let error = #expect(throws: OktaError.self) { _ = try APIToken.validate(raw, source: Self.tokenSource) }
        #expect(error?.code == .configuration)
        #expect(error?.problem == problem)
        for text in error.map(renderings) ?? [] {
            #expect(!text.contains("abcdef123456") && !text.contains("def123456"))
        }
    }

    @Test("Secret never prints its value")
    func secretRedacted() {
        let value = "00SuperSecretTokenValue123"
        let secret = Secret(value)
        var dumped = ""
        dump(secret, to: &dumped)
        var dumpedConfiguration = ""
        let configuration = OktaConfiguration(orgURL: try! OrgURL(validating: "https://acme.okta.com"), token: secret)
        dump(configuration, to: &dumpedConfiguration)
        let texts = ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, dumpedConfiguration,
                     "\(configuration)", String(reflecting: configuration), "\([secret])", "\(Optional(secret) as Any)"]
        for text in texts {
            #expect(!text.contains(value), "leaked in: \(text)")
        }
        #expect("\(secret)" == "<redacted>")
        #expect(secret.reveal() == value)
        #expect(!secret.isEmpty)
        #expect(Secret("").isEmpty)
    }
}
