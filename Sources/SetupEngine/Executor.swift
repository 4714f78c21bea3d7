import Foundation
import OktaClient

/// Something changed in the org between the plan and the write (another admin, say).
public struct ConcurrentChangeError: Error, Sendable, CustomStringConvertible {
    public var step: StepID
    public var planned: JSONValue
    public var found: JSONValue
    public var description: String {
        "\(step.rawValue): the org changed since the plan was made (was \(planned.displayText), now \(found.displayText)); nothing was written. Run plan again to see the new state."
    }
}

/// A step's precondition (say, Dialpad sourcing users before PUSH) no longer holds in the org.
public struct PreconditionChangedError: Error, Sendable, CustomStringConvertible {
    public var step: StepID
    public var reason: String
    public var description: String {
        "\(step.rawValue): the org changed since the plan and this step is no longer ready (\(reason)); nothing was written. Run plan again."
    }
}

/// Okta answered a write with success but never showed the change when read back.
public struct UnverifiedWriteError: Error, Sendable, CustomStringConvertible {
    public var step: StepID
    public var description: String {
        "\(step.rawValue): Okta accepted the write but does not show it after several reads (Okta can drop concurrent schema writes). Run apply again: it re-reads the org first."
    }
}

/// The org cannot be brought to the procedure's end state by this tool, so apply writes
/// nothing at all rather than leave a half-configured org behind.
public struct ApplyRefusal: Error, Sendable, CustomStringConvertible {
    /// Why the org cannot be finished, for a front end to word in its own language.
    public enum Reason: Sendable, Equatable {
        case noDialpadApp
        case notProvisioningApp(app: String, appId: String, signOnMode: String?)
        /// `reason`: the planner's English account of the conflict, which the step's screen shows too.
        case conflict(step: StepID, reason: String)
    }

    public var reason: Reason
    public init(_ reason: Reason) { self.reason = reason }

    public var message: String {
        switch reason {
        case .noDialpadApp:
            return "No Dialpad app in this org, so the setup cannot be finished; nothing was written. Add Dialpad from the Okta Integration Network with SCIM provisioning, or pass --app-id."
        case .notProvisioningApp(let app, let appId, let signOnMode):
            return "\(app) (\(appId)) is not a SCIM provisioning app (\(signOnMode ?? "no sign-on mode"), no provisioning features), so it cannot carry the phone numbers; nothing was written. Enable provisioning (SCIM) on the Dialpad app, or pass --app-id of the Dialpad app that has it."
        case .conflict(let step, let reason):
            return "\(step.rawValue): \(reason) Nothing was written: resolve it, then run apply again."
        }
    }
    public var description: String { message }
}

/// What one apply did.
public struct ApplyResult: Sendable {
    public var writes: [Journal.Entry]
    public var steps: [StepReport]
    public var observation: Observation
}

/// Applies the planned writes one at a time: re-read, refuse on a concurrent change,
/// journal the before-image, write, read back until it shows, journal the outcome.
/// Writes to one schema are never concurrent: Okta can drop one of two silently.
public struct Executor: Sendable {
    public let client: OktaClient
    public let store: JournalStore
    public var desired = DesiredConfiguration()
    /// Runs right before each write's re-read; tests use it to play a second admin.
    public var beforeWrite: (@Sendable (PlannedWrite) async throws -> Void)?
    public var readBackAttempts = 5

    public init(client: OktaClient, store: JournalStore) {
        self.client = client
        self.store = store
    }

    public func apply(appId: String?, phases: Set<Phase> = Set(Phase.allCases), steps: Set<StepID>? = nil,
                      progress: @Sendable (String) -> Void = { _ in }) async throws -> ApplyResult {
        try store.lock()
        defer { store.unlock() }
        var observation = try await Observer(client: client, desired: desired).observe(appId: appId)
        var journal = try store.load(expectingOrg: client.org.description, appId: observation.app?.id)
            ?? Journal(org: client.org.description, appId: observation.app?.id)
        try refuseUnfinishable(observation, phases: phases)
        var made: [Journal.Entry] = []
        // The users as they are once every attribute write is done, read beside a later batch.
        var sampleAfterAttributes: OktaClient.Page<AppUser>?

        while true {
            let batch = Self.independentBatch(WritePlanner.writes(for: observation, desired: desired).filter { phases.contains($0.step.phase) && steps?.contains($0.step) != false })
            guard !batch.isEmpty else { break }
            for write in batch { try await beforeWrite?(write) }

            // The attributes added so far change what the users sample shows; the writes of
            // this batch (no attribute) do not, so the sample is read beside them.
            let batchAddsAttributes = batch.contains { Self.changesUserSample($0.step) }
            if batchAddsAttributes { sampleAfterAttributes = nil }
            let sampleApp = !batchAddsAttributes && sampleAfterAttributes == nil && made.contains { Self.changesUserSample($0.step) }
                && observation.userSchema.customProperties[desired.attributeName] != nil ? observation.app : nil
            async let sampleRead: OktaClient.Page<AppUser>? = sampleApp == nil ? nil : client.appUsersFirstPage(appId: sampleApp!.id)

            // Re-read each resource right before writing; refuse if what the step owns moved since the plan.
            let planned = batch.map { owned($0.step, in: observation) }
            let plannedObservation = observation
            let reread = try await concurrently(batch) { write in try await self.reread(write.step, into: plannedObservation) }
            if let sample = try await sampleRead { sampleAfterAttributes = sample }
            for (index, write) in batch.enumerated() {
                Self.merge(write.step, from: reread[index], into: &observation)
                let current = owned(write.step, in: observation)
                guard current == planned[index] else {
                    throw ConcurrentChangeError(step: write.step, planned: planned[index], found: current)
                }
            }
            // What a step depends on is checked again too: a step no longer ready is not written.
            let recheck = Planner.plan(observation, desired: desired)
            for write in batch {
                guard let report = recheck.first(where: { $0.id == write.step }), [.missing, .differs].contains(report.status) else {
                    let report = recheck.first { $0.id == write.step }
                    throw PreconditionChangedError(step: write.step, reason: report?.reason ?? "")
                }
            }

            let first = journal.entries.count
            for write in batch {
                journal.entries.append(Journal.Entry(step: write.step, method: write.method, path: write.path, body: write.body,
                                                     before: owned(write.step, in: observation), after: nil, outcome: .intent,
                                                     message: nil, at: Self.now()))
                progress("\(write.step.rawValue): \(write.summary)")
            }
            try store.save(journal)

            let before = observation
            let outcomes = await concurrently(batch) { write in
                do { return Result<Observation, any Error>.success(try await self.send(write, verifyingIn: before)) } catch { return .failure(error) }
            }
            var failure: (any Error)?
            for (offset, write) in batch.enumerated() {
                switch outcomes[offset] {
                case .success(let verified):
                    Self.merge(write.step, from: verified, into: &observation)
                    journal.entries[first + offset].after = owned(write.step, in: observation)
                    journal.entries[first + offset].outcome = .done
                    made.append(journal.entries[first + offset])
                case .failure(let error):
                    // Only a 4xx answer proves Okta did not apply the write; after a dropped
                    // connection, a 5xx or an unverified read-back it stays an intent, which
                    // resume and rollback settle against the live org.
                    let refused = (error as? OktaError)?.httpStatus.map { (400..<500).contains($0) } ?? false
                    journal.entries[first + offset].outcome = refused ? .failed : .intent
                    journal.entries[first + offset].message = String(describing: error)
                    failure = failure ?? error
                }
            }
            try store.save(journal)
            if let failure { throw failure }
        }
        // The sample of users was read before the writes; the attributes they added change what
        // it shows. The mapping, PUSH and the override change no profile value, so after those
        // alone the sample read at the start (or beside them) still holds.
        let addedAttributes = made.contains { Self.changesUserSample($0.step) }
        if addedAttributes, let app = observation.app, observation.userSchema.customProperties[desired.attributeName] != nil {
            let observer = Observer(client: client, desired: desired)
            let sample: OktaClient.Page<AppUser>
            if let sampleAfterAttributes { sample = sampleAfterAttributes } else { sample = try await client.appUsersFirstPage(appId: app.id) }
            observation.userSample = observer.summarize(sample)
        }
        return ApplyResult(writes: made, steps: Planner.plan(observation, desired: desired, confirmations: journal.confirmations),
                           observation: observation)
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
        // A conflict in a step the API writes; the Admin Console steps' own conflicts are reported, not refused.
        let written: Set<StepID> = [.oktaAttribute, .appAttribute, .mapping, .pushStatus, .sourcePriority]
        for report in Planner.plan(observation, desired: desired)
        where report.status == .conflict && written.contains(report.id) && phases.contains(report.id.phase) {
            throw ApplyRefusal(.conflict(step: report.id, reason: report.reason))
        }
    }

    /// Adding an attribute changes what the users sample shows; no other write changes a profile value.
    static func changesUserSample(_ step: StepID) -> Bool { step == .oktaAttribute || step == .appAttribute }

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

    /// Takes into `observation` the one resource `step` writes, as `source` has it.
    static func merge(_ step: StepID, from source: Observation, into observation: inout Observation) {
        switch step {
        case .oktaAttribute, .sourcePriority: observation.userSchema = source.userSchema
        case .appAttribute: observation.appSchema = source.appSchema
        case .mapping: observation.inboundMapping = source.inboundMapping
        case .pushStatus:
            observation.inboundMapping = source.inboundMapping
            observation.app = source.app
        case .existingUsers, .profileSource: break
        }
        if step == .sourcePriority { observation.app = source.app }
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
    /// then applies what is left. The live org is the truth: nothing is written twice.
    public func resume(progress: @Sendable (String) -> Void = { _ in }) async throws -> ApplyResult {
        let journal: Journal
        do {
            try store.lock()
            defer { store.unlock() }
            guard var loaded = try store.load(expectingOrg: client.org.description) else {
                throw JournalError(.nothingToResume(journal: store.url.path))
            }
            let pending = loaded.entries.indices.filter { loaded.entries[$0].outcome == .intent }
            if !pending.isEmpty, let appId = loaded.appId {
                var observation = try await Observer(client: client, desired: desired).observe(appId: appId)
                for index in pending {
                    let step = loaded.entries[index].step
                    observation = try await reread(step, into: observation)
                    let current = owned(step, in: observation)
                    if current == loaded.entries[index].before {
                        loaded.entries[index].outcome = .failed
                        loaded.entries[index].message = "interrupted before Okta applied it; planned again"
                    } else {
                        loaded.entries[index].outcome = .done
                        loaded.entries[index].after = current
                        loaded.entries[index].message = "interrupted after Okta applied it; confirmed from the org"
                    }
                    progress("\(step.rawValue): \(loaded.entries[index].message!)")
                }
                try store.save(loaded)
            }
            journal = loaded
        }
        return try await apply(appId: journal.appId, progress: progress)
    }

    /// Records the admin's word on a step the API cannot show, after checking that what the
    /// API does show agrees with it.
    public func confirm(_ choice: Confirmation.Choice, appId: String?) async throws -> [StepReport] {
        try store.lock()
        defer { store.unlock() }
        let observation = try await Observer(client: client, desired: desired).observe(appId: appId)
        guard let app = observation.app else {
            throw RollbackRefusal(.noAppToConfirm)
        }
        if choice == .doNothingLowestPriority && !app.isProfileSource {
            throw RollbackRefusal(.notProfileSourceYet(app: app.displayName))
        }
        var journal = try store.load(expectingOrg: client.org.description, appId: app.id) ?? Journal(org: client.org.description, appId: app.id)
        journal.confirmations.append(Confirmation(step: Confirmation.step(for: choice), choice: choice, at: Self.now()))
        try store.save(journal)
        return Planner.plan(observation, desired: desired, confirmations: journal.confirmations)
    }

    /// Sends the write, then reads back until the step shows `ok`; re-sends once when
    /// Okta acknowledged a write it then does not show.
    func send(_ write: PlannedWrite, verifyingIn observation: Observation) async throws -> Observation {
        for sending in 0..<2 {
            do {
                _ = try await client.send(.POST, url: client.url(write.path), body: JSONEncoder.okta.encode(write.body))
            } catch let error as OktaError where Self.answerLost(error) {
                // The write may or may not have landed: the org says which. Sent again only
                // when the org shows it did not, so a write is never made twice.
                let readBack = try await reread(write.step, into: observation)
                if Planner.plan(readBack, desired: desired).first(where: { $0.id == write.step })?.status == .ok { return readBack }
                guard sending == 0, owned(write.step, in: readBack) == owned(write.step, in: observation) else {
                    var stopped = error
                    stopped.hint = "Nothing is lost: the journal keeps this write as unsettled. Run `dialpad-okta resume`: it reads the org back first and writes only what is missing."
                    throw stopped
                }
                continue
            }
            for attempt in 0..<readBackAttempts {
                let readBack = try await reread(write.step, into: observation)
                if Planner.plan(readBack, desired: desired).first(where: { $0.id == write.step })?.status == .ok {
                    return readBack
                }
                if attempt < readBackAttempts - 1 { try await Task.sleep(for: .milliseconds(100 << attempt)) }
            }
        }
        throw UnverifiedWriteError(step: write.step)
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
        var updated = observation
        switch step {
        case .oktaAttribute:
            updated.userSchema = try await client.defaultUserSchema()
        case .sourcePriority:
            // The override rests on the app sourcing users too: read both in one round trip.
            guard let app = observation.app else {
                updated.userSchema = try await client.defaultUserSchema()
                break
            }
            async let schemaRead = client.defaultUserSchema()
            async let appRead = client.app(id: app.id)
            (updated.userSchema, updated.app) = try await (schemaRead, appRead)
        case .appAttribute:
            if let app = observation.app { updated.appSchema = try await client.appUserSchema(appId: app.id) }
        case .mapping:
            if let mapping = observation.inboundMapping { updated.inboundMapping = try await client.mapping(id: mapping.id) }
        case .pushStatus:
            // PUSH rests on the app sourcing users, which the admin may have switched off meanwhile.
            guard let mapping = observation.inboundMapping, let app = observation.app else { break }
            async let mappingRead = client.mapping(id: mapping.id)
            async let appRead = client.app(id: app.id)
            (updated.inboundMapping, updated.app) = try await (mappingRead, appRead)
        case .existingUsers, .profileSource:
            break
        }
        return updated
    }

    /// Exactly what a step owns: the one attribute, the one mapping property, the one `master`.
    func owned(_ step: StepID, in observation: Observation) -> JSONValue {
        let name = desired.attributeName
        func json(_ value: some Encodable) -> JSONValue { JSONValue(encoding: value) }
        switch step {
        case .oktaAttribute: return observation.userSchema.customProperties[name].map(json) ?? .null
        case .sourcePriority: return observation.userSchema.customProperties[name]?.master.map(json) ?? .null
        case .appAttribute: return observation.appSchema?.customProperties[name].map(json) ?? .null
        case .mapping, .pushStatus: return observation.inboundMapping?.properties?[name].map(json) ?? .null
        case .existingUsers, .profileSource: return .null
        }
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
