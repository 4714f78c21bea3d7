import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import TerminalUI
@testable import Wizard

/// Re-attack of issue 23, N9: an admin set the Okta attribute's permissions to READ_WRITE after
/// this tool wrote it. The step pane said "Difference: none" while rollback named the
/// permissions. The procedure does not prescribe permissions, so the step stays done; but both
/// views now read the same comparison with what this tool wrote (`Journal.changeSinceWritten`).
@Suite struct ChangedSinceWrittenTests {
    static let app = "0oaOjMqNowS6JZTZPspC"
    static let readWrite = ##"{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"dialpadPhone":{"title":"Dialpad Phone","description":"Dialpad Phone","type":"string","permissions":[{"principal":"SELF","action":"READ_WRITE"}]}}}}}"##

    struct Org {
        let simulator: RunningSimulator
        let client: OktaClient
        let store: JournalStore

        static func start() async throws -> Org {
            let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "fresh"))
            return Org(simulator: simulator, client: try Fixtures.client(simulator), store: Fixtures.temporaryJournal())
        }

        var executor: Executor { Executor(client: client, store: store) }
        func apply() async throws { _ = try await executor.apply(appId: nil, approver: .unattended) }
        func post(_ path: String, _ body: String) async throws { _ = try await client.send(.POST, url: client.url(path), body: Data(body.utf8)) }
        func observe() async throws -> Observation { try await Observer(client: client).observe() }
        func change(_ step: StepID) async throws -> ChangeSinceApplied? {
            let observation = try await observe()
            return try #require(try store.load()).changeSinceWritten(step, in: observation, desired: observation.desired)
        }
        func stop() async {
            await client.shutdown()
            await simulator.shutdown()
        }
    }

    @Test(arguments: [Language.en, .ja])
    func aPermissionsChangeShowsOnThePaneAsRollbackNamesIt(language: Language) async throws {
        let org = try await Org.start()
        try await org.apply()
        #expect(try await org.change(.oktaAttribute) == nil, "right after apply, nothing changed since")
        try await org.post("/api/v1/meta/schemas/user/default", Self.readWrite)
        let observation = try await org.observe()
        let journal = try #require(try org.store.load())
        let change = journal.changeSinceWritten(.oktaAttribute, in: observation, desired: observation.desired)
        #expect(change == .fields(["permissions"]))
        #expect(Planner.plan(observation).first { $0.id == .oktaAttribute }?.status == .ok, "the procedure holds: the step stays done")

        let strings = Strings.for(language)
        let detail = StepDetail.of(.oktaAttribute, observation: observation, desired: observation.desired, journal: journal)
        #expect(detail.changedSinceWritten == change)
        let row = detail.rows(strings, theme: Theme(colour: false)).first { $0.label == strings.sinceThisToolWrote }
        #expect(row != nil, "the pane says what changed, beside the procedure's 'no difference'")

        let refusal = try await #require(throws: RollbackRefusal.self) {
            _ = try await org.executor.rollback(steps: [.oktaAttribute], deleteAttributeData: true)
        }
        let words = ErrorText(language).report(refusal).lines.joined()
        let named = strings.changeSinceApplied(try #require(change))
        #expect(words.contains(named), "rollback names the same change: \(words)")
        #expect(row?.value.contains(named) == true)
        await org.stop()
    }

    /// The override this tool writes on the same attribute (its `master`) is this tool's own
    /// change: the Okta attribute's pane shows nothing for it, and an admin's change beside it
    /// is named alone.
    @Test func theToolsOwnOverrideIsNotAChangeSinceWritten() async throws {
        let org = try await Org.start()
        try await org.apply()
        try await org.post("/simulator/v1/console/apps/\(Self.app)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        _ = try await org.executor.confirm(.otherSourceUnseen, appId: nil)
        try await org.apply()
        let journal = try #require(try org.store.load())
        #expect(journal.entries.contains { $0.step == .sourcePriority && $0.outcome == .done }, "the override was written")
        #expect(try await org.change(.oktaAttribute) == nil)
        #expect(try await org.change(.sourcePriority) == nil)
        try await org.post("/api/v1/meta/schemas/user/default", Self.readWrite)
        #expect(try await org.change(.oktaAttribute) == .fields(["permissions"]))
        await org.stop()
    }
}
