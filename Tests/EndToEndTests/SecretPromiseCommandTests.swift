import Foundation
import OktaSimulator
import Testing

/// Issue 21 §2, as the admin runs the binary: where each secret goes is said before it goes,
/// files holding a key are born private, and the process's memory is closed to readers.
@Suite struct SecretPromiseCommandTests {
    @Test func inspectOrgsSaysWhichVariableGoesToWhichHostBeforeTheFirstRequest() async throws {
        let fresh = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let file = home + "/orgs.yaml"
        try OrgsAndReportTests.orgsFile(file, [(fresh.baseURL, "${FRESH_OKTA_TOKEN}"), ("https://login.acme.example", "${CUSTOM_OKTA_TOKEN}")])
        let result = try await Binary.run(["inspect", "--orgs", file, "--json"],
                                          environment: Binary.environment(["FRESH_OKTA_TOKEN": fresh.token, "CUSTOM_OKTA_TOKEN": "00never"], home: home))
        let port = try #require(URL(string: fresh.baseURL)?.port)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("Credentials go to:") && lines.contains("  FRESH_OKTA_TOKEN → 127.0.0.1:\(port)"), "\(result.stderr)")
        #expect(!result.stderr.contains("CUSTOM_OKTA_TOKEN →"), "a custom domain without customDomain: true receives nothing: \(result.stderr)")
        await fresh.shutdown()
    }

    @Test func aPastedTokenInTheOrgsFileIsNeverEchoedAsAVariableName() async throws {
        let home = Binary.emptyHome()
        let file = home + "/orgs.yaml"
        let pasted = "00GYpastedTokenValue_abcdefghijklmnopqrstu"
        try OrgsAndReportTests.orgsFile(file, [("https://acme.okta.com", "${\(pasted)}")])
        let result = try await Binary.run(["inspect", "--orgs", file, "--json"], environment: Binary.environment(home: home))
        #expect(result.status == 1)
        #expect(!result.stdout.contains(pasted) && !result.stderr.contains(pasted), "\(result.stdout)\n\(result.stderr)")
    }

    @Test func aWorldWritableOrgsFileIsNotRead() async throws {
        let home = Binary.emptyHome()
        let file = home + "/orgs.yaml"
        try OrgsAndReportTests.orgsFile(file, [("https://acme.okta.com", "${ACME_OKTA_TOKEN}")])
        #expect(chmod(file, 0o666) == 0)
        let result = try await Binary.run(["inspect", "--orgs", file], environment: Binary.environment(["ACME_OKTA_TOKEN": "00token"], home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("can be changed by other users") && !result.stderr.contains("ACME_OKTA_TOKEN →"), "\(result.stderr)")
    }

    /// The system calls of `arguments` as strace writes them; the process is stopped once
    /// `ready` holds for its standard output.
    static func trace(_ arguments: [String], calls: String, ready: (@Sendable (String) -> Bool)? = nil) async throws -> String {
        let strace = "/usr/bin/strace"
        try #require(FileManager.default.isExecutableFile(atPath: strace), "strace watches the system calls: apt-get install strace")
        let log = Binary.emptyHome() + "/trace"
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: strace)
        process.arguments = ["-f", "-qq", "-o", log, "-e", "trace=\(calls)", Binary.url.path] + arguments
        process.environment = Binary.environment()
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        let descriptor = out.fileHandleForReading.fileDescriptor
        _ = await blocking { readToEnd(descriptor) { ready?(String(decoding: $0, as: UTF8.self)) ?? false } }
        if ready != nil {
            // The traced binary is strace's child: stop it, and strace ends with it.
            let traced = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: " ").first.flatMap { Int32($0) }
            if let traced { kill(traced, SIGTERM) }
        }
        await blocking { process.waitUntilExit() }
        return try String(contentsOfFile: log, encoding: .utf8)
    }

    @Test func noCoreDumpAndNoDebuggerCanReadTheProcess() async throws {
        let calls = try await Self.trace(["--version"], calls: "prctl,setrlimit,prlimit64")
        #expect(calls.contains("RLIMIT_CORE, {rlim_cur=0, rlim_max=0}"), "\(calls)")
        #expect(calls.contains("prctl(PR_SET_DUMPABLE, 0") || calls.contains("prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE"), "\(calls)")
    }

    @Test func theSimulatorsDemoKeyIsCreatedPrivateInOneCall() async throws {
        let directory = Binary.emptyHome()
        let keyFile = directory + "/demo-key.pem"
        let calls = try await Self.trace(["simulator", "--seed", "fresh", "--oauth-client-id", "0oaDemo", "--oauth-write-key", keyFile],
                                         calls: "open,openat,creat,chmod,fchmod,fchmodat",
                                         ready: { $0.split(separator: "\n").count >= 5 })
        let touching = calls.split(separator: "\n").filter { $0.contains(directory) || $0.contains("fchmod(") }
        let creations = touching.filter { $0.contains("O_CREAT") }
        #expect(!creations.isEmpty, "\(calls)")
        #expect(creations.allSatisfy { $0.contains(", 0600)") }, "created with its final mode: \(creations)")
        #expect(!touching.contains { $0.contains("chmod(") }, "never chmod-ed after: \(touching)")
        var status = stat()
        #expect(stat(keyFile, &status) == 0 && Int(status.st_mode) & 0o777 == 0o600)
    }
}
