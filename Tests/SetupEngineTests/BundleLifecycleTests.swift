import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing

/// Every bundle is a test (issue 24): each bundle in `Tests/Fixtures/bundles/`, replayed by the
/// simulator, goes through plan, apply, verify and rollback with the engine's own entry points,
/// and each gives the outcome its `NAME.expected.json` holds under `lifecycle`. Rollback must
/// leave the org as the bundle recorded it: the steps read before apply and after rollback are
/// the same. Adding a bundle is its file and its expected result (`UPDATE_BUNDLES=1` writes
/// `lifecycle` beside what is there, see that folder's README).
@Suite struct BundleLifecycleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bundles")

    /// What a bundle's org gives at each stage, as typed values (ids and cases, not sentences).
    struct Lifecycle: Codable, Equatable {
        /// The planned writes, `step METHOD path`, in the order apply sends them.
        var plan: [String]
        var apply: Apply
        var verify: Verify
        var rollback: Rollback

        enum Apply: Codable, Equatable {
            /// The steps written, and every step's status afterwards; for a step in conflict,
            /// the case of its reason.
            case applied(writes: [StepID], statuses: [String: StepStatus], conflicts: [String: String])
            case refused(reason: ApplyRefusalCase)
        }

        /// `ApplyRefusal.Reason` without its parts: which refusal.
        enum ApplyRefusalCase: String, Codable, Equatable {
            case noDialpadApp, notProvisioningApp
        }

        struct Verify: Codable, Equatable {
            var checked: Int
            var counts: [String: Int]
            var complete: Bool
        }

        enum Rollback: Codable, Equatable {
            /// The journal's writes undone, newest first.
            case undone(steps: [StepID])
            case refused(reason: RollbackRefusalCase)
        }

        /// `RollbackRefusal.Reason` without its parts.
        enum RollbackRefusalCase: String, Codable, Equatable {
            case noJournal, deletionNotConfirmed, changedSinceApplied, journalEntryMismatch, journalAppNotDialpad, sourcingBlocksRestore
        }
    }

    static func refusal(_ reason: ApplyRefusal.Reason) -> Lifecycle.ApplyRefusalCase {
        switch reason {
        case .noDialpadApp: .noDialpadApp
        case .notProvisioningApp: .notProvisioningApp
        }
    }

    static func refusal(_ reason: RollbackRefusal.Reason) -> Lifecycle.RollbackRefusalCase {
        switch reason {
        case .noJournal: .noJournal
        case .deletionNotConfirmed: .deletionNotConfirmed
        case .changedSinceApplied: .changedSinceApplied
        case .journalEntryMismatch: .journalEntryMismatch
        case .journalAppNotDialpad: .journalAppNotDialpad
        case .sourcingBlocksRestore: .sourcingBlocksRestore
        }
    }

    /// The case of a step's reason, without its parts (`otherMapping`, `wrongType`, …).
    static func caseName(_ why: StepReason?) -> String {
        guard let why else { return "none" }
        let described = String(describing: why)
        return String(described.prefix { $0 != "(" })
    }

    static var bundles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }.sorted()
    }

    /// The bundle replayed on loopback, with a client and a journal of its own.
    static func run(_ name: String) async throws -> (lifecycle: Lifecycle, before: [StepReport], after: [StepReport]) {
        var options = SimulatorOptions(seed: "fresh", cleanupSeconds: 0.2)
        options.replay = fixtures.appendingPathComponent(name).path
        let simulator = try await OktaSimulator.start(options)
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: false)
        do {
            let result = try await lifecycle(client)
            await client.shutdown()
            await simulator.shutdown()
            return result
        } catch {
            await client.shutdown()
            await simulator.shutdown()
            throw error
        }
    }

    static func lifecycle(_ client: OktaClient) async throws -> (lifecycle: Lifecycle, before: [StepReport], after: [StepReport]) {
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-lifecycle-\(UUID().uuidString)/org.json")
        let executor = Executor(client: client, store: JournalStore(url: journal))

        // inspect and plan, as the commands make them.
        let recorded = try await Observer(client: client).observe()
        let before = Planner.plan(recorded)
        let plan = WritePlan(recorded).writes.map { "\($0.step.rawValue) \($0.method) \($0.path)" }

        let apply: Lifecycle.Apply
        do {
            let result = try #require(try await executor.apply(appId: nil, approver: .unattended))
            let conflicts = result.steps.filter { $0.status == .conflict }
            apply = .applied(writes: result.writes.map(\.step),
                             statuses: Dictionary(uniqueKeysWithValues: result.steps.map { ($0.id.rawValue, $0.status) }),
                             conflicts: Dictionary(uniqueKeysWithValues: conflicts.map { ($0.id.rawValue, caseName($0.why)) }))
        } catch let refusal as ApplyRefusal {
            apply = .refused(reason: Self.refusal(refusal.reason))
        }

        let verification = try await Verification.run(client, observation: try await Observer(client: client).observe())
        let verify = Lifecycle.Verify(checked: verification.checked,
                                      counts: Dictionary(uniqueKeysWithValues: verification.counts.map { ($0.reason.rawValue, $0.users) }),
                                      complete: verification.complete)

        let rollback: Lifecycle.Rollback
        do {
            rollback = .undone(steps: try await executor.rollback(steps: nil, deleteAttributeData: true).map(\.step))
        } catch let refusal as RollbackRefusal {
            rollback = .refused(reason: Self.refusal(refusal.reason))
        }
        let after = Planner.plan(try await Observer(client: client).observe())
        try? FileManager.default.removeItem(at: journal.deletingLastPathComponent())
        return (Lifecycle(plan: plan, apply: apply, verify: verify, rollback: rollback), before, after)
    }

    @Test func theRepoKeepsBundles() {
        #expect(Self.bundles.count >= 4, "\(Self.bundles)")
    }

    @Test(arguments: bundles)
    func planApplyVerifyAndRollbackOnEachBundle(_ name: String) async throws {
        let expectedURL = Self.fixtures.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".expected.json"))
        let (lifecycle, before, after) = try await Self.run(name)

        // Whatever the bundle's org: rollback leaves it as recorded, step by step.
        #expect(after == before, "\(name): rollback left the org otherwise than the bundle recorded it")
        if case .applied(let writes, _, _) = lifecycle.apply {
            #expect(writes.count == lifecycle.plan.count, "\(name): apply sends what plan showed")
            if case .undone(let undone) = lifecycle.rollback { #expect(Set(undone) == Set(writes), "\(name): rollback undoes every write") }
            else { #expect(writes.isEmpty, "\(name): a run that wrote has a journal to roll back") }
        }

        var document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any]) ?? [:]
        if ProcessInfo.processInfo.environment["UPDATE_BUNDLES"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            document["lifecycle"] = try JSONSerialization.jsonObject(with: encoder.encode(lifecycle))
            try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: expectedURL)
            return
        }
        let stored = try #require(document["lifecycle"], "\(name) has no expected lifecycle: UPDATE_BUNDLES=1 writes it (then read its diff)")
        let expected = try JSONDecoder().decode(Lifecycle.self, from: JSONSerialization.data(withJSONObject: stored))
        #expect(lifecycle.plan == expected.plan, "\(name): plan")
        #expect(lifecycle.apply == expected.apply, "\(name): apply")
        #expect(lifecycle.verify == expected.verify, "\(name): verify")
        #expect(lifecycle.rollback == expected.rollback, "\(name): rollback")
    }
}
