import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 14: the change report, from a journal and a read of the org, in Markdown (English and
/// Japanese) and JSON, after an apply, after a rollback, and with the admin's confirmations.
@Suite struct ChangeReportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var now: String
        var rolledBack: Bool
        var confirmed: Bool
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "after-apply", now: "complete", rolledBack: false, confirmed: false),
        Case(name: "after-rollback", now: "fresh", rolledBack: true, confirmed: false),
        Case(name: "with-confirmations", now: "complete", rolledBack: false, confirmed: true),
    ]

    /// The journal of a real plan on the fresh org: its exact requests, each with a request id.
    static func journal(_ testCase: Case) async throws -> Journal {
        let writes = WritePlanner.writes(for: try await Observations.shared.of("fresh"))
        var journal = Journal(org: "https://acme.okta.com", appId: "0oaOjMqNowS6JZTZPspC")
        for (index, write) in writes.enumerated() {
            var entry = SnapshotTests.entry(write.step, write.method, write.path, before: .null, after: write.body, .done,
                                            at: "2026-11-23T09:14:0\(index)Z")
            entry.body = write.body
            entry.requestId = "reqWrite\(index)Xyz"
            if testCase.rolledBack {
                entry.outcome = .rolledBack
                entry.rolledBackAt = "2026-11-24T10:00:0\(index)Z"
                entry.rollbackRequestId = "reqUndo\(index)Xyz"
            }
            journal.entries.append(entry)
        }
        if testCase.confirmed {
            journal.confirmations = [Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-11-23T09:20:00Z"),
                                     Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-11-23T09:21:00Z")]
        }
        return journal
    }

    static func report(_ testCase: Case) async throws -> ChangeReport {
        let journal = try await journal(testCase)
        var observation = try await Observations.shared.of(testCase.now)
        observation.org = "https://acme.okta.com" // the simulator's port changes from run to run
        return ChangeReport(journal: journal, observation: observation,
                            reports: Planner.plan(observation, confirmations: journal.confirmations), readAt: "2026-11-25T08:00:00Z")
    }

    /// Issue 23 §3: a loopback org is the simulator, never called a production org.
    @Test(arguments: [Language.en, .ja])
    func aLoopbackOrgIsNeverCalledProduction(language: Language) async throws {
        var report = try await Self.report(Self.cases[0])
        report.org = "http://127.0.0.1:41234"
        let text = Strings.for(language).changeReport(report, timeZone: .gmt)
        let strings = Strings.for(language)
        #expect(!text.contains(strings.productionOrg) && text.contains(strings.simulatedOrg), "\(text.prefix(300))")
    }

    @Test(arguments: cases, [Language.en, .ja])
    func markdown(_ testCase: Case, _ language: Language) async throws {
        let text = Strings.for(language).changeReport(try await Self.report(testCase), timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        try Golden.checkText(text, named: "report-\(testCase.name).\(language.rawValue).md")
        if language == .ja {
            for line in text.split(separator: "\n") where !line.hasPrefix("  ") && !line.hasPrefix("{") && !line.hasPrefix("}") {
                #expect(JapaneseTests.englishRuns(in: String(line)).isEmpty, "\(line)")
            }
        }
    }

    @Test(arguments: cases)
    func json(_ testCase: Case) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(try await Self.report(testCase)), as: UTF8.self) + "\n"
        try Golden.checkText(text, named: "report-\(testCase.name).json")
    }

    /// What the report holds, as data: the requests with their ids, the rollbacks, and the
    /// confirmations marked as not verified.
    @Test func theReportHoldsRequestIdsRollbacksAndUnverifiedConfirmations() async throws {
        let applied = try await Self.report(Self.cases[0])
        #expect(applied.requests.map(\.requestId) == ["reqWrite0Xyz", "reqWrite1Xyz", "reqWrite2Xyz"])
        #expect(applied.complete && applied.rollbacks.isEmpty)
        #expect(applied.steps.first { $0.step == .oktaAttribute }?.before == .null)
        let rolledBack = try await Self.report(Self.cases[1])
        #expect(rolledBack.rollbacks.map(\.rollbackRequestId) == ["reqUndo0Xyz", "reqUndo1Xyz", "reqUndo2Xyz"])
        #expect(!rolledBack.complete)
        let confirmed = try await Self.report(Self.cases[2])
        #expect(confirmed.confirmations.map(\.step) == [.existingUsers, .profileSource])
        #expect(confirmed.confirmations.allSatisfy { !$0.verified })
        let json = String(decoding: try JSONEncoder().encode(confirmed), as: UTF8.self)
        #expect(json.contains("\"verified\":false"))
    }
}
