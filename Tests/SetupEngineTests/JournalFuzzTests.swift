import Foundation
import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing

/// The journal reader on thousands of damaged journals (seeded, so a failure replays): a
/// journal or a `JournalError` that says what to do, never a crash.
@Suite struct JournalFuzzTests {
    static var iterations: Int { ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1_000 }

    static func validJournal() throws -> Data {
        var journal = Journal(org: "https://acme.okta.com", appId: "0oaOjMqNowS6JZTZPspC")
        journal.entries.append(Journal.Entry(step: .oktaAttribute, method: "POST", path: "/api/v1/meta/schemas/user/default",
                                             body: .object(["definitions": .object(["custom": .object(["properties": .object(["dialpadPhone": .object(["type": .string("string")])])])])]),
                                             before: .null, after: .object(["type": .string("string")]), outcome: .done, message: nil, at: "2026-11-23T10:00:00Z"))
        journal.entries.append(Journal.Entry(step: .mapping, method: "POST", path: "/api/v1/mappings/prm1", body: .object([:]),
                                             before: .null, after: nil, outcome: .intent, message: "x", at: "2026-11-23T10:00:01Z"))
        journal.confirmations.append(Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-11-23T10:00:02Z"))
        return try JSONEncoder().encode(journal)
    }

    @Test func damagedJournalsAreRefusedNeverCrash() async throws {
        // On a GCD thread: a long CPU loop on the cooperative pool starves the in-process simulators of other tests.
        let problems = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[String], any Error>) in
            Thread { continuation.resume(with: Result { try Self.fuzzJournal() }) }.start()
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    static func fuzzJournal() throws -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String = "") { if !condition { problems.append(message()) } }
        let valid = try Self.validJournal()
        let tokens = ["{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "\"intent\"", "\"rolledBack\"", "\"nope\"", "99", "-1", "\\u0000"]
        var generator = SeededGenerator(seed: ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? 7)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = JournalStore(url: directory.appendingPathComponent("journal.json"))
        var loaded = 0, refused = 0
        for _ in 0..<Self.iterations {
            var bytes = [UInt8](valid)
            if Int.random(in: 0..<10, using: &generator) == 0 {
                bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<5, using: &generator) {
                    case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                    case 1 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...12, using: &generator)))
                    case 2: bytes = Array(bytes.prefix(position))
                    default: bytes.insert(contentsOf: Array(tokens.randomElement(using: &generator)!.utf8), at: position)
                    }
                }
            }
            try Data(bytes).write(to: store.url)
            do {
                _ = try store.load(expectingOrg: "https://acme.okta.com", appId: "0oaOjMqNowS6JZTZPspC")
                loaded += 1
            } catch is JournalError {
                refused += 1
            }
        }
        check(loaded > 0 && refused > 0)
        print("fuzz journal reader: \(loaded + refused) executions (\(loaded) loaded, \(refused) refused)")
        return problems
    }
}
