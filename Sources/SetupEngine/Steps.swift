/// The three phases of the procedure, in order.
package enum Phase: String, Sendable, Codable, CaseIterable {
    case attributes, mappings, sourcing
}

/// The seven steps, in the order the procedure and `--json` list them.
package enum StepID: String, Sendable, Codable, CaseIterable {
    case oktaAttribute = "okta-attribute"
    case appAttribute = "app-attribute"
    case mapping = "mapping"
    case existingUsers = "existing-users"
    case profileSource = "profile-source"
    case pushStatus = "push-status"
    case sourcePriority = "source-priority"

    /// The step's definition (`Steps/`), where all it means lives.
    package var definition: any Step {
        guard let step = Steps.all.first(where: { $0.id == self }) else { preconditionFailure("\(rawValue) has no definition") }
        return step
    }

    package var phase: Phase { definition.phase }

    /// Steps Okta offers no public API for: the admin acts in the Admin Console.
    package var hasPublicAPI: Bool { definition.writable != nil }

    package var title: String { definition.title.en }

    /// Steps whose writes build on this one's, directly or through another, so rollback
    /// undoes them first and no write goes beside this one's.
    package var dependents: [StepID] {
        var found: [StepID] = []
        var frontier = [self]
        while let step = frontier.popLast() {
            for other in Steps.all where other.writable != nil && other.restsOn.contains(step) && !found.contains(other.id) {
                found.append(other.id)
                frontier.append(other.id)
            }
        }
        return StepID.allCases.filter(found.contains)
    }
}

/// The seven definitions, in the procedure's order: a step is judged after those it rests on.
package enum Steps {
    package static let all: [any Step] = [
        OktaAttributeStep(), AppAttributeStep(), MappingStep(), ExistingUsersStep(),
        ProfileSourceStep(), PushStatusStep(), SourcePriorityStep(),
    ]

    /// The console step that records `choice`.
    package static func recording(_ choice: Confirmation.Choice) -> StepID? {
        all.first { $0.console.map { ($0.options + [$0.gateOverride].compactMap { $0 }).contains { $0.choice == choice } } == true }?.id
    }
}

package enum StepStatus: String, Sendable, Codable {
    /// The org matches the procedure, on evidence read from the API.
    case ok
    /// Not there yet; the tool can create it.
    case missing
    /// There, but with other values the tool can set.
    case differs
    /// Something in the org contradicts the procedure and the tool will not change it on its own.
    case conflict
    /// Needs the admin in the Admin Console (no public API).
    case manual
    /// Waits for another step.
    case blocked
}

package struct StepReport: Sendable, Encodable, Equatable {
    package var id: StepID
    package var phase: Phase
    package var status: StepStatus
    /// What the API cannot show for this step, so `ok` rests on the rest.
    package var unverified: [Words]?
    /// For `manual` steps: where to go in the Admin Console, in the admin's language.
    package var guidance: [String]?
    /// For `profile-source`: the org's other profile sources, by id and label.
    package var otherProfileSources: [ProfileSource]?
    /// For `profile-source`: kinds of source the credential could not read, left out of the count.
    package var uncountedSources: [ProfileSource.Kind]?
    /// For `existing-users`: sampled Dialpad users of a custom user type, who will not get the
    /// number (the procedure maps into the default type only).
    package var otherUserTypes: [UserTypeShare]?
    /// What the procedure prescribes beside what the org has, field by field, as data.
    package var fields: [StepField]?
    /// For `existing-users`: the assigned users sampled, as counts.
    package var userSample: Observation.UserSample?
    /// Why, as data: the text layer words it in each language (`--json`'s `reason` too, through
    /// `DocumentWords`).
    package var why: StepReason

    package init(id: StepID, status: StepStatus, why: StepReason, unverified: [Words]? = nil) {
        self.id = id
        phase = id.phase
        self.status = status
        self.why = why
        self.unverified = unverified
    }

    /// `--json` keeps its shape: the reason in words (English), not its parts.
    enum CodingKeys: String, CodingKey {
        case id, phase, status, reason, unverified, guidance, otherProfileSources, uncountedSources, otherUserTypes, fields, userSample
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(phase, forKey: .phase)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent((encoder.userInfo[DocumentWords.key] as? DocumentWords)?.reason(why), forKey: .reason)
        try container.encodeIfPresent(unverified, forKey: .unverified)
        try container.encodeIfPresent(guidance, forKey: .guidance)
        try container.encodeIfPresent(otherProfileSources, forKey: .otherProfileSources)
        try container.encodeIfPresent(uncountedSources, forKey: .uncountedSources)
        try container.encodeIfPresent(otherUserTypes, forKey: .otherUserTypes)
        try container.encodeIfPresent(fields, forKey: .fields)
        try container.encodeIfPresent(userSample, forKey: .userSample)
    }
}

/// How a document words a step's reason and a write's purpose: the text layer gives them to
/// the encoder (`encoder.userInfo[DocumentWords.key]`), so no English lives below it.
package struct DocumentWords: Sendable {
    package static let key = CodingUserInfoKey(rawValue: "dialpad-okta.document-words")!
    package let reason: @Sendable (StepReason) -> String
    package let purpose: @Sendable (PlannedWrite.Purpose) -> String
    package init(reason: @escaping @Sendable (StepReason) -> String, purpose: @escaping @Sendable (PlannedWrite.Purpose) -> String) {
        self.reason = reason
        self.purpose = purpose
    }
}

/// How many of the sampled Dialpad users have one custom user type.
package struct UserTypeShare: Sendable, Codable, Equatable {
    package var typeId: String
    package var name: String
    package var users: Int

    package init(typeId: String, name: String, users: Int) {
        self.typeId = typeId; self.name = name; self.users = users
    }
}
