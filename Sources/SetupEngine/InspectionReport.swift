import OktaClient

/// The `inspect --json` document: `org`, `app`, `steps` in order, `complete`, and what the read cost.
package struct InspectionReport: Sendable, Encodable, Equatable {
    package struct AppSummary: Sendable, Codable, Equatable {
        package var id: String
        package var label: String
    }
    package var org: String
    package var app: AppSummary?
    package var steps: [StepReport]
    package var complete: Bool
    package var previewOrg: Bool
    package var requests: Int?
    package var waves: Int?
    /// The custom user types asked for (`--user-type`, R30), each with its own steps; nil: none asked.
    package var userTypes: [UserTypeStatus]?

    package init(observation: Observation, steps: [StepReport], requests: Int?, waves: Int?, language: Language = .en,
                confirmations: [Confirmation] = []) {
        org = observation.org
        app = observation.app.map { AppSummary(id: $0.id, label: $0.displayName) }
        let appLabel = observation.app?.displayName ?? "Dialpad"
        self.steps = steps.map { step in
            var step = step
            let definition = step.id.definition
            // A shut gate says what to do instead, whatever the step's status.
            if step.status == .manual || definition.console?.gateShut(step) == true {
                step.guidance = definition.console?.guidance(app: appLabel, language: language, report: step)
            }
            let fields = definition.comparison(observation, observation.desired)
            step.fields = fields.isEmpty ? nil : fields
            for case .userSample(let sample) in definition.facts(observation) { step.userSample = sample }
            return step
        }
        let types = observation.userTypeStatuses(confirmations: confirmations)
        userTypes = types.isEmpty ? nil : types
        complete = steps.allSatisfy { $0.status == .ok } && types.allSatisfy(\.complete)
        previewOrg = observation.isPreviewOrg
        self.requests = requests
        self.waves = waves
    }

    enum CodingKeys: String, CodingKey { case org, app, steps, complete, previewOrg, requests, waves, userTypes }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(org, forKey: .org)
        try container.encode(app, forKey: .app) // null, never absent: the documented shape
        try container.encode(steps, forKey: .steps)
        try container.encode(complete, forKey: .complete)
        try container.encode(previewOrg, forKey: .previewOrg)
        try container.encodeIfPresent(requests, forKey: .requests)
        try container.encodeIfPresent(waves, forKey: .waves)
        try container.encodeIfPresent(userTypes, forKey: .userTypes)
    }
}
