import Foundation
import OktaClient
import OktaSimulator
import Testing

/// The second attack on support bundles (issue 24, /work/notes/attack-bundles-2.md), with the
/// real binary over loopback HTTP: a second recording replaces the first, and a run ended by a
/// signal leaves the bundle of what it recorded so far.
@Suite struct SupportBundleAttack2Tests {
    static func bundle(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func recordingTwiceToOneFileReplacesTheEarlierBundle() async throws {
        let file = Binary.emptyHome() + "/same.json"
        let runs = try await withSimulator(SimulatorOptions(seed: "partial")) { simulator in
            let first = try await Binary.run(["inspect", "--record", file], environment: env(simulator))
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let second = try await Binary.run(["inspect", "--record", file], environment: env(simulator))
            return (first, size, second)
        }
        #expect(runs.1 > 4096, "a bundle past the first 4 KB")
        #expect(runs.2.status == runs.0.status, "\(runs.2.stderr)")
        #expect(try Self.bundle(file)["format"] as? String == SupportBundle.format)
    }

    @Test func aRunEndedBySIGTERMLeavesTheBundleOfWhatItRecorded() async throws {
        let file = Binary.emptyHome() + "/term.json"
        try await withSimulator(SimulatorOptions(seed: "partial", latencyMs: 2000)) { simulator in
            let process = ChildProcess()
            process.executableURL = Binary.url
            process.arguments = ["inspect", "--record", file]
            process.environment = env(simulator)
            process.currentDirectoryURL = URL(fileURLWithPath: Binary.emptyHome())
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try spawn(process)
            // Stopped once an answer was given (the next ones take 2 s), however slowly a loaded
            // machine started the binary: the bundle then has something to hold.
            let clock = ContinuousClock(), giveUp = clock.now + .seconds(90)
            while clock.now < giveUp {
                let log = (try? JSONSerialization.jsonObject(with: await simulator.requestsJSON())) as? [Any] ?? []
                if !log.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .seconds(1))
            kill(process.processIdentifier, SIGTERM)
            let stderr = await blocking { readToEnd(err.fileHandleForReading.fileDescriptor) }
            await blocking { process.waitUntilExit() }
            #expect(process.terminationStatus == 128 + SIGTERM, "\(String(decoding: stderr, as: UTF8.self))")
            let header = try #require(try Self.bundle(file)["header"] as? [String: Any])
            #expect(header["interrupted"] as? Bool == true)
            #expect(((try Self.bundle(file)["exchanges"] as? [Any])?.count ?? 0) > 0)
            #expect(String(decoding: stderr, as: UTF8.self).contains(file))
        }
    }
}
