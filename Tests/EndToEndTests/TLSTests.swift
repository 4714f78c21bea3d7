import Foundation
import OktaSimulator
import Testing

/// The client over real TLS against the simulator's HTTPS mode: trusted through `--ca-file`
/// or `SSL_CERT_FILE`, and refused, clearly, when the certificate is untrusted or for another host.
@Suite(.serialized) struct TLSTests {
    static func start(names: [String] = ["localhost", "127.0.0.1", "::1"]) async throws -> RunningSimulator {
        var options = SimulatorOptions(seed: "complete")
        options.tls = true
        options.tlsNames = names
        return try await OktaSimulator.start(options)
    }

    @Test func trustedThroughCAFileFlag() async throws {
        let simulator = try await Self.start()
        let caFile = try #require(simulator.caFile)
        #expect(simulator.baseURL.hasPrefix("https://127.0.0.1:"))
        #expect(try String(contentsOfFile: caFile, encoding: .utf8).hasPrefix("-----BEGIN CERTIFICATE-----"))
        let home = Binary.emptyHome()
        let result = try await Binary.run(["inspect", "--json", "--ca-file", caFile], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"complete\""), "\(result.stdout.prefix(300))")
        await simulator.shutdown()
    }

    @Test func trustedThroughSSLCertFile() async throws {
        let simulator = try await Self.start()
        let home = Binary.emptyHome()
        let result = try await Binary.run(["apply", "--yes", "--state-file", home + "/journal.json"],
                                          environment: OrgRecord.environment(simulator, home: home, ["SSL_CERT_FILE": simulator.caFile!]))
        #expect(result.status == 0, "a complete org over TLS: \(result.stderr)")
        await simulator.shutdown()
    }

    @Test func untrustedCertificateIsRefusedClearly() async throws {
        let simulator = try await Self.start()
        let home = Binary.emptyHome()
        let result = try await Binary.run(["inspect"], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("the certificate of 127.0.0.1 is not trusted") || result.stderr.contains("The certificate of 127.0.0.1 is not trusted"),
                "\(result.stderr)")
        #expect(result.stderr.contains("--ca-file"))
        #expect(try await OrgRecord.requests(simulator).isEmpty, "no request reached the org")
        await simulator.shutdown()
    }

    @Test func anotherCAIsNotEnough() async throws {
        let simulator = try await Self.start()
        let other = try await Self.start()
        let home = Binary.emptyHome()
        let result = try await Binary.run(["inspect", "--ca-file", other.caFile!], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not trusted"), "\(result.stderr)")
        await simulator.shutdown()
        await other.shutdown()
    }

    @Test func certificateForAnotherHostIsRefusedClearly() async throws {
        let simulator = try await Self.start(names: ["okta.example.com"])
        let home = Binary.emptyHome()
        let result = try await Binary.run(["inspect", "--ca-file", simulator.caFile!], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("The certificate of 127.0.0.1 is for another host name"), "\(result.stderr)")
        #expect(try await OrgRecord.requests(simulator).isEmpty, "the token was never sent")
        await simulator.shutdown()
    }

    /// Issue 25: the CA file is handed to TLS as a file (read when it connects), and only its first
    /// certificate is read at start; a file that is not PEM or is damaged is still named first.
    @Test("a CA file that is not a certificate, or a damaged one, is named before any request",
          arguments: ["not a certificate\n", "-----BEGIN CERTIFICATE-----\nMIIBnot!base64\n-----END CERTIFICATE-----\n"])
    func damagedCAFileIsNamedFirst(contents: String) async throws {
        let simulator = try await Self.start()
        let home = Binary.emptyHome()
        let caFile = home + "/corp-ca.pem"
        try contents.write(toFile: caFile, atomically: true, encoding: .utf8)
        let result = try await Binary.run(["inspect", "--ca-file", caFile], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains(caFile), "\(result.stderr)")
        #expect(try await OrgRecord.requests(simulator).isEmpty, "no request reached the org")
        await simulator.shutdown()
    }

    @Test("there is no way to turn verification off", arguments: ["--insecure", "--no-verify", "--skip-tls-verify", "-k"])
    func noInsecureFlag(flag: String) async throws {
        let result = try await Binary.run(["inspect", flag], environment: Binary.environment())
        #expect(result.status == 2, "\(flag) is not an option")
    }

    @Test func unreadableCAFileIsAConfigurationError() async throws {
        let simulator = try await Self.start()
        let home = Binary.emptyHome()
        try "not a certificate".write(toFile: home + "/bad.pem", atomically: true, encoding: .utf8)
        for (path, fragment) in [(home + "/missing.pem", "does not exist or cannot be read"), (home + "/bad.pem", "holds no PEM certificate")] {
            let result = try await Binary.run(["inspect", "--ca-file", path], environment: OrgRecord.environment(simulator, home: home))
            #expect(result.status == 1)
            #expect(result.stderr.contains(fragment), "\(result.stderr)")
        }
        #expect(try await OrgRecord.requests(simulator).isEmpty)
        await simulator.shutdown()
    }

    @Test func simulatorCommandPrintsTheCAPath() async throws {
        let home = Binary.emptyHome()
        let simulator = try await SimulatorProcess.start(["--seed", "complete", "--tls", "--ca-dir", home], lines: 3,
                                                         environment: Binary.environment(home: home))
        simulator.stop()
        await blocking { simulator.process.waitUntilExit() }
        let lines = simulator.lines
        try #require(lines.count >= 3)
        #expect(lines[0].hasPrefix("OKTA_CLIENT_ORGURL=https://127.0.0.1:"))
        #expect(lines[2] == "SSL_CERT_FILE=\(home)/simulator-ca.pem")
        #expect(FileManager.default.fileExists(atPath: home + "/simulator-ca.pem"))
    }
}

/// docs/REAL-ORGS.md R9: Okta serves HTTP/2 over TLS, so the simulator does, and the product runs over it.
@Suite struct HTTP2Tests {
    static func versions(_ simulator: RunningSimulator) async throws -> [String] {
        try await OrgRecord.requests(simulator).compactMap { $0["httpVersion"] as? String }
    }

    @Test("inspect and apply over TLS speak HTTP/2, with the same requests and waves as over HTTP/1.1")
    func productOverHTTP2() async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.tls = true
        let simulator = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        let environment = OrgRecord.environment(simulator, home: home, ["SSL_CERT_FILE": simulator.caFile!])
        let inspect = try await Binary.run(["inspect", "--json"], environment: environment)
        #expect(inspect.status == 3, "\(inspect.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
        #expect(report?["requests"] as? Int == 9 && report?["waves"] as? Int == 3, "\(report ?? [:])")
        let apply = try await Binary.run(["apply", "--yes", "--state-file", home + "/journal.json"], environment: environment)
        #expect(apply.status == 3, "\(apply.stderr)")
        let versions = try await Self.versions(simulator)
        #expect(!versions.isEmpty && versions.allSatisfy { $0 == "2" }, "\(Set(versions))")
        await simulator.shutdown()
    }

    @Test("curl --http2 gets HTTP/2; a client that asks for HTTP/1.1 gets it", arguments: [("--http2", "2"), ("--http1.1", "1.1")])
    func curlNegotiates(flag: String, version: String) async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.tls = true
        let simulator = try await OktaSimulator.start(options)
        let result = try await ChildProcess.output("/usr/bin/curl", ["-sS", flag, "--cacert", simulator.caFile!, "-o", "/dev/null", "-w", "%{http_version}",
                                                                 "-H", "Authorization: SSWS \(simulator.token)", simulator.baseURL + "/api/v1/meta/types/user/default"])
        #expect(result == version)
        let recorded = try await Self.versions(simulator)
        #expect(recorded == [version], "\(recorded)")
        await simulator.shutdown()
    }
}

extension ChildProcess {
    /// Runs a tool to its end and returns its standard output.
    static func output(_ tool: String, _ arguments: [String]) async throws -> String {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        let data = await blocking { readToEnd(out.fileHandleForReading.fileDescriptor) }
        await blocking { process.waitUntilExit() }
        return String(decoding: data, as: UTF8.self)
    }
}
