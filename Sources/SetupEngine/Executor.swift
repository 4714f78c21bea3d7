import Foundation
import Logging
import OktaClient

/// What one apply did.
package struct ApplyResult: Sendable {
    package var writes: [Journal.Entry]
    package var steps: [StepReport]
    package var observation: Observation
    /// The admin's recorded word the steps were judged with, for judging each user type's the same way.
    package var confirmations: [Confirmation] = []
}

/// Applies the planned writes: journal the before-image, write, read back until it shows,
/// journal the outcome. Writes to one schema are never concurrent: Okta can drop one of two
/// silently. After a plan shown to an admin, each write re-reads its resource first and
/// refuses on a concurrent change.
package struct Executor: Sendable {
    package let client: OktaClient
    package let store: JournalStore
    package var desired = DesiredConfiguration()
    /// Runs before each write (before its re-read when it has one); tests use it to play a second admin.
    package var beforeWrite: (@Sendable (PlannedWrite) async throws -> Void)?
    /// How long a write Okta acknowledged may take to show in reads before the run stops: Okta
    /// can show a schema write only seconds later (docs/REAL-ORGS.md R5; Terraform waits 120 s).
    package var readBackPatience: Duration = .seconds(120)
    /// When an acknowledged write still does not show, it is sent once more: Okta may have
    /// dropped it (R6). A late one sent again changes nothing: the same partial update.
    package var resendAfter: Duration = .seconds(3)
    /// How long a write refused during Okta's clean-up of a deleted attribute of the same name
    /// is sent again (R26; Terraform retries for 120 s).
    package var cleanupPatience: Duration = .seconds(120)
    /// The time read-backs wait on; tests give one that passes only when slept on.
    package var clock = WaitClock.real
    /// Told what the run is doing as it goes (the wizard's status line, the command line's stderr).
    package var progress: @Sendable (ApplyProgress) -> Void = { _ in }
    /// When set, told in place of `progress` with the custom user type each progress concerns
    /// (nil: the default type), so a front end tells each type's writes apart (R30).
    package var progressNamingTypes: (@Sendable (ApplyProgress, UserTypeLabel?) -> Void)?

    package init(client: OktaClient, store: JournalStore) {
        self.client = client
        self.store = store
    }

    /// Reads the org under its lock, plans the writes for `steps`, and hands the plan to
    /// `approver` (the command line prints it and asks, or `--yes` approves it); sends only
    /// what was approved. nil: the approver sent nothing.
    /// `userTypes`: custom user types to set up as well as the default one (R30).
    package func apply(appId: String?, steps: Set<StepID> = Set(StepID.allCases), userTypes: [String] = [],
                      approver: Approver) async throws -> ApplyResult? {
        try store.lock()
        defer { store.unlock() }
        try await store.lockOrg(client.org)
        // The org's id is read beside the org: no round trip of its own. The admin's roles are
        // not read: only a Super Administrator may list them (docs/REAL-ORGS.md R28).
        async let orgId = client.organizationId()
        var observation = try await Observer(client: client, desired: desired).observe(appId: appId, userTypes: userTypes)
        // Another run on this org under another spelling of its URL wrote meanwhile: read it again.
        if try await store.lockOrgId(await orgId) {
            observation = try await Observer(client: client, desired: desired).observe(appId: appId, userTypes: userTypes)
        }
        try refuse(observation, steps: steps)
        // The admin's recorded word may open a gate the API alone keeps shut (R31).
        let confirmations = try store.load(expectingOrg: client.org.description)?.confirmations ?? []
        let proposal = Proposal(plan: WritePlan(observation, desired: desired, steps: steps, confirmations: confirmations), observation: observation)
        guard let approved = try await approver.approve(proposal) else { return nil }
        guard approved.plan == proposal.plan else {
            throw StalePlanError(planned: approved.plan.fingerprint, now: proposal.plan.fingerprint,
                                 steps: Self.differing(approved.plan.writes, proposal.plan.writes))
        }
        // A plan a person looked at may have aged while they read it: read again what it rests on.
        // An unattended one was made under the lock moments ago: its first writes rest on that
        // read, and each later write re-reads first, since another admin (on another machine,
        // which no lock here holds back) may write while this run waits for Okta.
        guard approved.wasShown else { return try await send(approved, observation: observation, planned: proposal.plan) }
        try await beforeFirstStage(approved.plan)
        let current = try await refresh(approved.plan, observation)
        let planned = try checkStillGiven(approved.plan, by: current)
        return try await send(approved, observation: current, planned: planned)
    }

    /// Sends a plan approved before this call (the wizard's dialog): what it rests on is read
    /// again first, in one wave, and nothing is sent when the org no longer gives exactly it.
    package func apply(_ approved: ApprovedPlan) async throws -> ApplyResult {
        try store.lock()
        defer { store.unlock() }
        try await store.lockOrg(client.org)
        async let orgId = client.organizationId()
        try await beforeFirstStage(approved.plan)
        var observation = try await refresh(approved.plan, approved.observation)
        if try await store.lockOrgId(await orgId) { observation = try await refresh(approved.plan, approved.observation) }
        let planned = try checkStillGiven(approved.plan, by: observation)
        try refuse(observation, steps: approved.plan.steps)
        return try await send(approved, observation: observation, planned: planned)
    }

    /// The first writes rest on the read made right after this: `beforeWrite` runs for them
    /// before it, as it runs for later writes before their own re-read.
    func beforeFirstStage(_ plan: WritePlan) async throws {
        for write in Self.stages(plan.writes).first ?? [] { try await beforeWrite?(write) }
    }

    /// Nothing is sent when the org read again gives another plan than the one approved.
    /// Returns that plan, made from `observation`, for the first round of writes to send.
    @discardableResult
    func checkStillGiven(_ plan: WritePlan, by observation: Observation) throws -> WritePlan {
        let now = WritePlan(observation, desired: desired, steps: plan.steps, confirmations: plan.confirmations)
        guard now.fingerprint == plan.fingerprint else {
            throw StalePlanError(planned: plan.fingerprint, now: now.fingerprint, steps: Self.differing(plan.writes, now.writes))
        }
        return now
    }

    /// Refuses, before any write, an org the run cannot finish: no app, or one without provisioning. A write
    /// the admin's role may not make is Okta's to refuse (`RoleRefusedWrite`): the roles cannot
    /// be read, and the plan showed each write's roles (docs/REAL-ORGS.md R28).
    func refuse(_ observation: Observation, steps: Set<StepID>) throws {
        try refuseUnfinishable(observation, phases: Set(steps.map(\.phase)))
    }

    /// Sends the approved plan's requests and no other, on the org as read just now
    /// (`observation`): the first stage rests on that read, each later stage re-reads its
    /// resources before writing and refuses on a concurrent change.
    /// `planned`: the plan made from `observation` (a plan is made once per observation).
    func send(_ approved: ApprovedPlan, observation: Observation, planned: WritePlan) async throws -> ApplyResult {
        let plan = approved.plan
        var observation = observation
        var writesPlanned: [PlannedWrite]? = planned.writes
        var firstStageIsFresh = true
        var journal = try store.load(expectingOrg: client.org.description, appId: observation.app?.id)
            ?? Journal(org: client.org.description, appId: observation.app?.id)
        if !plan.writes.isEmpty {
            journal.scope = StepID.allCases.filter(plan.steps.contains)
            // Types set up by an earlier run stay: a run without them must not make resume and
            // the next apply forget them half set up (their PUSH and override still to do).
            let types = (journal.userTypes ?? []) + plan.userTypes.filter { !(journal.userTypes ?? []).contains($0) }
            journal.userTypes = types.isEmpty ? nil : types
            try store.save(journal)
        }
        let recorder = JournalRecorder(journal: journal, store: store)
        var made: [Journal.Entry] = []
        // The users as they are once every attribute write showed, read beside a later write.
        var sampleAfterAttributes: OktaClient.Page<AppUser>?

        // Each round plans from what Okta showed; a write refused while the writes it builds
        // on were still settling is planned again in the next round, after them.
        while true {
            let writes = writesPlanned ?? WritePlanner.writes(for: observation, desired: desired, steps: plan.steps, confirmations: plan.confirmations)
            writesPlanned = nil
            guard !writes.isEmpty else { break }
            if let unplanned = writes.first(where: { !plan.writes.contains($0) }) {
                throw StalePlanError(planned: plan.fingerprint, now: WritePlan(observation, desired: desired, steps: plan.steps, confirmations: plan.confirmations).fingerprint,
                                     steps: [unplanned.step])
            }
            let round = await run(Self.stages(writes)[...], on: observation, rereading: true, fresh: firstStageIsFresh,
                                  sentEarly: false, recorder: recorder)
            firstStageIsFresh = false
            if writes.contains(where: { Self.changesUserSample($0.step) }) { sampleAfterAttributes = nil }
            let entries = await recorder.journal.entries
            var failure: (any Error)?
            var failedStep: StepID?
            for outcome in round.outcomes {
                switch outcome.result {
                case .success(let verified):
                    Self.merge(outcome.write.step, outcome.write.userType, from: verified, into: &observation)
                    made.append(entries[outcome.entry])
                case .failure(let error):
                    if !(outcome.sentEarly && Self.refused(error)) && failure == nil { (failure, failedStep) = (error, outcome.write.step) }
                }
            }
            if let failure = failure ?? round.stop {
                throw RoleRefusedWrite.explaining(failure, step: failedStep, landed: made, org: client.org.description,
                                                  journal: store.url.path, serviceApp: client.usesOAuth)
            }
            if let sample = try round.sample?.get() { sampleAfterAttributes = sample }
        }
        // The sample of users was read before the writes; the attributes they added change what
        // it shows. The mapping, PUSH and the override change no profile value, so after those
        // alone the sample read at the start still holds.
        let addedAttributes = made.contains { Self.changesUserSample($0.step) }
        if addedAttributes, let app = observation.app, observation.userSchema.customProperties[desired.attributeName] != nil {
            let sample: OktaClient.Page<AppUser>
            if let sampleAfterAttributes { sample = sampleAfterAttributes } else { sample = try await client.appUsersFirstPage(appId: app.id) }
            observation.userSample = Observer(client: client, desired: desired).summarize(sample, defaultType: observation.userType.id)
        }
        let confirmations = await recorder.journal.confirmations
        return ApplyResult(writes: made, steps: Planner.plan(observation, desired: desired, confirmations: confirmations),
                           observation: observation, confirmations: confirmations)
    }

    /// What became of one write: the org once it showed there, or why not.
    struct WriteOutcome: Sendable {
        var write: PlannedWrite
        /// Its index in the journal's entries.
        var entry: Int
        var result: Result<Observation, any Error>
        /// Sent once the writes it builds on were acknowledged, before they showed.
        var sentEarly: Bool
    }

    /// What a chain of stages did, in stage order.
    struct RoundResult: Sendable {
        var outcomes: [WriteOutcome] = []
        /// Why a stage wrote nothing (the org changed since the plan, the journal could not be written).
        var stop: (any Error)?
        /// The users, read once the last attribute write of the round showed.
        var sample: Result<OktaClient.Page<AppUser>, any Error>?

        func then(_ later: RoundResult?) -> RoundResult {
            guard let later else { return self }
            return RoundResult(outcomes: outcomes + later.outcomes, stop: stop ?? later.stop, sample: later.sample ?? sample)
        }
    }

    /// Runs the first stage's writes at once, then the rest. A stage writing other resources
    /// than this one is sent as soon as this one is acknowledged, beside its read-back: a
    /// mapping needs its attributes to exist, not to have been read back. One that writes the
    /// same schema waits until this stage shows, so two writes to a schema never overlap.
    /// `fresh`: the first stage's resources were read just now, so it needs no re-read.
    func run(_ stages: ArraySlice<[PlannedWrite]>, on planned: Observation, rereading: Bool, fresh: Bool = false, sentEarly: Bool,
             recorder: JournalRecorder) async -> RoundResult {
        guard let stage = stages.first else { return RoundResult() }
        // Under way from its intent to its settled outcome: a Ctrl-C waits for both to be journalled.
        let underWay = client.deadline.beginWrite()
        let state: Observation
        let entries: [Int]
        do {
            // The run's deadline stops it between writes, never in one (`RunDeadline`).
            try client.deadline.checkBeforeWrite()
            // A fresh first stage of a shown plan had its hooks run before the read it rests on.
            if !(fresh && rereading) { for write in stage { try await beforeWrite?(write) } }
            state = try await prepare(stage, on: planned, rereading: rereading && !fresh)
            entries = try await recorder.intend(stage, before: stage.map { owned($0.step, $0.userType, in: state) })
        } catch {
            return RoundResult(stop: error)
        }
        for write in stage { tell(.writing(write.step), write.userType, state) }

        let deliveries = await concurrently(stage) { write in
            do { return Result<Delivery, any Error>.success(try await self.deliver(write, in: state)) } catch { return .failure(error) }
        }
        let later = stages.dropFirst()
        let allDelivered = deliveries.allSatisfy { if case .success = $0 { true } else { false } }
        let overlapsLater = later.first.map { next in next.contains { write in stage.contains { $0.path == write.path } } } ?? false
        let samplesAfter = stage.contains { Self.changesUserSample($0.step) } && !later.joined().contains { Self.changesUserSample($0.step) }

        var assumed = state
        for write in stage { WritePlanner.apply(write, to: &assumed) }
        async let early: RoundResult? = allDelivered && !overlapsLater
            ? run(later, on: assumed, rereading: rereading, sentEarly: true, recorder: recorder) : nil
        var result = RoundResult()
        result.outcomes = await readBack(stage, deliveries, entries: entries, in: state, sentEarly: sentEarly, recorder: recorder)
        underWay.end()
        var shown = planned
        for outcome in result.outcomes {
            guard case .success(let verified) = outcome.result else { return result.then(await early) }
            Self.merge(outcome.write.step, outcome.write.userType, from: verified, into: &shown)
        }
        if samplesAfter, let app = shown.app, shown.userSchema.customProperties[desired.attributeName] != nil {
            do { result.sample = .success(try await client.appUsersFirstPage(appId: app.id)) } catch { result.sample = .failure(error) }
        }
        if let early = await early { return result.then(early) }
        return result.then(await run(later, on: shown, rereading: rereading, sentEarly: false, recorder: recorder))
    }

    /// Re-reads each resource right before writing and refuses if what the step owns moved
    /// since the plan; then checks what each step depends on again, so a step no longer
    /// ready is not written. Returns the state the writes rest on.
    func prepare(_ stage: [PlannedWrite], on planned: Observation, rereading: Bool) async throws -> Observation {
        guard rereading else { return planned }
        var state = planned
        let reread = try await concurrently(stage) { write in try await self.reread(write.step, write.userType, into: planned) }
        for (index, write) in stage.enumerated() {
            Self.merge(write.step, write.userType, from: reread[index], into: &state)
            let before = owned(write.step, write.userType, in: planned)
            let current = owned(write.step, write.userType, in: state)
            guard current == before else { throw ConcurrentChangeError(step: write.step, planned: before, found: current) }
        }
        for write in stage {
            let report = reports(state, write.userType).first { $0.id == write.step }
            guard let report, [.missing, .differs].contains(report.status) else {
                throw PreconditionChangedError(step: write.step, why: report?.why)
            }
        }
        return state
    }

    /// Reads each delivered write back until it shows and journals every outcome.
    func readBack(_ stage: [PlannedWrite], _ deliveries: [Result<Delivery, any Error>], entries: [Int], in state: Observation,
                sentEarly: Bool, recorder: JournalRecorder) async -> [WriteOutcome] {
        let results = await concurrently(Array(zip(stage, deliveries))) { write, delivery in
            do { return Result<Observation, any Error>.success(try await self.verify(write, in: state, after: delivery.get())) } catch { return .failure(error) }
        }
        var outcomes: [WriteOutcome] = []
        var settled: [JournalRecorder.Settled] = []
        for (offset, write) in stage.enumerated() {
            let requestId = (try? deliveries[offset].get())?.requestId
            switch results[offset] {
            case .success(let verified):
                settled.append(.init(entry: entries[offset], after: owned(write.step, write.userType, in: verified), outcome: .done, message: nil, requestId: requestId))
                outcomes.append(WriteOutcome(write: write, entry: entries[offset], result: results[offset], sentEarly: sentEarly))
            case .failure(let error) where Self.refused(error):
                let message = sentEarly
                    ? "refused while the writes it builds on were still settling in Okta, so not applied; planned again once they show (a later entry if it was sent): \(error)"
                    : String(describing: error)
                settled.append(.init(entry: entries[offset], after: nil, outcome: .failed, message: message,
                                     requestId: (error as? OktaError)?.requestId))
                outcomes.append(WriteOutcome(write: write, entry: entries[offset], result: results[offset], sentEarly: sentEarly))
            case .failure(let error):
                // Only a 4xx answer proves Okta did not apply the write; after a dropped
                // connection, a 5xx or a failed read-back it stays an intent, which resume
                // and rollback settle against the live org.
                settled.append(.init(entry: entries[offset], after: nil, outcome: .intent, message: String(describing: error), requestId: requestId))
                let unsettled: any Error = (error as? OktaError).map { UnsettledWrite(step: write.step, cause: $0) } ?? error
                outcomes.append(WriteOutcome(write: write, entry: entries[offset], result: .failure(unsettled), sentEarly: sentEarly))
            }
        }
        do { try await recorder.settle(settled) } catch {
            return outcomes.map { WriteOutcome(write: $0.write, entry: $0.entry, result: .failure(error), sentEarly: false) }
        }
        return outcomes
    }

    /// A 4xx answer: Okta did not apply the write.
    static func refused(_ error: any Error) -> Bool {
        (error as? OktaError)?.httpStatus.map { (400..<500).contains($0) } ?? false
    }

    /// The planned writes cut into stages: each the first remaining write and every later
    /// one that can go beside it.
    static func stages(_ writes: [PlannedWrite]) -> [[PlannedWrite]] {
        var stages: [[PlannedWrite]] = []
        var rest = writes[...]
        while !rest.isEmpty {
            let stage = independentBatch(Array(rest))
            stages.append(stage)
            rest = rest.dropFirst(stage.count)
        }
        return stages
    }

    /// Features an app has only when SCIM provisioning is on: the app profile and its
    /// mapping to Okta users exist only then.
    static let provisioningFeatures: Set<String> = ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES"]

    /// Refuses, before any write, an org the setup cannot be finished in.
    func refuseUnfinishable(_ observation: Observation, phases: Set<Phase>) throws {
        guard let app = observation.app else {
            throw ApplyRefusal(.noDialpadApp)
        }
        guard !Self.provisioningFeatures.isDisjoint(with: app.features ?? []) else {
            throw ApplyRefusal(.notProvisioningApp(app: app.displayName, appId: app.id, signOnMode: app.signOnMode))
        }
        // A conflict is not refused: the plan has no write for it nor for the steps resting on
        // it, so what does not depend on it is written and the report names the conflict and
        // what waits on it (the wizard and the command line keep one rule, issue 23 §5).
    }

    /// Adding an attribute changes what the users sample shows; no other write changes a profile value.
    static func changesUserSample(_ step: StepID) -> Bool { step.definition.writable?.addsAttribute == true }

    /// The first planned write and every later one that can go beside it: a different
    /// resource (Okta drops one of two concurrent writes to a schema) and no dependency.
    static func independentBatch(_ writes: [PlannedWrite]) -> [PlannedWrite] {
        var batch: [PlannedWrite] = []
        for write in writes {
            let free = batch.allSatisfy { $0.path != write.path && !$0.step.dependents.contains(write.step) }
            if free { batch.append(write) } else { break }
        }
        return batch
    }

    /// Reads again, in one wave, every resource the plan writes, and the app where a request
    /// depends on its sourcing.
    func refresh(_ plan: WritePlan, _ observation: Observation) async throws -> Observation {
        // One read per resource, and per user type where each type has its own (R30).
        var resources: [String] = []
        let targets = plan.writes.filter { write in
            guard let step = write.step.definition.writable else { return false }
            let key = "\(step.resource)/\(step.perUserType ? write.userType ?? "" : "")"
            defer { resources.append(key) }
            return !resources.contains(key)
        }
        let steps = targets.compactMap { $0.step.definition.writable }
        let planned = plan.writes.compactMap { $0.step.definition.writable }
        let readsApp = planned.contains(where: \.bodyDependsOnSourcing) && !steps.contains(where: \.needsProfileSourcing)
        let appToRead = readsApp ? observation.app?.id : nil
        async let appRead: OktaApp? = { if let appToRead { try await client.app(id: appToRead) } else { nil } }()
        let reads = try await concurrently(targets) { write in try await self.reread(write.step, write.userType, into: observation) }
        var fresh = observation
        for (write, read) in zip(targets, reads) { Self.merge(write.step, write.userType, from: read, into: &fresh) }
        if let app = try await appRead { fresh.app = app }
        return fresh
    }

    /// The steps whose write differs between two plans, or is in one only.
    static func differing(_ planned: [PlannedWrite], _ now: [PlannedWrite]) -> [StepID] {
        StepID.allCases.filter { step in planned.first { $0.step == step } != now.first { $0.step == step } }
    }

    /// Takes into `observation` the one resource `step` writes, as `source` has it.
    static func merge(_ step: StepID, from source: Observation, into observation: inout Observation) {
        step.definition.writable?.merge(from: source, into: &observation)
    }

    /// Runs `work` for every item at once and returns the results in the items' order.
    func concurrently<Item: Sendable, Output: Sendable>(_ items: [Item], _ work: @escaping @Sendable (Item) async throws -> Output) async rethrows -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            for (index, item) in items.enumerated() { group.addTask { (index, try await work(item)) } }
            var results = [Output?](repeating: nil, count: items.count)
            for try await (index, output) in group { results[index] = output }
            return results.map { $0! }
        }
    }

    /// Continues a half-finished setup: settles every write that was journalled but never
    /// confirmed (a crash between the write and its journal entry) against the live org,
    /// then plans what is left of the interrupted run's scope, and no more, for `approver`.
    /// The live org is the truth: nothing is written twice.
    package func resume(approver: Approver) async throws -> (journal: Journal, result: ApplyResult?) {
        let journal = try await settle()
        // Rollback took every step of this run out of its scope: planning an empty scope would
        // say "no write was needed" while steps are missing.
        if journal.scope == [], journal.entries.contains(where: { $0.outcome == .rolledBack }) {
            throw JournalError(.runRolledBack(journal: store.url.path))
        }
        return (journal, try await UserTypeLookupError.namingTheJournal(journal.userTypes ?? [], journal: store.url.path) {
            try await apply(appId: journal.appId, steps: journal.resumableScope, userTypes: journal.userTypes ?? [], approver: approver)
        })
    }

    /// Settles every write the journal holds as an intent against the live org, and returns
    /// the journal. Sends nothing: the wizard shows a plan for what is left, as for any apply.
    package func settle() async throws -> Journal {
        try store.lock()
        defer { store.unlock() }
        guard var loaded = try store.load(expectingOrg: client.org.description) else {
            throw JournalError(.nothingToResume(journal: store.url.path))
        }
        let pending = loaded.entries.indices.filter { loaded.entries[$0].outcome == .intent }
        if !pending.isEmpty, let appId = loaded.appId {
            let types = Journal.userTypes(of: pending.map { loaded.entries[$0] })
            var observation = try await UserTypeLookupError.namingTheJournal(types, journal: store.url.path) {
                // Settling only reads; checkJournal says a journal of another app in its own words.
                var observer = Observer(client: client, desired: desired)
                observer.acceptsAnyApp = true
                return try await observer.observe(appId: appId, userTypes: types)
            }
            try Self.checkJournal(loaded, entries: pending.map { loaded.entries[$0] }, against: observation, desired: desired)
            for index in pending {
                let step = loaded.entries[index].step, userType = loaded.entries[index].userType
                observation = try await reread(step, userType, into: observation)
                let current = owned(step, userType, in: observation)
                // Okta's request id: Okta answered the write, so nothing interrupted it; it never showed.
                let acknowledged = loaded.entries[index].requestId != nil
                if current == loaded.entries[index].before {
                    loaded.entries[index].outcome = .failed
                    loaded.entries[index].message = acknowledged ? "acknowledged by Okta but never shown, and not in the org; planned again"
                        : "interrupted before Okta applied it; planned again"
                    if acknowledged {
                        tell(.notShown(step), userType, observation)
                        continue
                    }
                } else {
                    loaded.entries[index].outcome = .done
                    loaded.entries[index].after = current
                    loaded.entries[index].message = "interrupted after Okta applied it; confirmed from the org"
                }
                tell(.settled(step, appliedBeforeInterruption: loaded.entries[index].outcome == .done), userType, observation)
            }
            try store.save(loaded)
        }
        return loaded
    }

    /// Records the admin's word on a step the API cannot show, after checking that what the
    /// API does show agrees with it.
    package func confirm(_ choice: Confirmation.Choice, appId: String?) async throws -> [StepReport] {
        try store.lock()
        defer { store.unlock() }
        let observation = try await Observer(client: client, desired: desired).observe(appId: appId)
        guard let app = observation.app else {
            throw ConfirmationRefusal(.noAppToConfirm)
        }
        if choice == .doNothingLowestPriority && !app.isProfileSource {
            throw ConfirmationRefusal(.notProfileSourceYet(app: app.displayName))
        }
        var journal = try store.load(expectingOrg: client.org.description, appId: app.id) ?? Journal(org: client.org.description, appId: app.id)
        // The article's gate: "lowest profile source" means nothing while no other source ranks
        // above; the admin's word that one the API cannot list does opens it (R31).
        if choice == .doNothingLowestPriority,
           Planner.plan(observation, desired: desired, confirmations: journal.confirmations)
            .first(where: { $0.id == .profileSource }).map({ ProfileSourceStep().gateShut($0) }) == true {
            throw ConfirmationRefusal(.onlyProfileSource(app: app.displayName))
        }
        let step = Confirmation.step(for: choice)
        if let console = step.definition.console, console.options.first(where: { $0.choice == choice })?.shownByOrg == true,
           !console.detected(observation, Planner.plan(observation, desired: desired, confirmations: journal.confirmations).first { $0.id == step }) {
            throw ConfirmationRefusal(.notShownByOrgYet(step: step, choice: choice))
        }
        journal.confirmations.append(Confirmation(step: step, choice: choice, at: Self.now()))
        try store.save(journal)
        return Planner.plan(observation, desired: desired, confirmations: journal.confirmations)
    }

    /// Takes back one word the admin gave on a console step (a tick given by mistake): the
    /// step is judged again without it, from the org and any other word still recorded.
    /// Nothing is sent to Okta.
    package func withdraw(_ word: Confirmation) async throws -> Journal? {
        try store.lock()
        defer { store.unlock() }
        guard var journal = try store.load(expectingOrg: client.org.description) else { return nil }
        if let index = journal.confirmations.lastIndex(of: word) { journal.confirmations.remove(at: index) }
        try store.save(journal)
        return journal
    }

    /// How a write went out: how often it was sent, and the org as read back when an answer
    /// was lost and the org showed the write had landed.
    struct Delivery: Sendable {
        var sends: Int
        var shown: Observation?
        /// Okta's id for the request it acknowledged.
        var requestId: String? = nil
    }

    /// Sends the write until Okta acknowledges it. The write is sent at most twice in all,
    /// not counting sends Okta refused while it cleaned up a deleted attribute (R26): those
    /// never landed, and only the same approved request goes again.
    func deliver(_ write: PlannedWrite, in observation: Observation, sentBefore: Int = 0) async throws -> Delivery {
        var sends = sentBefore
        var cleanup = CleanupWait(patience: cleanupPatience, started: clock.now())
        while true {
            sends += 1
            do {
                let response = try await client.send(method: write.method, url: client.url(write.path), body: JSONEncoder.okta.encode(write.body))
                return Delivery(sends: sends, shown: nil, requestId: response.oktaRequestId)
            } catch let error as OktaError where Self.answerLost(error) {
                // The write may or may not have landed: the org says which. Sent again only
                // when the org shows it did not, so a write is never made twice.
                let readBack = try await rereadThroughPassingFailures(write, into: observation)
                if shows(write.step, write.userType, in: readBack) { return Delivery(sends: sends, shown: readBack) }
                guard sends < 2, owned(write.step, write.userType, in: readBack) == owned(write.step, write.userType, in: observation) else { throw error }
            } catch let error as OktaError where write.step.definition.writable?.addsAttribute == true
                && error.attributeCleanupPending(desired.attributeName) {
                sends -= 1
                try await cleanup.wait(write.step, attribute: desired.attributeName, after: error, clock: clock, deadline: client.deadline,
                                       progress: progress)
            }
        }
    }

    /// Reads back, with growing pauses, until the step shows `ok`; sends the write once more
    /// when it does not show after `resendAfter`; gives up after `readBackPatience`, saying
    /// what it waits for while it waits.
    func verify(_ write: PlannedWrite, in observation: Observation, after delivery: Delivery) async throws -> Observation {
        if let shown = delivery.shown { return shown }
        var delivery = delivery
        let started = clock.now()
        var pause: Duration = .milliseconds(100)
        while true {
            let readBack: Observation
            do {
                readBack = try await reread(write.step, write.userType, into: observation)
            } catch let error as OktaError where error.passingFailure != nil {
                // A read is safe to repeat: a 5xx or a lost answer on it says nothing of the
                // write, so it is read again with the same pauses, and fails only once the
                // read-back's patience is spent (the client already tried it a few times).
                guard clock.now() - started < readBackPatience else { throw error }
                try await clock.sleep(pause)
                pause = min(pause * 2, .seconds(5))
                continue
            }
            if shows(write.step, write.userType, in: readBack) { return readBack }
            let waited = clock.now() - started
            guard waited < readBackPatience else { throw UnverifiedWriteError(step: write.step) }
            if waited >= resendAfter && delivery.sends < 2 {
                tell(.sendingAgain(write.step), write.userType, observation)
                delivery = try await deliver(write, in: observation, sentBefore: delivery.sends)
                if let shown = delivery.shown { return shown }
                continue
            }
            if waited >= .seconds(1) {
                tell(.awaitingReadBack(write.step, waitedSeconds: Int(waited.components.seconds),
                                       patienceSeconds: Int(readBackPatience.components.seconds)), write.userType, observation)
            }
            try await clock.sleep(pause)
            pause = min(pause * 2, .seconds(5))
        }
    }

    func shows(_ step: StepID, in observation: Observation) -> Bool {
        Planner.report(of: step, observation, desired: desired).status == .ok
    }

    /// No answer, or an answer that is not Okta's: the write may have landed or not.
    static func answerLost(_ error: OktaError) -> Bool {
        switch error.code {
        case .network, .decoding: return true
        case .api: return error.httpStatus.map { (500..<600).contains($0) } ?? false
        default: return false
        }
    }

    /// Reads the one resource a step writes, and returns the observation with it replaced.
    func reread(_ step: StepID, into observation: Observation) async throws -> Observation {
        guard let step = step.definition.writable else { return observation }
        return try await step.reread(client, into: observation)
    }

    /// Exactly what a step owns: the one attribute, the one mapping property, the one `master`.
    func owned(_ step: StepID, in observation: Observation) -> JSONValue {
        step.definition.writable?.owned(observation, desired) ?? .null
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
