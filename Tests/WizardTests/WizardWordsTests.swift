import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Issue 23's leftovers: copyable values whole at 80 columns, no clipped label at 80x24, the
/// import advice said once, no notice of a phase left on the summary, no particle clash in
/// Japanese, the Admin Console's English labels on the import path, existing users asked for
/// when its action works, and the rollback dialog's warning.
@Suite struct WizardWordsTests {
    static let size = Size(width: 80, height: 24)

    static func state(_ observation: Observation, _ language: Language, _ screen: Screen, size: Size = size) -> WizardState {
        var state = WizardState(mode: .setup, language: language, theme: Theme(colour: false), size: size)
        state.org = "https://acme.okta.com"
        state.observation = observation
        state.reports = Planner.plan(observation)
        state.timeZone = TimeZone(identifier: "UTC")!
        state.lastCheckedClock = "09:14:05"
        state.screen = screen
        return state
    }

    static func frame(_ state: WizardState) -> [String] {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer.lines
    }

    /// The text inside the detail pane's frame, line by line.
    static func paneText(_ lines: [String]) -> [String] {
        lines.map { line in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            return parts.count >= 4 ? String(parts[3]).trimmingCharacters(in: .whitespaces) : line.trimmingCharacters(in: .whitespaces)
        }
    }

    // MARK: 1. Copyable values

    @Test(arguments: [Language.en, .ja])
    func theAppAttributesExternalNameAndNamespaceAreWholeOnALineOfTheirOwnAt80Columns(language: Language) async throws {
        let observation = try await Observations.shared.of("fresh")
        var state = Self.state(observation, language, .phase(.attributes))
        state.stepSelection[.attributes] = 1
        // The pane scrolls: every page of it, top to bottom.
        var seen: [String] = []
        for scroll in 0..<12 {
            state.scroll = scroll
            seen += Self.paneText(Self.frame(state))
        }
        let desired = DesiredConfiguration()
        #expect(seen.contains(desired.externalName), "\(seen)")
        #expect(seen.contains(desired.externalNamespace), "\(seen)")
        // Nor is the pane's scroll marker clipped (`-- 3 lines above (PgUp), 9 more below (Pg…`).
        #expect(!seen.contains { $0.hasSuffix("…") }, "\(seen.filter { $0.hasSuffix("…") })")
    }

    // MARK: 3. No clipped label at 80x24

    /// Every label a step's detail shows, on every phase screen and console guide of every seed,
    /// is on screen whole at 80x24 in both languages.
    @Test(arguments: [Language.en, .ja])
    func noStepDetailLabelIsClippedAt80x24(language: Language) async throws {
        for seed in ["fresh", "partial", "complete", "conflict"] {
            let observation = try await Observations.shared.of(seed)
            for step in StepID.allCases {
                let phase = step.phase
                var state = Self.state(observation, language, .phase(phase))
                state.stepSelection[phase] = state.steps(in: phase).firstIndex(of: step) ?? 0
                let detail = StepDetail.of(step, observation: observation, desired: state.desired, why: state.report(step)?.why)
                var seen: [String] = []
                for scroll in 0..<30 {
                    state.scroll = scroll
                    seen += Self.frame(state)
                }
                for row in detail.rows(state.strings, theme: state.theme) where row.label != "!" {
                    #expect(seen.contains { $0.contains(row.label) }, "\(seed) \(step) \(language): \(row.label)")
                }
            }
        }
    }

    // MARK: 4. Said once; no notice left behind

    /// The complete seed with no number in any sampled app user: the step awaits an import.
    static func awaitingImport(sourced: Bool) async throws -> Observation {
        var observation = try await Observations.shared.of("complete")
        observation.userSample?.withNumber = 0
        observation.userSample?.synced = 0
        if !sourced {
            let features = observation.app?.features?.filter { $0 != "PROFILE_MASTERING" }
            observation.app?.features = features
            observation.userSchema.definitions?.custom?.properties?["dialpadPhone"]?.master = nil
        }
        return observation
    }

    @Test(arguments: [Language.en, .ja])
    func theImportAdviceIsSaidOnceUnderExistingUsers(language: Language) async throws {
        let observation = try await Self.awaitingImport(sourced: true)
        let state = Self.state(observation, language, .manual(.existingUsers))
        let report = try #require(state.report(.existingUsers))
        guard case .awaitingImport = report.why else { Issue.record("\(String(describing: report.why))"); return }
        let detail = StepDetail.of(.existingUsers, observation: observation, desired: state.desired, why: report.why)
        let said = [state.strings.reason(report)] + detail.rows(state.strings, theme: state.theme).map(\.value)
        let advice = ImportText(language: language, app: observation.app?.displayName ?? "Dialpad")
        for paragraph in [advice.importNow, advice.queue] {
            #expect(said.filter { $0.contains(paragraph) }.count == 1, "\(paragraph)")
        }
    }

    @Test func aPhasesNoticeIsNotLeftOnTheSummary() async throws {
        var state = try await UpdateTests.connected("fresh")
        _ = UpdateTests.press([.character("2"), .character("a")], &state)
        guard case .waitsFor = state.notice else { Issue.record("no notice: \(String(describing: state.notice))"); return }
        _ = UpdateTests.press([.character("s")], &state)
        #expect(state.screen == .summary)
        #expect(state.notice == nil)
        // A failed run's tally stays wherever the admin goes.
        state.notice = .outcome(RunTally(.apply, done: 1, planned: 3))
        _ = UpdateTests.press([.escape, .character("s")], &state)
        if case .outcome = state.notice {} else { Issue.record("the tally went") }
    }

    // MARK: 5. Japanese: no particle clash; the console's English labels

    /// Every Japanese phrase composed from a step's title and a particle reads as a sentence:
    /// no title ends with a particle, and no particle follows another across the join.
    @Test func japanesePhrasesComposedFromStepTitlesHaveNoParticleClash() {
        let s = Strings.for(.ja)
        let particles = Set("をにがはでへとの")
        for step in StepID.allCases {
            let title = s.stepTitle(step)
            #expect(!particles.contains(title.last ?? " "), "\(title)")
            var phrases = [s.applying(title), s.rollingBack(title), s.busy(.applying([step])), s.busy(.rollingBack([step])),
                           s.progress(.writing(step)), s.progress(.restoring(step)),
                           s.progress(.sendingAgain(step)), s.progress(.awaitingReadBack(step, waitedSeconds: 3, patienceSeconds: 120)),
                           s.notice(.waitsFor(step, [.oktaAttribute])), s.notice(.waitsFor(.mapping, [step])),
                           s.notice(.nothingToWrite(step, .ok)), s.notice(.nothingToWithdraw(step)), s.waitsForSteps([step])]
            phrases += StepID.allCases.map { s.rollbackWarning(.alsoRollsBack([$0, step])) }
            phrases += Confirmation.Choice.allCases.filter { Confirmation.step(for: $0) == step }.flatMap {
                [s.busy(.recording($0)), s.notice(.recorded($0)), s.notice(.withdrawn($0, writtenUnder: [step]))]
            }
            for phrase in phrases {
                let scalars = Array(phrase)
                for index in scalars.indices.dropFirst().dropLast() where scalars[index] == " " {
                    #expect(!(particles.contains(scalars[index - 1]) && particles.contains(scalars[index + 1])), "\(phrase)")
                }
            }
        }
    }

    /// The import path in Japanese names each Admin Console page as the console shows it in
    /// English too, as the other guides do.
    @Test func theImportPathsInJapaneseCarryTheConsolesEnglishLabels() {
        let ja = ImportText(language: .ja, app: "Dialpad")
        for (japanese, english) in [(ja.importNow, ImportAdvice.importNow("Dialpad")), (ja.enable, ImportAdvice.enable("Dialpad")),
                                    (ja.queue, ImportAdvice.queue("Dialpad"))] {
            // Each page of an English path (`Applications > Dialpad > Import > Import Now`).
            let pages = english.components(separatedBy: " > ").flatMap { $0.components(separatedBy: CharacterSet(charactersIn: "(),;:\"")) }
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { ["Applications", "Import", "Import Now", "Provisioning", "General", "Integration", "Edit", "Import Results", "User Creation & Matching"].contains($0) }
            #expect(!pages.isEmpty)
            for page in pages { #expect(japanese.contains("（\(page)）"), "\(page) in \(japanese)") }
        }
    }

    // MARK: 6. Existing users: the sourcing steps first

    @Test(arguments: [Language.en, .ja])
    func existingUsersBeforeSourcingNamesTheLaterStepsAndAsksForNothingYet(language: Language) async throws {
        let observation = try await Self.awaitingImport(sourced: false)
        var state = Self.state(observation, language, .consoleChoice(.existingUsers))
        let report = try #require(state.report(.existingUsers))
        #expect(report.status == .blocked)
        #expect(report.why.laterSteps == [.profileSource, .pushStatus, .sourcePriority])
        // No import advice is shown before it can work.
        let detail = StepDetail.of(.existingUsers, observation: observation, desired: state.desired, why: report.why)
        #expect(!detail.facts.contains { if case .awaitsImport = $0 { true } else { false } })
        // "Next" leads to phase 3, not to this step.
        let phase3 = state.strings.phaseTitle(.sourcing)
        #expect(state.strings.whatNext(state).contains(state.strings.stepTitle(.profileSource)), "\(phase3)")
        // The question screen says so before the choice, and Enter on "Apply updates now" leads there.
        let lines = Self.frame(state)
        let explanation = state.strings.explanation(report).prefix(20)
        let radio = lines.firstIndex { $0.contains("(•)") } ?? 0
        #expect(lines.prefix(radio).contains { $0.contains(explanation) }, "\(lines.joined(separator: "\n"))")
        state.consoleChoice.selected = 0
        _ = UpdateTests.press([.enter], &state)
        #expect(state.screen == .consoleChoice(.existingUsers))
        #expect(state.notice == .waitsFor(.existingUsers, [.profileSource, .pushStatus, .sourcePriority]))
    }

    // MARK: 7. The rollback dialog warns

    @Test(arguments: [Language.en, .ja])
    func theRollbackDialogSaysWhatGoesBeforeRollBack(language: Language) async throws {
        let observation = try await Observations.shared.of("complete")
        var state = Self.state(observation, language, .phase(.attributes))
        var journal = Journal(org: "https://acme.okta.com", appId: observation.app?.id ?? "")
        // What the write left unknown (after: nil): a made-up value would read as changed since, and be left alone.
        journal.entries = [{ var entry = SnapshotTests.appliedAttributes[0]; entry.after = nil; return entry }()] + [SnapshotTests.entry(.mapping, "POST", "/api/v1/mappings/prm1", before: .null, after: nil, .done, at: "2026-11-23T09:15:00Z")]
        state.journal = journal
        let entries = state.rollbackEntries(for: [.oktaAttribute])
        let warnings = RollbackWarning.of(chosen: [.oktaAttribute], entries: entries, consoleDone: RollbackWarning.consoleDone(in: state))
        #expect(warnings.contains(.deletesAttribute(.oktaAttribute)))
        #expect(warnings.contains(.alsoRollsBack([.mapping])))
        #expect(warnings.contains(.removesMapping))
        #expect(warnings.contains(.readsFirst))
        state.modal = .rollback(steps: [.oktaAttribute], entries: entries, deletesData: true, understood: false, focus: 0)
        let area = dialogArea(Rect(x: 0, y: 0, width: 80, height: 24))
        let body = dialog(for: state.modal!, state, over: area).body.map(\.0)
        for warning in warnings { #expect(body.contains(state.strings.rollbackWarning(warning))) }
    }
}
