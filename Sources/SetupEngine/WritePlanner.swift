import Foundation
import OktaClient

/// One write `apply` would send: the exact request, shown to the admin before it runs.
package struct PlannedWrite: Sendable, Equatable, Encodable {
    /// Why a write is made, with the values it sets: a front end words it in its language.
    package enum Purpose: Sendable, Equatable {
        case addUserAttribute(name: String, type: String, title: String)
        case addAppAttribute(name: String, app: String, externalName: String)
        /// `pushStatus` is PUSH (create and update) only once the app sources users.
        case map(expression: String, attribute: String, onUpdateToo: Bool)
        case applyMappingOnUpdate
        case overrideSource(attribute: String, app: String)
        /// A step's own purpose, worded in its file (`StepWording`).
        case own(OwnWording)
    }

    package var step: StepID
    package var method: String
    package var path: String
    package var body: JSONValue
    package let purpose: Purpose
    /// The custom user type the write is for (docs/REAL-ORGS.md R30); nil: the default type.
    package var userType: String?
    /// That type's name as Okta lists it, so each type's writes are told apart by more than an id.
    package var userTypeName: String?

    package init(step: StepID, method: String, path: String, body: JSONValue, purpose: Purpose) {
        self.step = step
        self.method = method
        self.path = path
        self.body = body
        self.purpose = purpose
    }

    // The purpose is printed as its summary, worded by the text layer (`DocumentWords`): the
    // JSON keeps the shape scripts read.
    enum CodingKeys: String, CodingKey { case step, method, path, body, summary, userType, userTypeName }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encode(method, forKey: .method)
        try container.encode(path, forKey: .path)
        try container.encode(body, forKey: .body)
        try container.encodeIfPresent((encoder.userInfo[DocumentWords.key] as? DocumentWords)?.purpose(purpose), forKey: .summary)
        try container.encodeIfPresent(userType, forKey: .userType)
        try container.encodeIfPresent(userTypeName, forKey: .userTypeName)
    }
}

/// The writes an admin approves, exactly as they will be sent, and a fingerprint of the org
/// they rest on: what each written step owns, the ids in the paths, and the app's sourcing.
/// Apply sends these writes and no other, and refuses the whole plan, before its first write,
/// when the org read again gives another plan (Terraform's rule for a saved plan).
package struct WritePlan: Sendable, Equatable, Encodable {
    package var writes: [PlannedWrite]
    package var fingerprint: String
    /// The steps the plan was made for (a phase, one step, or all).
    package var steps: Set<StepID>
    /// The custom user types it was made for besides the default one (`--user-type`).
    package var userTypes: [String]
    /// The admin's recorded word the plan was judged with (a gate it opened, R31); not sent.
    package var confirmations: [Confirmation]

    package init(_ observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(), steps: Set<StepID> = Set(StepID.allCases),
                confirmations: [Confirmation] = []) {
        self.init(observation, desired: desired, steps: steps, confirmations: confirmations,
                  allWrites: WritePlanner.writes(for: observation, desired: desired, confirmations: confirmations))
    }

    /// The same plan, from the writes of every step planned for this observation already.
    package init(_ observation: Observation, desired: DesiredConfiguration, steps: Set<StepID>, confirmations: [Confirmation],
                 allWrites: [PlannedWrite]) {
        self.steps = steps
        self.confirmations = confirmations
        userTypes = observation.scopedUserTypes
        writes = WritePlanner.writes(allWrites, keeping: steps)
        fingerprint = Self.fingerprint(writes, observation, desired)
    }

    /// FNV-1a over the plan's requests and what each written step owns now: it changes when
    /// a request would, or when what a write rests on moved (a staleness check, not a secret).
    static func fingerprint(_ writes: [PlannedWrite], _ observation: Observation, _ desired: DesiredConfiguration) -> String {
        var parts: [JSONValue] = [.string(observation.app?.id ?? ""), .bool(observation.app?.isProfileSource ?? false)]
        for write in writes {
            parts += [.string(write.step.rawValue), .string(write.method), .string(write.path), write.body,
                      write.step.definition.writable?.owned(observation.scoped(to: write.userType), desired) ?? .null]
            if let userType = write.userType { parts.append(.string(userType)) }
        }
        let data = (try? JSONEncoder.okta.encode(JSONValue.array(parts))) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    enum CodingKeys: String, CodingKey { case writes, fingerprint }
}

/// Apply was given a plan the org no longer gives: nothing was sent.
package struct StalePlanError: Error, Sendable, CustomStringConvertible {
    package let planned: String
    package let now: String
    /// Steps whose write would differ from the plan's, or that the plan does not hold.
    package let steps: [StepID]

    package init(planned: String, now: String, steps: [StepID]) {
        self.planned = planned; self.now = now; self.steps = steps
    }

    package var description: String { "stale-plan \(planned) now \(now)" }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Works out, without touching the org, the writes that bring it to the desired
/// configuration: it plans, applies each write to a copy of the observation, and plans
/// again, so steps unblocked by earlier writes are planned too. It stops where the admin
/// must act (manual steps) and never plans a write for a `conflict`.
package enum WritePlanner {
    package static func writes(for observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(),
                              confirmations: [Confirmation] = []) -> [PlannedWrite] {
        var state = observation
        var writes = writes(into: &state, desired: desired, userType: nil, confirmations: confirmations)
        // Then each custom type asked for, on the org as the default type's writes leave it (the
        // app's attribute they share): its own attribute, mapping, PUSH and override (R30).
        for userType in observation.scopedUserTypes {
            var scoped = state.scoped(to: userType)
            writes += Self.writes(into: &scoped, desired: desired, userType: userType, confirmations: confirmations)
            state = state.absorbing(scoped, for: userType)
        }
        return writes
    }

    /// The writes of one user type's view of the org (nil: the default type, every step).
    static func writes(into state: inout Observation, desired: DesiredConfiguration, userType: String?,
                       confirmations: [Confirmation]) -> [PlannedWrite] {
        var writes: [PlannedWrite] = []
        for _ in StepID.allCases {
            let steps = Planner.plan(state, desired: desired, confirmations: confirmations)
            guard let next = steps.first(where: { ($0.status == .missing || $0.status == .differs) && $0.id.hasPublicAPI
                      && (userType == nil || $0.id.definition.writable?.perUserType == true) }),
                  var write = write(for: next.id, state, desired) else { break }
            write.userType = userType
            if userType != nil { write.userTypeName = state.userType.label }
            writes.append(write)
            write.step.definition.writable?.assume(write, into: &state)
        }
        return writes
    }

    /// The writes for some steps only: a write that rests on a planned write of a step left
    /// out is left out too, since it cannot be sent before that one (docs/ARCHITECTURE.md).
    package static func writes(for observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(),
                              steps: Set<StepID>, confirmations: [Confirmation] = []) -> [PlannedWrite] {
        writes(writes(for: observation, desired: desired, confirmations: confirmations), keeping: steps)
    }

    /// The writes of all steps narrowed to some: what `writes(for:steps:)` plans, from a plan of
    /// every step already made.
    package static func writes(_ all: [PlannedWrite], keeping steps: Set<StepID>) -> [PlannedWrite] {
        var leftOut: Set<StepID> = []
        return all.filter { write in
            let kept = steps.contains(write.step) && leftOut.isDisjoint(with: write.step.definition.restsOn)
            if !kept { leftOut.insert(write.step) }
            return kept
        }
    }

    /// The unfinished steps, not in `steps`, that a step waits for: what the admin must do first.
    package static func waitsFor(_ step: StepID, reports: [StepReport], besides steps: Set<StepID> = []) -> [StepID] {
        var waiting: [StepID] = []
        var pending = step.definition.restsOn
        while let next = pending.first {
            pending.removeFirst()
            guard !steps.contains(next), !waiting.contains(next),
                  let report = reports.first(where: { $0.id == next }), report.status != .ok else { continue }
            waiting.append(next)
            pending += next.definition.restsOn
        }
        return StepID.allCases.filter(waiting.contains)
    }

    static func write(for step: StepID, _ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        step.definition.writable?.write(observation, desired)
    }

    /// Where a step writes, from the ids observed in the org now (escaped as read paths are);
    /// nil for the steps the API cannot write, or when what it writes to is not there.
    /// Rollback and resume take their paths from here too, never from the journal.
    package static func writePath(_ step: StepID, _ observation: Observation) -> String? {
        step.definition.writable?.path(observation)
    }

    /// What the org would look like once `write` succeeded, as far as the planner can tell.
    static func apply(_ write: PlannedWrite, to state: inout Observation) {
        var scoped = state.scoped(to: write.userType)
        write.step.definition.writable?.assume(write, into: &scoped)
        state = state.absorbing(scoped, for: write.userType)
    }
}
