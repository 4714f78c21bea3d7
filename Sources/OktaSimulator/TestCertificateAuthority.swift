import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A throw-away CA made when an HTTPS simulator starts, and the server certificate it signs,
/// so the client can be tested over real TLS with verification on. Nothing is kept but the
/// CA's public PEM, which the client is pointed at.
enum TestCertificateAuthority {
    struct Material {
        var caFile: String
        var serverConfiguration: TLSConfiguration
    }

    static func make(names: [String], directory: String?) throws -> Material {
        do {
            let now = Date()
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName {
                OrganizationName("dialpad-okta simulator")
                CommonName("dialpad-okta simulator test CA")
            }
            let ca = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
                notValidBefore: now - 3600, notValidAfter: now + 30 * 86400,
                issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                },
                issuerPrivateKey: .init(caKey))

            let serverKey = P256.Signing.PrivateKey()
            let alternativeNames = names.map { name -> GeneralName in
                if let address = ipAddressBytes(name) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address))) }
                return .dnsName(name)
            }
            let server = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
                notValidBefore: now - 3600, notValidAfter: now + 30 * 86400,
                issuer: caName, subject: try DistinguishedName { CommonName(names.first ?? "localhost") },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames(alternativeNames)
                },
                issuerPrivateKey: .init(caKey))

            let folder = directory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("dialpad-okta-simulator-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let caFile = URL(fileURLWithPath: folder).appendingPathComponent("simulator-ca.pem").path
            try Data(try ca.serializeAsPEM().pemString.utf8).write(to: URL(fileURLWithPath: caFile))

            let certificate = try NIOSSLCertificate(bytes: Array(try server.serializeAsPEM().pemString.utf8), format: .pem)
            let key = try NIOSSLPrivateKey(bytes: Array(serverKey.pemRepresentation.utf8), format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
            return Material(caFile: caFile, serverConfiguration: configuration)
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw SimulatorError(code: "tls-setup", message: "Cannot make the simulator's test certificates: \(error)")
        }
    }

    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
