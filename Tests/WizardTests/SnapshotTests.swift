import Foundation
import OktaClient
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Every screen, rendered from observations of the simulator's seeds, against plain-text
/// golden files (text plus a style layer): both languages, 80x24 and 160x48, and monochrome.
@Suite struct SnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var seed: String?
        var fixedSize: Size?
        var build: @Sendable (inout WizardState) -> Void
        var testDescription: String { name }
    }

    static func entry(_ step: StepID, _ method: String, _ path: String, before: JSONValue, after: JSONValue?,
                      _ outcome: Journal.Entry.Outcome, at: String) -> Journal.Entry {
        return try! JSONDecoder().decode(Journal.Entry.self, from: JSONEncoder().encode(JSONValue.object([
            "step": .string(step.rawValue), "method": .string(method), "path": .string(path), "body": .object([:]),
            "before": before, "after": after ?? .null, "outcome": .string(outcome.rawValue), "at": .string(at),
        ])))
    }

    static func journal(_ entries: [Journal.Entry], confirmations: [SetupEngine.Confirmation] = []) -> Journal {
        var journal = Journal(org: "https://acme.okta.com", appId: "0oaOjMqNowS6JZTZPspC")
        journal.entries = entries
        journal.confirmations = confirmations
        return journal
    }

    static let schemaPath = "/api/v1/meta/schemas/user/oscbIy714FZNBFJOnVy6"
    static let appliedAttributes = [
        entry(.oktaAttribute, "POST", schemaPath, before: .null, after: .object(["type": .string("string")]), .done, at: "2026-11-23T09:14:02Z"),
        entry(.appAttribute, "POST", "/api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default", before: .null, after: nil, .intent, at: "2026-11-23T09:14:03Z"),
    ]

    static let cases: [Case] = [
        Case(name: "connect", seed: nil) { state in
            state.screen = .connect
            state.org = nil
        },
        Case(name: "connect-admin-url", seed: nil) { state in
            state.screen = .connect
            state.org = nil
            state.orgField = TextField(value: "https://acme-admin.okta.com")
            state.tokenField = TextField(value: "00abcdef", isSecret: true)
            state.connectFocus = 1
        },
        Case(name: "connect-oauth", seed: nil) { state in
            state.screen = .connect
            state.org = nil
            state.orgField = TextField(value: "https://acme.okta.com")
            state.credentialsPreset = true
            state.presetCredentials = .oauth(clientId: "0oaServiceApp", keySource: "--private-key", dpop: true)
            state.busy = .connecting
        },
        Case(name: "resume", seed: "partial") { state in
            state.screen = .resumeOffer
            state.journal = journal(appliedAttributes)
        },
        Case(name: "overview-fresh", seed: "fresh") { state in state.screen = .overview },
        Case(name: "attributes-fresh", seed: "fresh") { state in state.screen = .phase(.attributes) },
        Case(name: "mappings-partial", seed: "partial") { state in state.screen = .phase(.mappings) },
        Case(name: "sourcing-complete", seed: "complete") { state in
            state.screen = .phase(.sourcing)
            state.stepSelection[.sourcing] = 2
        },
        Case(name: "profile-source-unconfirmed", seed: "complete") { state in state.screen = .phase(.sourcing) },
        Case(name: "conflict", seed: "conflict") { state in state.screen = .phase(.attributes) },
        Case(name: "existing-users", seed: "complete") { state in state.screen = .consoleChoice(.existingUsers) },
        Case(name: "manual-profile-source", seed: "partial") { state in
            state.screen = .manual(.profileSource)
            state.demoConsole = true
        },
        Case(name: "summary-complete", seed: "complete") { state in
            state.screen = .summary
            state.journal = journal(appliedAttributes, confirmations: [SetupEngine.Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-11-23T09:20:00Z")])
        },
        Case(name: "user-check", seed: "complete") { state in
            state.screen = .userCheck
            state.userField = TextField(value: "user0055@example.com")
            let user = OktaUser(id: "00uUSER55", status: "ACTIVE", type: nil, profile: ["login": .string("user0055@example.com")])
            state.userCheck = UserCheck.judge(state.observation!, user: user, appUser: nil)
        },
        Case(name: "apply-dialog", seed: "fresh") { state in
            state.screen = .phase(.attributes)
            state.modal = .apply(steps: [.oktaAttribute, .appAttribute], plan: state.plan(for: [.oktaAttribute, .appAttribute])!, focus: 0)
        },
        Case(name: "rollback-dialog", seed: "fresh") { state in
            state.screen = .phase(.attributes)
            state.journal = journal(appliedAttributes)
            state.modal = .rollback(steps: [.oktaAttribute], entries: state.rollbackEntries(for: [.oktaAttribute]), deletesData: true, understood: false, focus: 0)
        },
        // Two apps labelled Dialpad, told apart by their dates and features in words (attack on issue 23, finding 10).
        Case(name: "choose-app", seed: nil) { state in
            state.modal = .chooseApp(TruthfulWordsTests.apps, focus: 0)
        },
        Case(name: "help", seed: "fresh") { state in
            state.screen = .overview
            state.modal = .help
        },
        Case(name: "busy-quit", seed: "fresh") { state in
            state.screen = .phase(.attributes)
            state.busy = .applying([.oktaAttribute])
            state.busySince = 0
            state.now = 1.25
            state.modal = .quit(focus: 1)
        },
        Case(name: "error", seed: "fresh") { state in
            state.screen = .overview
            state.modal = .error(ErrorText(state.strings.language).dialog(JapaneseTests.invalidToken))
        },
        Case(name: "inspect-overview", seed: "fresh") { state in
            state.mode = .inspect
            state.screen = .overview
        },
        Case(name: "inspect-attributes", seed: "fresh") { state in
            state.mode = .inspect
            state.screen = .phase(.attributes)
        },
        Case(name: "too-small", seed: "fresh", fixedSize: Size(width: 60, height: 20)) { state in state.screen = .overview },
        // An apply waiting for Okta to show a write says what for (docs/REAL-ORGS.md R5).
        Case(name: "applying-late", seed: "fresh") { state in
            state.screen = .phase(.attributes)
            state.busy = .applying([.oktaAttribute, .appAttribute])
            state.busySince = 0
            state.now = 12.4
            state.progress = .awaitingReadBack(.oktaAttribute, waitedSeconds: 12, patienceSeconds: 120)
        },
        // `a` on a step that waits: nothing sent, and which steps it waits for.
        Case(name: "waits-for", seed: "fresh") { state in
            state.screen = .phase(.mappings)
            state.notice = .waitsFor(.mapping, [.oktaAttribute, .appAttribute])
        },
        // Resume settled what a crash left; what is left is shown before it is sent.
        Case(name: "resume-plan", seed: "partial") { state in
            state.screen = .overview
            state.notice = .settled(applied: 1, notApplied: 1)
            let steps = StepID.allCases.filter(\.hasPublicAPI)
            state.modal = .apply(steps: steps, plan: state.plan(for: steps)!, focus: 0)
        },
        // "Only new and changed users" has its guide and its tick, like the profile-source step.
        Case(name: "new-users-only", seed: "complete") { state in
            state.screen = .manual(.existingUsers)
            state.chosenOption = .newUsersOnly
        },
        // A terminal drawing box lines and ○ ◆ … two columns wide gets ASCII in their place.
        Case(name: "ambiguous-double", seed: "partial") { state in
            state.screen = .phase(.mappings)
            state.ambiguousWidth = .double
        },
        // The app attribute's external name and namespace, each whole on a line of its own (issue 23 §4).
        Case(name: "app-attribute-fresh", seed: "fresh") { state in
            state.screen = .phase(.attributes)
            state.stepSelection[.attributes] = 1
            state.scroll = 3
        },
        // Existing users before Dialpad sources the attribute: the later steps first, and why (issue 23 §1).
        Case(name: "existing-users-before-sourcing", seed: "complete") { state in
            guard var observation = state.observation else { return }
            observation.userSample?.withNumber = 0
            observation.userSample?.synced = 0
            let features = observation.app?.features?.filter { $0 != "PROFILE_MASTERING" }
            observation.app?.features = features
            observation.userSchema.definitions?.custom?.properties?["dialpadPhone"]?.master = nil
            state.observation = observation
            state.reports = Planner.plan(observation)
            state.screen = .consoleChoice(.existingUsers)
        },
        // A summary longer than the screen scrolls, and says how much is below.
        Case(name: "summary-long", seed: "complete") { state in
            state.screen = .summary
            state.journal = journal(appliedAttributes + appliedAttributes + appliedAttributes,
                                    confirmations: [SetupEngine.Confirmation(step: .profileSource, choice: .doNothingLowestPriority, at: "2026-11-23T09:20:00Z"),
                                                    SetupEngine.Confirmation(step: .existingUsers, choice: .newUsersOnly, at: "2026-11-23T09:21:00Z")])
            state.scroll = 6
        },
    ]

    struct Variant: Sendable, CustomTestStringConvertible {
        var language: Language
        var size: Size
        var colour: Bool
        var testDescription: String { "\(language.rawValue).\(size)\(colour ? "" : ".mono")" }
    }

    static let variants: [Variant] = [
        Variant(language: .en, size: Size(width: 80, height: 24), colour: true),
        Variant(language: .ja, size: Size(width: 80, height: 24), colour: true),
        Variant(language: .en, size: Size(width: 160, height: 48), colour: true),
        Variant(language: .ja, size: Size(width: 160, height: 48), colour: true),
        Variant(language: .en, size: Size(width: 80, height: 24), colour: false),
        Variant(language: .ja, size: Size(width: 80, height: 24), colour: false),
    ]

    static func state(for testCase: Case, _ variant: Variant) async throws -> WizardState {
        var state = WizardState(mode: .setup, language: variant.language, theme: Theme(colour: variant.colour),
                                size: testCase.fixedSize ?? variant.size)
        if let seed = testCase.seed {
            let observation = try await Observations.shared.of(seed)
            state.org = "https://acme.okta.com"
            state.observation = observation
            state.reports = Planner.plan(observation)
            state.lastCheckedClock = "09:14:05"
            state.journalPath = "/home/admin/.local/state/dialpad-okta/acme.okta.com.json"
        }
        state.timeZone = TimeZone(identifier: "UTC")!
        testCase.build(&state)
        return state
    }

    @Test(arguments: cases, variants)
    func screen(_ testCase: Case, _ variant: Variant) async throws {
        if testCase.fixedSize != nil && variant.size.width != 80 { return }
        let state = try await Self.state(for: testCase, variant)
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        // Whatever the screen, the frame never spills and the footer's essential keys are there.
        #expect(buffer.lines.allSatisfy { $0.displayWidth <= state.size.width })
        if !state.isTooSmall {
            let footer = buffer.lines[state.size.height - 1]
            #expect(footer.contains("?") || footer.contains("F1") || state.modal != nil, "footer: \(footer)")
        }
        try Golden.check(buffer, named: "\(testCase.name).\(variant.testDescription)")
    }

    @Test func monochromeHasNoColourButKeepsEveryWord() async throws {
        let testCase = Self.cases.first { $0.name == "attributes-fresh" }!
        let colour = try await Self.state(for: testCase, Self.variants[0])
        let mono = try await Self.state(for: testCase, Self.variants[4])
        var a = Buffer(size: colour.size), b = Buffer(size: mono.size)
        render(colour, into: &a)
        render(mono, into: &b)
        #expect(a.lines == b.lines)
        #expect(b.cells.allSatisfy { $0.style.foreground == .default && $0.style.background == .default })
        #expect(a.cells.contains { $0.style.foreground != .default })
    }

    /// Japanese line breaking on every Japanese frame: no line starts with a closing bracket,
    /// 。、・ー or a small kana, and none ends with an opening bracket. A glyph followed by a
    /// space or a frame at a line's start is a marker (a status mark, a key, a cut under a
    /// dialog), not wrapped text.
    @Test func japaneseFramesFollowTheLineBreakingRules() async throws {
        for (name, buffer) in try await Self.japaneseFrames() {
            for line in buffer.lines {
                let text = line.drop { $0 == " " || ("\u{2500}"..."\u{257F}").contains($0) }
                let marker = text.dropFirst().first.map { $0 == " " || ("\u{2500}"..."\u{257F}").contains($0) } ?? false
                // A JSON body's lines end in { and [ by design.
                let problems = LineBreakRules.violations(in: ["", line])
                    .filter { (!marker || $0.contains("ends with")) && !$0.contains("ends with \"{\"") && !$0.contains("ends with \"[\"") }
                #expect(problems.isEmpty, "\(name): \(problems)")
            }
        }
    }

    @Test func japaneseScreensNeverSplitAWideGlyph() async throws {
        for (name, buffer) in try await Self.japaneseFrames() {
            for y in 0..<buffer.size.height {
                for x in 0..<buffer.size.width where buffer[x, y].isContinuation {
                    #expect(x > 0 && buffer[x - 1, y].grapheme.first?.displayWidth == 2, "\(name) at \(x),\(y)")
                }
            }
        }
    }

    /// Every case rendered in every Japanese variant, named as its golden file.
    static func japaneseFrames() async throws -> [(name: String, buffer: Buffer)] {
        var frames: [(name: String, buffer: Buffer)] = []
        for testCase in cases {
            for variant in variants where variant.language == .ja {
                let state = try await state(for: testCase, variant)
                var buffer = Buffer(size: state.size)
                render(state, into: &buffer)
                frames.append(("\(testCase.name).\(variant.testDescription)", buffer))
            }
        }
        return frames
    }
}
