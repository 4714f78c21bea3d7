import Foundation
import OktaClient

/// One write `apply` would send: the exact request, shown to the admin before it runs.
public struct PlannedWrite: Sendable, Equatable, Encodable {
    /// Why a write is made, with the values it sets: a front end words it in its language.
    public enum Purpose: Sendable, Equatable {
        case addUserAttribute(name: String, type: String, title: String)
        case addAppAttribute(name: String, app: String, externalName: String)
        /// `pushStatus` is PUSH (create and update) only once the app sources users.
        case map(expression: String, attribute: String, onUpdateToo: Bool)
        case applyMappingOnUpdate
        case overrideSource(attribute: String, app: String)

        /// In English, as `plan` and `--json` print it.
        public var summary: String {
            switch self {
            case .addUserAttribute(let name, let type, let title):
                return "Add \(name) (\(type), \"\(title)\") to the Okta user profile."
            case .addAppAttribute(let name, let app, let externalName):
                return "Add \(name) to the \(app) app profile, read from Dialpad's \(externalName)."
            case .map(let expression, let attribute, let onUpdateToo):
                return "Map \(expression) to \(attribute) (\(onUpdateToo ? "on create and update" : "on create; PUSH follows once Dialpad sources users"))."
            case .applyMappingOnUpdate:
                return "Apply the mapping on user create and update (PUSH)."
            case .overrideSource(let attribute, let app):
                return "Override \(attribute)'s source to \(app)."
            }
        }
    }

    public var step: StepID
    public var method: String
    public var path: String
    public var body: JSONValue
    public let purpose: Purpose
    /// Why this write, in one line.
    public let summary: String

    public init(step: StepID, method: String, path: String, body: JSONValue, purpose: Purpose) {
        self.step = step
        self.method = method
        self.path = path
        self.body = body
        self.purpose = purpose
        summary = purpose.summary
    }

    // The purpose is printed as its summary: the JSON keeps the shape scripts read.
    enum CodingKeys: String, CodingKey { case step, method, path, body, summary }
}

/// Works out, without touching the org, the writes that bring it to the desired
/// configuration: it plans, applies each write to a copy of the observation, and plans
/// again, so steps unblocked by earlier writes are planned too. It stops where the admin
/// must act (manual steps) and never plans a write for a `conflict`.
public enum WritePlanner {
    public static func writes(for observation: Observation, desired: DesiredConfiguration = DesiredConfiguration()) -> [PlannedWrite] {
        var state = observation
        var writes: [PlannedWrite] = []
        for _ in StepID.allCases {
            let steps = Planner.plan(state, desired: desired)
            guard let next = steps.first(where: { ($0.status == .missing || $0.status == .differs) && $0.id.hasPublicAPI }),
                  let write = write(for: next.id, state, desired) else { break }
            writes.append(write)
            apply(write, to: &state, desired)
        }
        return writes
    }

    static func write(for step: StepID, _ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        let name = desired.attributeName
        switch step {
        case .oktaAttribute:
            var attribute = observation.userSchema.customProperties[name] ?? SchemaAttribute(
                required: false, permissions: [.object(["principal": .string("SELF"), "action": .string("READ_ONLY")])])
            attribute.title = desired.title
            attribute.description = desired.description
            attribute.type = desired.type
            return PlannedWrite(step: step, method: "POST", path: writePath(step, observation)!,
                                body: schemaBody(name, attribute),
                                purpose: .addUserAttribute(name: name, type: desired.type, title: desired.title))
        case .appAttribute:
            guard let app = observation.app else { return nil }
            var attribute = observation.appSchema?.customProperties[name] ?? SchemaAttribute(required: false, scope: "NONE")
            attribute.title = desired.title
            attribute.type = desired.type
            attribute.externalName = desired.externalName
            attribute.externalNamespace = desired.externalNamespace
            return PlannedWrite(step: step, method: "POST", path: writePath(step, observation)!,
                                body: schemaBody(name, attribute),
                                purpose: .addAppAttribute(name: name, app: app.displayName, externalName: desired.externalName))
        case .mapping, .pushStatus:
            guard let app = observation.app, let mapping = observation.inboundMapping else { return nil }
            // Okta refuses PUSH until the app sources users, and DONT_PUSH once it does.
            let push = app.isProfileSource ? "PUSH" : "DONT_PUSH"
            return PlannedWrite(step: step, method: "POST", path: writePath(step, observation)!,
                                body: .object(["properties": .object([name: .object([
                                    "expression": .string(desired.mappingExpression), "pushStatus": .string(push)])])]),
                                purpose: step == .mapping
                                    ? .map(expression: desired.mappingExpression, attribute: name, onUpdateToo: push == "PUSH")
                                    : .applyMappingOnUpdate)
        case .sourcePriority:
            guard let app = observation.app, var attribute = observation.userSchema.customProperties[name] else { return nil }
            attribute.master = SchemaMaster(type: "OVERRIDE", priority: [.init(type: "APP", value: app.id)])
            return PlannedWrite(step: step, method: "POST", path: writePath(step, observation)!,
                                body: schemaBody(name, attribute),
                                purpose: .overrideSource(attribute: name, app: app.displayName))
        case .existingUsers, .profileSource:
            return nil
        }
    }

    /// Where a step writes, from the ids observed in the org now (escaped as read paths are);
    /// nil for the steps the API cannot write, or when what it writes to is not there.
    /// Rollback and resume take their paths from here too, never from the journal (issue 16).
    public static func writePath(_ step: StepID, _ observation: Observation) -> String? {
        switch step {
        case .oktaAttribute, .sourcePriority:
            return "/api/v1/meta/schemas/user/default"
        case .appAttribute:
            return observation.app.map { "/api/v1/meta/schemas/apps/\(OktaClient.pathSegment($0.id))/default" }
        case .mapping, .pushStatus:
            return observation.inboundMapping.map { "/api/v1/mappings/\(OktaClient.pathSegment($0.id))" }
        case .existingUsers, .profileSource:
            return nil
        }
    }

    /// A partial schema update that touches exactly one attribute.
    static func schemaBody(_ name: String, _ attribute: SchemaAttribute) -> JSONValue {
        schemaBody(name, JSONValue(encoding: attribute))
    }

    /// The same, for an attribute given as JSON (`null` deletes it).
    static func schemaBody(_ name: String, _ attribute: JSONValue) -> JSONValue {
        .object(["definitions": .object(["custom": .object([
            "id": .string("#custom"), "type": .string("object"), "required": .array([]),
            "properties": .object([name: attribute]),
        ])])])
    }

    /// What the org would look like once `write` succeeded, as far as the planner can tell.
    static func apply(_ write: PlannedWrite, to state: inout Observation, _ desired: DesiredConfiguration) {
        let name = desired.attributeName
        func attribute() -> SchemaAttribute? {
            guard let value = write.body["definitions"]?["custom"]?["properties"]?[name], let data = try? JSONEncoder.okta.encode(value) else { return nil }
            return try? JSONDecoder().decode(SchemaAttribute.self, from: data)
        }
        switch write.step {
        case .oktaAttribute, .sourcePriority:
            var custom = state.userSchema.customProperties
            custom[name] = attribute()
            state.userSchema.definitions = .init(base: state.userSchema.definitions?.base, custom: .init(properties: custom))
        case .appAttribute:
            var custom = state.appSchema?.customProperties ?? [:]
            custom[name] = attribute()
            state.appSchema = UserSchema(id: state.appSchema?.id, name: state.appSchema?.name, lastUpdated: nil,
                                         definitions: .init(base: state.appSchema?.definitions?.base, custom: .init(properties: custom)))
        case .mapping, .pushStatus:
            if let property = write.body["properties"]?[name] {
                var properties = state.inboundMapping?.properties ?? [:]
                properties[name] = MappingProperty(expression: property["expression"]?.stringValue,
                                                   pushStatus: property["pushStatus"]?.stringValue)
                state.inboundMapping?.properties = properties
            }
        case .existingUsers, .profileSource:
            break
        }
    }
}
