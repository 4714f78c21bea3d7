import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 26 section 2: `inspect` and `plan` are one renderer for every language, with one
/// layout: a step's line is its mark, id, state and title in English and Japanese alike, so a
/// script picks a step by its id whatever the admin's language.
@Suite struct InspectionTextTests {
    static func text(_ seed: String, _ language: Language) async throws -> (report: InspectionReport, lines: [String]) {
        var observation = try await Observations.shared.of(seed)
        observation.org = "https://acme.okta.com" // the simulator's port changes from run to run
        let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: 9, waves: 3, language: language)
        let text = CommandLineText(language: language, colour: false)
        let prose = text.inspection(report, observation: observation) + text.plan(WritePlan(observation), complete: report.complete)
        return (report, TerminalWriter.plain.render(prose).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// The step lines: two spaces, a mark, a space, then the id.
    static func stepLines(_ lines: [String]) -> [(mark: String, id: String, rest: String)] {
        lines.compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard line.hasPrefix("  "), !line.hasPrefix("   "), parts.count == 3, let id = StepID(rawValue: String(parts[1])) else { return nil }
            return (String(parts[0]), id.rawValue, String(parts[2].drop { $0 == " " }))
        }
    }

    @Test(arguments: ["fresh", "partial", "complete", "conflict"])
    func oneLayoutInEveryLanguage(_ seed: String) async throws {
        let (report, english) = try await Self.text(seed, .en)
        let (_, japanese) = try await Self.text(seed, .ja)
        let en = Self.stepLines(english), ja = Self.stepLines(japanese)
        // Every step, in the procedure's order, with the same mark for the same state.
        #expect(en.map(\.id) == StepID.allCases.map(\.rawValue))
        #expect(ja.map(\.id) == en.map(\.id))
        #expect(ja.map(\.mark) == en.map(\.mark))
        #expect(en.map(\.mark) == report.steps.map { CommandLineText.look($0.status).0 })
        // The state, then the step's title, in the admin's language.
        for (language, lines) in [(Language.en, en), (.ja, ja)] {
            for (line, step) in zip(lines, report.steps) {
                let strings = Strings.for(language)
                let state = language == .en ? step.status.rawValue : strings.status(step.status)
                #expect(line.rest.hasPrefix(state) && line.rest.hasSuffix("  " + strings.stepTitle(step.id)), "\(language): \(line)")
            }
        }
        // Each planned write names its step's id, in both.
        let writes = WritePlan(try await Observations.shared.of(seed)).writes
        for lines in [english, japanese] {
            let numbered = lines.filter { $0.first?.isNumber == true && $0.contains(". [") }
            #expect(numbered.count == writes.count)
            for (line, write) in zip(numbered, writes) { #expect(line.contains("[\(write.step.rawValue)] "), "\(line)") }
        }
    }

    /// `apply`'s question shows each write as `plan` does, line for line, in both languages, and
    /// every request in full (no yes approves a request that was not printed).
    @Test(arguments: [Language.en, .ja])
    func theQuestionShowsThePlanAsPlanDoes(_ language: Language) async throws {
        let plan = WritePlan(try await Observations.shared.of("fresh"))
        let text = CommandLineText(language: language, colour: false)
        let asked = text.confirmation(plan, org: "https://acme.okta.com").lines
        let planned = TerminalWriter.plain.render(text.plan(plan, complete: false)).split(separator: "\n").map(String.init)
        let writeLines = { (lines: [String]) in lines.filter { $0.hasPrefix("   ") || $0.first?.isNumber == true } }
        #expect(plan.writes.count == 3 && writeLines(asked).count == 4 * plan.writes.count)
        #expect(writeLines(asked) == writeLines(planned))
        for write in plan.writes { #expect(asked.contains { $0.contains(write.method + " " + write.path) }) }
    }

    /// The whole text, so a change of words or layout is seen and named.
    @Test(arguments: ["partial", "conflict"], [Language.en, .ja])
    func golden(_ seed: String, _ language: Language) async throws {
        let (_, lines) = try await Self.text(seed, language)
        try Golden.checkText(lines.joined(separator: "\n"), named: "plan-\(seed).\(language.rawValue).txt")
    }
}
