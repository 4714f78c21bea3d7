import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Imports as real orgs have them (docs/REAL-ORGS.md R20, R21), judged by `existing-users` and
/// check-user on the real flow over HTTP.
@Suite struct ImportRulesTests {
    static func existingUsers(_ observation: Observation) -> StepReport {
        Planner.plan(observation).first { $0.id == .existingUsers }!
    }

    /// R20: a push to Dialpad after the attribute was added moves `lastSync`; the numbers still
    /// await an import, for the step and for the pushed user alike (before, the step said
    /// "nothing to update" and check-user `no-number-in-dialpad`).
    @Test func aPushAfterTheAttributeIsNotAnImport() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        _ = try await Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        let pushedUser = try await UserCheckTests.check(org, "user0007@example.com")
        #expect(pushedUser.reason == .notImportedYet, "not synced since the attribute was added")

        try await org.console("users/\(pushedUser.userId)", #"{"profile":{"firstName":"Renamed"}}"#)
        let observation = try await org.observe()
        let changed = try #require(observation.appSchema?.lastUpdated.flatMap(OktaTime.parse))
        let latest = try #require(observation.userSample?.lastSync)
        #expect(try #require(OktaTime.parse(latest)) > changed, "the push moved lastSync past the attribute")
        #expect(observation.userSample?.withNumber == 0)
        #expect(Self.existingUsers(observation).status == .blocked, "no number held: an import is still to run, once Dialpad sources the attribute")
        let facts = ExistingUsersStep().facts(observation)
        #expect(facts.contains(.awaitsImport(app: "Dialpad", lastSync: .inconclusive(latest: latest))))
        #expect(facts.contains(.importQueue(app: "Dialpad")))
        #expect(ExistingUsersStep().simulatedAction(observation)?.path.hasSuffix("/import") == true)

        #expect(try await UserCheckTests.check(org, "user0007@example.com").reason == .noNumberYet)
        #expect(try await UserCheckTests.check(org, "user0008@example.com").reason == .notImportedYet)

        let appId = try #require(observation.app?.id)
        try await org.console("apps/\(appId)/import")
        #expect(try await UserCheckTests.check(org, "user0007@example.com").reason == .notSourcedByDialpad, "the import brought the number")
    }

    /// R21: a Dialpad app that pushes only (`push-only`, the features recorded SCIM apps carry)
    /// never gets numbers from an import: the step and check-user say import must be turned on,
    /// and the simulated console turns it on before Import Now.
    @Test func aPushOnlyAppNeedsImportTurnedOn() async throws {
        let org = try await WritePlannerTests.Org.start("push-only")
        defer { Task { await org.stop() } }
        let before = try await org.observe()
        let app = try #require(before.app)
        #expect(!ExistingUsersStep.importEnabled(app))
        #expect(ExistingUsersStep().facts(before).contains(.importNotEnabled(app: "Dialpad")), "said before the setup, too")

        _ = try await Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        let observation = try await org.observe()
        #expect(Self.existingUsers(observation).status == .manual)
        let facts = ExistingUsersStep().facts(observation)
        #expect(facts.contains(.importNotEnabled(app: "Dialpad")) && facts.contains(.importQueue(app: "Dialpad")))
        #expect(!facts.contains { if case .awaitsImport = $0 { true } else { false } }, "Import Now cannot help yet")
        #expect(try await UserCheckTests.check(org, "user0007@example.com").reason == .importNotEnabled)

        await #expect(throws: OktaError.self) { try await org.console("apps/\(app.id)/import") }
        let action = try #require(ExistingUsersStep().simulatedAction(observation))
        #expect(action.path == "/simulator/v1/console/apps/\(app.id)/import-settings")
        try await org.console("apps/\(app.id)/import-settings", action.body)

        let enabled = try await org.observe()
        #expect(ExistingUsersStep.importEnabled(try #require(enabled.app)))
        #expect(ExistingUsersStep().simulatedAction(enabled)?.path.hasSuffix("/import") == true)
        try await org.console("apps/\(app.id)/import")
        #expect(try await UserCheckTests.check(org, "user0007@example.com").reason == .notSourcedByDialpad)
    }

    /// R20, from the reads alone: a `lastSync` later than the app profile is no proof of an
    /// import; numbers other app users hold are.
    @Test func reasonsWithoutANumber() throws {
        var observation = PlannerTests.observation(app: PlannerTests.sourcingApp, sample: .init(checked: 10, withNumber: 0, synced: 0, truncated: false))
        observation.appSchema?.lastUpdated = "2026-11-29T10:00:00.000Z"
        let user = try UserCheckTests.user(number: nil)
        #expect(UserCheck.judge(observation, user: user, appUser: try UserCheckTests.appUser(number: nil)).reason == .noNumberYet)
        observation.userSample?.withNumber = 4
        #expect(UserCheck.judge(observation, user: user, appUser: try UserCheckTests.appUser(number: nil)).reason == .noNumberInDialpad)
        var pushOnly = observation
        pushOnly.app?.features = ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "SCIM_PROVISIONING"]
        #expect(UserCheck.judge(pushOnly, user: user, appUser: try UserCheckTests.appUser(number: nil)).reason == .importNotEnabled)
        #expect(UserCheck.judge(pushOnly, user: user, appUser: try UserCheckTests.appUser(number: "+1")).reason != .importNotEnabled,
                "a number an earlier import brought is judged as before")
    }
}
