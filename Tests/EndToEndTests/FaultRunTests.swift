import Foundation
import OktaSimulator
import Testing

/// `apply --yes` (the real binary) against an org that fails 10-30% of its requests in one
/// way each: it completes, or stops with a clear message and a journal from which `resume`
/// completes. The final org is exactly what a clean apply makes, and no write lands twice.
@Suite(.serialized) struct FaultRunTests {
    struct Run: Sendable, CustomTestStringConvertible {
        var seed: String
        /// nil: every kind at once, each at `rate`.
        var kind: FaultKind?
        var rate: Double
        var faultSeed: UInt64
        /// Overrides `kind` and `rate`.
        var mix: [FaultKind: Double]? = nil
        /// Schema writes shown late (docs/REAL-ORGS.md R5), on top of the faults.
        var consistencyDelayMs = 0
        /// Over TLS, where the simulator speaks HTTP/2 as Okta does (R9).
        var tls = false
        var faults: [FaultKind: Double] {
            if let mix { return mix }
            return kind.map { [$0: rate] } ?? Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0, $0 == .dropSchemaWrite ? 0.3 : rate) })
        }
        var testDescription: String {
            let what = mix.map { $0.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ",") } ?? "\(kind?.rawValue ?? "every fault")=\(rate)"
            return "\(seed) with \(what) (fault seed \(faultSeed))" + (consistencyDelayMs > 0 ? ", writes shown \(consistencyDelayMs) ms late" : "") + (tls ? ", over HTTP/2" : "")
        }
    }

    static let runs: [Run] = [
        Run(seed: "fresh", kind: .rateLimit, rate: 0.2, faultSeed: 11),
        Run(seed: "fresh", kind: .serverError, rate: 0.3, faultSeed: 2),
        Run(seed: "fresh", kind: .serverError, rate: 0.3, faultSeed: 3),
        Run(seed: "fresh", kind: .drop, rate: 0.3, faultSeed: 4),
        Run(seed: "fresh", kind: .drop, rate: 0.3, faultSeed: 5),
        Run(seed: "fresh", kind: .slow, rate: 0.1, faultSeed: 6),
        Run(seed: "fresh", kind: .dropSchemaWrite, rate: 0.3, faultSeed: 7),
        Run(seed: "fresh", kind: .dropSchemaWrite, rate: 0.3, faultSeed: 14),
        Run(seed: "partial", kind: .serverError, rate: 0.3, faultSeed: 9),
        Run(seed: "partial", kind: .drop, rate: 0.3, faultSeed: 10),
        // A real org's shape: 2,000 apps that all map into Okta users, 3 identity providers.
        Run(seed: "enterprise", kind: nil, rate: 0.1, faultSeed: 23),
        Run(seed: "fresh", kind: nil, rate: 0.1, faultSeed: 24, consistencyDelayMs: 2_000),
        Run(seed: "fresh", kind: nil, rate: 0.1, faultSeed: 25, tls: true),
        Run(seed: "fresh", kind: nil, rate: 0.1, faultSeed: 21),
        Run(seed: "fresh", kind: nil, rate: 0.1, faultSeed: 22),
        // The mapping write meets two faults in a row: apply stops, resume finishes.
        Run(seed: "fresh", kind: nil, rate: 0, faultSeed: 32, mix: [.serverError: 0.3, .drop: 0.2]),
    ]

    /// What a clean apply makes of the seed, and the writes it takes.
    static func reference(_ seed: String) async throws -> (state: String, writes: [String: Int]) {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed))
        let home = Binary.emptyHome()
        let result = try await Binary.run(["apply", "--yes", "--state-file", home + "/journal.json"],
                                          environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 3, "a clean apply stops at the Admin Console steps: \(result.stderr)")
        let reference = (try await OrgRecord.state(simulator), try await OrgRecord.appliedWrites(simulator))
        await simulator.shutdown()
        return reference
    }

    @Test("apply under faults, then resume until done", arguments: runs)
    func faultRun(_ run: Run) async throws {
        let reference = try await Self.reference(run.seed)
        var options = SimulatorOptions(seed: run.seed)
        options.faults = run.faults
        options.faultSeed = run.faultSeed
        options.consistencyDelayMs = run.consistencyDelayMs
        options.tls = run.tls
        options.slowFaultMs = 1_500
        let simulator = try await OktaSimulator.start(options)
        let home = Binary.emptyHome()
        let stateFile = home + "/journal.json"
        let environment = OrgRecord.environment(simulator, home: home, simulator.caFile.map { ["SSL_CERT_FILE": $0] } ?? [:])

        var attempts: [Binary.Result] = []
        var result = try await Binary.run(["apply", "--yes", "--state-file", stateFile], environment: environment)
        attempts.append(result)
        // A first run that stopped after its first write left a journal; one that stopped while reading has nothing to resume.
        let firstStopWrote = result.status == 1 && FileManager.default.fileExists(atPath: stateFile)
        while result.status == 1 && attempts.count < 8 {
            // A stop must say what happened in the admin's words, never a raw library error.
            // What the run said while it waited (`warning: …`) comes before; the stop is what follows.
            let message = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(message.hasPrefix("error: "), "\(message)")
            for raw in ["HTTPClientError", "NIOCore", "Optional(", "DecodingError", "Swift."] {
                #expect(!message.contains(raw), "raw detail in: \(message)")
            }
            let journalled = FileManager.default.fileExists(atPath: stateFile)
            result = try await Binary.run(journalled ? ["resume", "--yes", "--state-file", stateFile] : ["apply", "--yes", "--state-file", stateFile],
                                          environment: environment)
            attempts.append(result)
        }
        #expect(result.status == 3, "ends where a clean apply ends after \(attempts.count) run(s): \(result.stderr)")
        #expect(try await OrgRecord.state(simulator) == reference.state, "the org ends exactly as a clean apply leaves it")
        #expect(try await OrgRecord.appliedWrites(simulator) == reference.writes, "every write applied exactly once")
        let injected = await simulator.faultsInjected().values.reduce(0, +)
        #expect(injected > 0, "the run met faults")
        // Which run stops depends on the exact request sequence; any run that stops after a write must say how to go on.
        if firstStopWrote {
            #expect(attempts.first?.stderr.contains("Run `dialpad-okta resume`") == true, "\(attempts.first?.stderr ?? "")")
        }
        let stops = attempts.filter { $0.status == 1 }.map { $0.stderr.split(separator: "\n").first.map(String.init) ?? "" }
        print("fault run \(run.testDescription): \(injected) faults injected, \(attempts.count) run(s)\(stops.isEmpty ? "" : "; stops: \(stops)")")
        await simulator.shutdown()
    }
}
