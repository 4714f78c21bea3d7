import Foundation
import Testing
@testable import OktaClient

/// A CA file's first certificate is read a piece at a time (`TrustRoots.firstCertificate`), so
/// what a whole read would find must be found wherever the pieces fall.
@Suite struct CAFileTests {
    /// A self-signed certificate made for this test (no key kept): any PEM certificate would do.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBoDCCAUWgAwIBAgIUVal6sL6rep0NqEnkXpoR/rcOvyAwCgYIKoZIzj0EAwIw
        JDEiMCAGA1UEAwwZZGlhbHBhZC1va3RhIENBLWZpbGUgdGVzdDAgFw0yNjEyMDcy
        MzA1NDFaGA8yMTI2MTExMzIzMDU0MVowJDEiMCAGA1UEAwwZZGlhbHBhZC1va3Rh
        IENBLWZpbGUgdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLHmToUneY6v
        YOUTeUXD98Z2tRGsBnCONGY4hSya/Zw2U8ly9x/lkO8A9o7sDW5AUtTJX6ek3+UU
        sE8i/73KaImjUzBRMB0GA1UdDgQWBBR/O3+nBiO9bQKf8z6qU0FypB73JzAfBgNV
        HSMEGDAWgBR/O3+nBiO9bQKf8z6qU0FypB73JzAPBgNVHRMBAf8EBTADAQH/MAoG
        CCqGSM49BAMCA0kAMEYCIQCwcAunx7+K9/vzTkGsgoUV4bApoFwEuMz9q4XWqF0R
        wAIhAIpKBOZ0egdZlCQtrgsb6dXTY9Bq8bT+1BNNZn1gGD1a
        -----END CERTIFICATE-----

        """

    func file(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString).pem").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Comments before the certificate put its markers before, across and after the 16 KB pieces.
    @Test(arguments: [0, 16_300, 16_370, 16_384 - 10, 16_384 + 5, 40_000])
    func theFirstCertificateIsFoundWhereverThePiecesFall(padding: Int) throws {
        let path = try file(String(repeating: "#", count: padding) + "\n" + Self.certificate + Self.certificate)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let found = try #require(TrustRoots.firstCertificate(path: path) ?? nil)
        #expect(String(decoding: found, as: UTF8.self) + "\n" == Self.certificate)
        #expect(try TrustRoots.load(caFile: path, environment: [:]).files == [path])
    }

    @Test func aFileWithoutACertificateAndOneThatCannotBeReadAreToldApart() throws {
        let text = try file(String(repeating: "not a certificate\n", count: 2_000) + "-----BEGIN CERTIFICATE-----\nMIIB\n")
        defer { try? FileManager.default.removeItem(atPath: text) }
        #expect(TrustRoots.firstCertificate(path: text)! == nil)
        #expect(TrustRoots.firstCertificate(path: FileManager.default.temporaryDirectory.path) == nil)
        #expect(TrustRoots.firstCertificate(path: "/nonexistent/ca.pem") == nil)
        let damaged = try file(Self.certificate.replacingOccurrences(of: "MIIBoDCC", with: "MIIB!!CC"))
        defer { try? FileManager.default.removeItem(atPath: damaged) }
        let refusal = try #require(throws: OktaError.self) { _ = try TrustRoots.load(caFile: damaged, environment: [:]) }
        guard case .caFileWithoutCertificate(path: damaged, source: "--ca-file") = refusal.problem else {
            Issue.record("\(refusal.problem)"); return
        }
        let folder = try #require(throws: OktaError.self) {
            _ = try TrustRoots.load(caFile: nil, environment: ["SSL_CERT_FILE": FileManager.default.temporaryDirectory.path])
        }
        guard case .caFileUnreadable(path: _, source: "SSL_CERT_FILE") = folder.problem else { Issue.record("\(folder.problem)"); return }
    }
}
