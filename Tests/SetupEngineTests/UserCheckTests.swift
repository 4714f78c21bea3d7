import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// One user, explained: each reason the check can give, on the real flow of a fresh org.
@Suite struct UserCheckTests {
    static func check(_ org: WritePlannerTests.Org, _ login: String) async throws -> UserCheck {
        let observation = try await org.observe()
        let (user, appUser) = try await org.client.checkUser(login, in: observation)
        return UserCheck.judge(observation, user: user, appUser: appUser)
    }

    /// The article's flow on `fresh`: apply, Import Now, profile sourcing, apply, Apply updates now.
    @Test func aFreshOrgFromSetupToTheNumberInOkta() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let assigned = "user0007@example.com", notAssigned = "user0055@example.com"
        #expect(try await Self.check(org, assigned).reason == .setupNotDone)
        #expect(try await Self.check(org, assigned).stepNotDone == .oktaAttribute)

        let store = JournalStore(url: ExecutorTests.stateURL())
        _ = try await Executor(client: org.client, store: store).apply(appId: nil)
        let beforeImport = try await Self.check(org, assigned)
        #expect(beforeImport.reason == .notImportedYet && beforeImport.appUserNumber == nil)

        let appId = try #require(try await org.observe().app?.id)
        try await org.console("apps/\(appId)/import")
        let imported = try await Self.check(org, assigned)
        #expect(imported.reason == .notSourcedByDialpad)
        #expect(imported.appUserNumber == "+14155550007" && imported.oktaNumber == nil)

        try await org.console("apps/\(appId)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        _ = try await Executor(client: org.client, store: store).apply(appId: nil)
        let sourced = try await Self.check(org, assigned)
        #expect(sourced.reason == .awaitsUpdate && sourced.sourcePriority?.overridden == true && sourced.sourcePriority?.sources.first == .init(type: "APP", value: appId, isDialpad: true))

        let mappingId = try #require(try await org.observe().inboundMapping?.id)
        try await org.console("mappings/\(mappingId)/apply-updates")
        let done = try await Self.check(org, assigned)
        #expect(done.reason == .inSync && done.holdsNumber && done.oktaNumber == "+14155550007")

        let other = try await Self.check(org, notAssigned)
        #expect(other.reason == .notAssigned && !other.assigned && !other.holdsNumber)
        // By id as by login.
        #expect(try await Self.check(org, done.userId).reason == .inSync)
    }

    static func appUser(number: String?, lastSync: String = "2026-11-29T12:00:00.000Z") throws -> AppUser {
        let profile = number.map { #"{"dialpadPhone":"\#($0)"}"# } ?? "{}"
        return try JSONDecoder().decode(AppUser.self, from: Data(#"{"id":"00uX","lastSync":"\#(lastSync)","profile":\#(profile)}"#.utf8))
    }

    static func user(number: String?, type: String = "otyX") throws -> OktaUser {
        let profile = number.map { #","dialpadPhone":"\#($0)""# } ?? ""
        return try JSONDecoder().decode(OktaUser.self, from: Data(#"{"id":"00uX","type":{"id":"\#(type)"},"profile":{"login":"x@example.com"\#(profile)}}"#.utf8))
    }

    @Test func reasonsFromTheReadsAlone() throws {
        var observation = PlannerTests.observation(app: PlannerTests.sourcingApp)
        observation.appSchema?.lastUpdated = "2026-11-29T10:00:00.000Z"
        #expect(UserCheck.judge(observation, user: try Self.user(number: "+1"), appUser: try Self.appUser(number: "+1")).reason == .inSync)
        #expect(UserCheck.judge(observation, user: try Self.user(number: nil), appUser: try Self.appUser(number: nil)).reason == .noNumberInDialpad,
                "imported after the attribute was added, and still no number: Dialpad has none")
        #expect(UserCheck.judge(observation, user: try Self.user(number: nil), appUser: try Self.appUser(number: nil, lastSync: "2026-11-29T09:00:00Z")).reason
                == .notImportedYet)
        #expect(UserCheck.judge(observation, user: try Self.user(number: nil, type: "otyCONTRACTOR"), appUser: try Self.appUser(number: "+1")).reason
                == .otherUserType)
        #expect(UserCheck.judge(observation, user: try Self.user(number: "+2"), appUser: try Self.appUser(number: "+1")).reason == .awaitsUpdate,
                "Dialpad sources it: the number differs until the next update or Apply updates now")
        #expect(UserCheck.judge(observation, user: try Self.user(number: "+1"), appUser: nil).reason == .notAssigned)
        var noMapping = observation
        noMapping.inboundMapping?.properties = [:]
        let unmapped = UserCheck.judge(noMapping, user: try Self.user(number: nil), appUser: try Self.appUser(number: "+1"))
        #expect(unmapped.reason == .setupNotDone && unmapped.stepNotDone == .mapping)
    }

    /// Every assigned user, counted by reason, with examples; complete only when every user
    /// with a number in Dialpad has it in Okta.
    @Test func verifyCountsEveryAssignedUserByReason() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        _ = try await Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil)
        let appId = try #require(try await org.observe().app?.id)
        try await org.console("apps/\(appId)/import")
        let counted = LockedCount()
        let verification = try await Verification.run(org.client, observation: try await org.observe()) { counted.set($0) }
        #expect(verification.checked == 50 && counted.value == 50)
        #expect(verification.counts.map(\.reason) == [.notSourcedByDialpad] && verification.counts[0].users == 50)
        #expect(verification.counts[0].examples.count == Verification.examplesPerReason)
        #expect(verification.counts[0].examples.allSatisfy { $0.hasSuffix("@example.com") }, "examples by login")
        #expect(!verification.complete)
        #expect(verification.requests >= 1)
    }

    @Test func verifyOnACompleteOrgIsComplete() async throws {
        let org = try await WritePlannerTests.Org.start("complete")
        defer { Task { await org.stop() } }
        let verification = try await Verification.run(org.client, observation: try await org.observe())
        #expect(verification.complete && verification.checked == 50)
        #expect(verification.counts.map(\.reason) == [.inSync])
    }
}

/// On `enterprise` (every 7th user a Contractor, every 11th a Partner), the mapping into the
/// default user type leaves the other types without the number (R7), and verify says so.
@Suite struct OtherUserTypeTests {
    /// Issue 23: an unknown login is "no such user", not "check the org URL and the app id",
    /// whether it is fetched by login or (holding `/`) found by filter.
    @Test(arguments: ["nobody@example.com", "sales/nobody@example.com"])
    func anUnknownLoginIsNoSuchUser(login: String) async throws {
        let org = try await WritePlannerTests.Org.start("complete")
        defer { Task { await org.stop() } }
        let error = try await #require(throws: OktaError.self) { _ = try await UserCheckTests.check(org, login) }
        #expect(error.problem == .noUserWithLogin(login: login), "\(error)")
    }

    @Test func usersOfAnotherTypeAreCountedAndExplained() async throws {
        let org = try await WritePlannerTests.Org.start("enterprise")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        _ = try await Executor(client: org.client, store: store).apply(appId: nil)
        let observation = try await org.observe()
        let appId = try #require(observation.app?.id), mappingId = try #require(observation.inboundMapping?.id)
        try await org.console("apps/\(appId)/import")
        try await org.console("apps/\(appId)/profile-sourcing", #"{"enabled":true,"deactivationAction":"NONE"}"#)
        _ = try await Executor(client: org.client, store: store).apply(appId: nil)
        try await org.console("mappings/\(mappingId)/apply-updates")
        let contractor = try await UserCheckTests.check(org, "user0007@example.com")
        #expect(contractor.reason == .otherUserType && contractor.userType == "Contractor", "\(contractor)")
        let verification = try await Verification.run(org.client, observation: try await org.observe())
        #expect(verification.checked == 4_000)
        let other = verification.counts.first { $0.reason == .otherUserType }?.users ?? 0
        let inSync = verification.counts.first { $0.reason == .inSync }?.users ?? 0
        #expect(other > 0 && inSync > 0 && other + inSync == 4_000, "\(verification.counts.map { ($0.reason, $0.users) })")
        #expect(!verification.complete)
    }
}

final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = 0
    var value: Int { lock.withLock { stored } }
    func set(_ value: Int) { lock.withLock { stored = value } }
}
