import Foundation
import OktaSimulator
import Testing

/// `apply` killed with SIGKILL at every write point of every seed, then `resume`, then
/// `rollback --all`: complete, with no write made twice, and the org restored exactly.
/// The points come from a clean apply's own requests, so a new write is covered the day it appears.
@Suite(.serialized) struct CrashResumeTests {
    struct CrashPoint: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var occurrence: Int
        var moment: HoldMoment
        var description: String {
            switch moment {
            case .arrived: return "\(method) \(path) #\(occurrence) arrived (intent journalled, nothing applied)"
            case .applied: return method == "GET" ? "pre-write re-read \(path) #\(occurrence) answered, client not told"
                                                  : "\(method) \(path) #\(occurrence) applied, client not told"
            }
        }
    }

    /// For each write: its pre-write re-read (the last GET of the same resource before it),
    /// the write arriving, and the write applied.
    static func points(from log: [[String: Any]]) -> [CrashPoint] {
        var seen: [String: Int] = [:]
        var occurrences: [Int] = []
        for entry in log {
            let key = "\(entry["method"] as? String ?? "") \(entry["path"] as? String ?? "")"
            seen[key, default: 0] += 1
            occurrences.append(seen[key]!)
        }
        var points: [CrashPoint] = []
        for (index, entry) in log.enumerated() where entry["method"] as? String == "POST" {
            let path = entry["path"] as? String ?? ""
            if let reread = log[..<index].lastIndex(where: { $0["method"] as? String == "GET" && $0["path"] as? String == path }) {
                points.append(CrashPoint(method: "GET", path: path, occurrence: occurrences[reread], moment: .applied))
            }
            points.append(CrashPoint(method: "POST", path: path, occurrence: occurrences[index], moment: .arrived))
            points.append(CrashPoint(method: "POST", path: path, occurrence: occurrences[index], moment: .applied))
        }
        return points
    }

    /// Writes a clean apply makes per seed; a seed where apply refuses (ambiguous, no-app) or
    /// has nothing to do (complete) has none; conflict gets the one write that rests on no conflict.
    static let expectedWrites = ["fresh": 3, "partial": 1, "conflict": 1, "complete": 0, "ambiguous": 0, "no-app": 0, "large": 3, "enterprise": 3, "push-only": 3]

    @Test("kill -9 at every write point, then resume and rollback", arguments: OktaSimulator.availableSeeds())
    func crashMatrix(seed: String) async throws {
        try await Self.crashAtEveryPoint(SimulatorOptions(seed: seed))
    }

    /// On an org that shows writes seconds late (docs/REAL-ORGS.md R5), a write that landed just
    /// before the crash may not show when resume reads the org: resume then sends it again,
    /// which changes nothing (the same partial update), and the org ends the same.
    @Test("kill -9 at every write point of an org that shows writes late, then resume and rollback")
    func crashMatrixOnALateOrg() async throws {
        var options = SimulatorOptions(seed: "fresh")
        options.consistencyDelayMs = 1_500
        try await Self.crashAtEveryPoint(options, lateWritesMaySendTwice: true)
    }

    static func crashAtEveryPoint(_ options: SimulatorOptions, lateWritesMaySendTwice: Bool = false) async throws {
        let seed = options.seed
        let delay = Duration.milliseconds(options.consistencyDelayMs)
        // The clean run: its requests give the crash points, its end state the target.
        let clean = try await OktaSimulator.start(options)
        let original = try await OrgRecord.state(clean)
        let cleanHome = Binary.emptyHome()
        let cleanRun = try await Binary.run(["apply", "--yes", "--state-file", cleanHome + "/journal.json"],
                                            environment: OrgRecord.environment(clean, home: cleanHome))
        let log = try await OrgRecord.requests(clean)
        try await Task.sleep(for: delay)
        let target = try await OrgRecord.state(clean)
        let targetWrites = try await OrgRecord.appliedWrites(clean)
        await clean.shutdown()
        let points = Self.points(from: log)
        let writes = targetWrites.values.reduce(0, +)
        #expect(writes == Self.expectedWrites[seed], "\(seed): \(writes) writes")
        #expect(points.count >= 2 * writes && points.count <= 3 * writes)
        if writes == 0 { #expect(points.isEmpty, "\(seed): apply wrote nothing (exit \(cleanRun.status)), so there is no point to crash at") }
        print("crash matrix \(seed): \(points.count) crash points (\(writes) writes, clean apply exit \(cleanRun.status))")

        for point in points {
            let simulator = try await OktaSimulator.start(options)
            await simulator.hold(point.method, path: point.path, occurrence: point.occurrence, at: point.moment)
            let home = Binary.emptyHome()
            let environment = OrgRecord.environment(simulator, home: home)
            let stateFile = home + "/journal.json"

            let process = ChildProcess()
            process.executableURL = Binary.url
            process.arguments = ["apply", "--yes", "--state-file", stateFile]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try spawn(process)
            var held = false
            for _ in 0..<12_000 where process.isRunning {
                held = await simulator.isHolding()
                if held { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(process.processIdentifier, SIGKILL)
            await blocking { process.waitUntilExit() }
            await simulator.abandonHeld()
            #expect(held, "\(seed): the run reached \(point)")

            // A crash before the first journal entry leaves nothing written, and apply starts over.
            let journalled = FileManager.default.fileExists(atPath: stateFile)
            if !journalled { #expect(try await OrgRecord.appliedWrites(simulator).isEmpty, "\(seed) \(point): no journal, so no write yet") }
            let resumed = try await Binary.run(journalled ? ["resume", "--yes", "--state-file", stateFile] : ["apply", "--yes", "--state-file", stateFile],
                                               environment: environment)
            #expect(resumed.status == cleanRun.status, "\(seed) \(point): resume ends as the clean apply: \(resumed.stderr)")
            try await Task.sleep(for: delay)
            #expect(try await OrgRecord.state(simulator) == target, "\(seed) \(point): the org ends as after a clean apply")
            let applied = try await OrgRecord.appliedWrites(simulator)
            if lateWritesMaySendTwice {
                #expect(applied.keys == targetWrites.keys && applied.allSatisfy { $0.value <= 2 * (targetWrites[$0.key] ?? 0) },
                        "\(seed) \(point): each write made, at most once more across the crash: \(applied)")
            } else {
                #expect(applied == targetWrites, "\(seed) \(point): every write made exactly once across the crash")
            }

            let rollback = try await Binary.run(["rollback", "--all", "--yes", "--delete-attribute-data", "--state-file", stateFile],
                                                environment: environment)
            #expect(rollback.status == 0, "\(seed) \(point): \(rollback.stderr)")
            try await Task.sleep(for: delay)
            #expect(try await OrgRecord.state(simulator) == original, "\(seed) \(point): rollback restores the org exactly")
            await simulator.shutdown()
        }
    }

    @Test func resumeWithoutAJournalSaysSo() async throws {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
        let home = Binary.emptyHome()
        let result = try await Binary.run(["resume", "--state-file", home + "/none.json"], environment: OrgRecord.environment(simulator, home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("no setup to resume"))
        await simulator.shutdown()
    }
}
