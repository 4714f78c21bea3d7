import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Synchronization
import Testing

/// The one door to the org: the executor sends only an approved plan, and an approved plan
/// comes from exactly three places (the dialog read to its end, the prompt answered yes after
/// the plan was printed, --yes). Resume never goes beyond what the interrupted run was asked.
@Suite struct ApprovalGateTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static func swiftFiles() -> [(path: String, text: String)] {
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { $0.pathExtension == "swift" }.compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (url.path, $0) }
        }
    }

    @Test func anApprovedPlanIsMadeOnlyThroughItsThreeDoors() throws {
        let files = Self.swiftFiles()
        #expect(files.count > 50, "the sources were found at \(Self.sources.path)")
        let gate = try #require(files.first { $0.path.hasSuffix("SetupEngine/ApprovedPlan.swift") })
        // Its one initialiser is private; the only functions that return one are the three doors.
        let initialisers = gate.text.components(separatedBy: "\n").filter { $0.contains(" init(") && $0.contains("ApprovedPlan") == false }
        #expect(gate.text.contains("    private init(_ proposal: Proposal, route: Route)"))
        #expect(!gate.text.contains("public init(_ proposal: Proposal, route"), "\(initialisers)")
        let doors = gate.text.components(separatedBy: "\n").filter { $0.contains("static func") && $0.contains("-> ApprovedPlan") }
        #expect(doors.count == 3, "\(doors)")
        for name in ["shownInDialog(", "answeredYes(", "unattended("] {
            #expect(doors.contains { $0.contains(name) }, "\(name) is a door")
        }
        // No other file builds one by hand, and no file outside the engine reaches for the executor's private sending.
        for file in files where file.path != gate.path {
            #expect(!file.text.contains("ApprovedPlan("), "\(file.path) makes an ApprovedPlan without a door")
            #expect(!file.text.contains(".send(approved"), "\(file.path)")
        }
    }

    @Test func thePromptApprovesOnlyAYesAfterEveryRequestWasPrinted() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let observation = try await org.observe()
        let proposal = Proposal(plan: WritePlan(observation), observation: observation)
        let printed = proposal.plan.writes.map { "  \($0.method) \($0.path)" }
        #expect(proposal.plan.writes.count == 3)
        #expect(ApprovedPlan.answeredYes(proposal, printed: printed, answer: "y")?.route == .prompt)
        #expect(ApprovedPlan.answeredYes(proposal, printed: printed, answer: "YES") != nil)
        for answer in [nil, "", "n", "no", "yy", "\t"] as [String?] {
            #expect(ApprovedPlan.answeredYes(proposal, printed: printed, answer: answer) == nil, "\(String(describing: answer))")
        }
        #expect(ApprovedPlan.answeredYes(proposal, printed: Array(printed.dropLast()), answer: "y") == nil,
                "a request that was not printed is not approved")
        #expect(ApprovedPlan.shownInDialog(proposal, reading: DialogReading(rows: 40, lastRowShown: 21)) == nil,
                "a dialog not read to its end approves nothing")
        #expect(ApprovedPlan.shownInDialog(proposal, reading: DialogReading(rows: 40, lastRowShown: 39))?.route == .dialog)
        #expect(ApprovedPlan.unattended(proposal).route == .unattended)
    }

    @Test func aDeclinedPlanSendsNothing() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        let asked = Approver { _ in nil }
        let result = try await Executor(client: org.client, store: store).apply(appId: nil, approver: asked)
        #expect(result == nil)
        #expect(org.client.log.writeCount == 0)
        #expect(try store.load() == nil, "nothing journalled")
    }

    @Test func aPlanThatIsNotTheOneTheExecutorMadeIsRefused() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let observation = try await org.observe()
        // An approval of another plan (some steps only) handed back for the whole run.
        let other = Proposal(plan: WritePlan(observation, steps: [.oktaAttribute]), observation: observation)
        let swapped = Approver { _ in .unattended(other) }
        await #expect(throws: StalePlanError.self) {
            _ = try await Executor(client: org.client, store: JournalStore(url: ExecutorTests.stateURL())).apply(appId: nil, approver: swapped)
        }
        #expect(org.client.log.writeCount == 0)
    }

    @Test func resumeNeverWritesBeyondTheInterruptedRunsScope() async throws {
        let org = try await WritePlannerTests.Org.start("fresh")
        defer { Task { await org.stop() } }
        let store = JournalStore(url: ExecutorTests.stateURL())
        _ = try await Executor(client: org.client, store: store).apply(appId: nil, phases: [.attributes], planWasShown: false)
        #expect(try store.load()?.scope == [.oktaAttribute, .appAttribute])
        let writes = org.client.log.writeCount
        let proposals = ProposalLog()
        let (_, result) = try await Executor(client: org.client, store: store).resume(approver: Approver { proposal in
            proposals.append(proposal)
            return .unattended(proposal)
        })
        let proposal = try #require(proposals.all.first)
        #expect(proposal.plan.steps == [.oktaAttribute, .appAttribute], "resume plans the interrupted run's phase only")
        #expect(proposal.plan.writes.isEmpty, "the mapping (phase 2) is not planned: \(proposal.plan.writes.map(\.step))")
        #expect(org.client.log.writeCount == writes, "nothing sent")
        #expect(result?.steps.first { $0.id == .mapping }?.status == .missing)

        // A journal written before the scope was kept resumes the phases of its entries only.
        var old = try #require(try store.load())
        old.scope = nil
        #expect(old.resumableScope == [.oktaAttribute, .appAttribute])
    }
}

/// Runs on one org, whatever URL reached it (its own host, a custom domain), share the lock on
/// its id: the second waits, and says it waited, so it reads the org again.
@Suite struct OrgIdLockTests {
    @Test func twoRunsOnOneOrgIdTakeTurnsAndTheSecondKnowsItWaited() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("org-id-lock-\(UUID().uuidString)")
        let environment = ["XDG_STATE_HOME": directory.path]
        let first = JournalStore(url: directory.appendingPathComponent("custom-domain.json"))
        let second = JournalStore(url: directory.appendingPathComponent("okta-host.json"))
        #expect(try await first.lockOrgId("00o1n8sbwArJ7OQRw406", environment: environment) == false, "nobody held it")
        let released = Task {
            try await Task.sleep(for: .milliseconds(400))
            first.unlock()
        }
        let started = ContinuousClock.now
        #expect(try await second.lockOrgId("00o1n8sbwArJ7OQRw406", environment: environment, patience: .seconds(20)) == true)
        #expect(ContinuousClock.now - started >= .milliseconds(300), "it waited for the first run")
        try await released.value
        second.unlock()
        // Another org's id is another lock; an id that could name a path is no lock at all.
        #expect(try await first.lockOrgId("00oAnotherOrg000000", environment: environment) == false)
        #expect(try await second.lockOrgId("../../etc", environment: environment) == false)
        first.unlock()
        #expect(OrgIdentity.key(try OrgURL(validating: "http://localhost:8080")) == OrgIdentity.key(try OrgURL(validating: "http://127.0.0.1:8080")))
        #expect(OrgIdentity.key(try OrgURL(validating: "https://acme.okta.com.")) == OrgIdentity.key(try OrgURL(validating: "https://ACME.okta.com:443")))
        #expect(OrgIdentity.key(try OrgURL(validating: "https://acme.okta.com")) != OrgIdentity.key(try OrgURL(validating: "https://acme.oktapreview.com")))
    }
}

final class ProposalLog: Sendable {
    private let proposals = Mutex<[Proposal]>([])
    func append(_ proposal: Proposal) { proposals.withLock { $0.append(proposal) } }
    var all: [Proposal] { proposals.withLock { $0 } }
}
