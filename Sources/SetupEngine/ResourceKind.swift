import OktaClient

/// A kind of Okta object a step writes: where it lives, how it is read into an observation and
/// read back, and what a write does to it. The planner, executor, resume and rollback reach a
/// kind only through this, so a step of a new kind brings its kind in its own file
/// (docs/ARCHITECTURE.md, "Adding a step").
package protocol ResourceKind: Sendable {
    /// Its stable name: one read and one writer per resource (the executor), one restore per
    /// resource in turn (rollback).
    var name: String { get }
    /// The operationId in Okta's spec that writes it, so its admin roles are the spec's (R28).
    var writeOperationId: String { get }
    /// Each custom user type has one of its own (R30); planned once more per type asked for.
    var perUserType: Bool { get }
    /// Where it is written and read, from the ids observed in the org now (escaped once, as
    /// read paths are); nil when the org has none to write to.
    func path(_ observation: Observation) -> String?
    /// Reads it as the `Observer` ends its read; the first kinds are read in the Observer's own
    /// waves and add nothing here.
    func observe(_ client: OktaClient, into observation: Observation) async throws -> Observation
    /// Reads it again (before a write, and until a write shows) into `observation`.
    func reread(_ client: OktaClient, into observation: Observation) async throws -> Observation
    /// Takes it into `observation` as `source` has it.
    func merge(from source: Observation, into observation: inout Observation)
    /// What it would look like once `write` succeeded, as far as the planner can tell.
    func assume(_ write: PlannedWrite, into state: inout Observation)
}

extension ResourceKind {
    package var perUserType: Bool { false }
    package func observe(_ client: OktaClient, into observation: Observation) async throws -> Observation {
        try await reread(client, into: observation)
    }
}

/// The resource a step writes: one partial update of one Okta object.
package struct WrittenResource: Sendable, Equatable, CustomStringConvertible {
    package let kind: any ResourceKind
    package init(_ kind: any ResourceKind) { self.kind = kind }

    package static func == (lhs: WrittenResource, rhs: WrittenResource) -> Bool { lhs.kind.name == rhs.kind.name }
    package var description: String { kind.name }

    package static let userSchema = WrittenResource(UserSchemaResource())
    package static let appSchema = WrittenResource(AppSchemaResource())
    package static let profileMapping = WrittenResource(ProfileMappingResource())
}

extension Steps {
    /// Every kind a step writes, once each, in the procedure's order.
    package static var resources: [WrittenResource] {
        all.compactMap(\.writable?.resource).reduce(into: []) { kinds, kind in if !kinds.contains(kind) { kinds.append(kind) } }
    }
}

extension Observer {
    /// Each kind's own reads, after the waves that read the first kinds (which add none).
    func observeResources(into observation: Observation) async throws -> Observation {
        var observation = observation
        for resource in Steps.resources { observation = try await resource.kind.observe(client, into: observation) }
        return observation
    }
}

extension Observation {
    /// An object of a kind added after the first three, as Okta answered it (its kind's
    /// `observe` and `reread` put it here, by the kind's name); nil when not read or absent.
    package func resource(_ kind: some ResourceKind) -> JSONValue? { resources[kind.name] }
}

/// The user profile's schema (the default type's, or a custom type's where scoped to it).
struct UserSchemaResource: ResourceKind {
    let name = "userSchema"
    let writeOperationId = "updateUserProfile"
    let perUserType = true

    func path(_ observation: Observation) -> String? {
        "/api/v1/meta/schemas/user/\(observation.userSchemaId.map(OktaClient.pathSegment) ?? "default")"
    }

    func observe(_ client: OktaClient, into observation: Observation) async throws -> Observation { observation }

    func reread(_ client: OktaClient, into observation: Observation) async throws -> Observation {
        var updated = observation
        if let schemaId = observation.userSchemaId {
            updated.userSchema = try await client.get(UserSchema.self, "/api/v1/meta/schemas/user/\(OktaClient.pathSegment(schemaId))")
        } else {
            updated.userSchema = try await client.defaultUserSchema()
        }
        return updated
    }

    func merge(from source: Observation, into observation: inout Observation) { observation.userSchema = source.userSchema }

    func assume(_ write: PlannedWrite, into state: inout Observation) {
        let custom = SchemaWrite.merging(write.body, into: state.userSchema.customProperties)
        state.userSchema.definitions = .init(base: state.userSchema.definitions?.base, custom: .init(properties: custom))
    }
}

/// The Dialpad app user's schema: one for every user type.
struct AppSchemaResource: ResourceKind {
    let name = "appSchema"
    let writeOperationId = "updateApplicationUserProfile"

    func path(_ observation: Observation) -> String? {
        observation.app.map { "/api/v1/meta/schemas/apps/\(OktaClient.pathSegment($0.id))/default" }
    }

    func observe(_ client: OktaClient, into observation: Observation) async throws -> Observation { observation }

    func reread(_ client: OktaClient, into observation: Observation) async throws -> Observation {
        var updated = observation
        if let app = observation.app { updated.appSchema = try await client.appUserSchema(appId: app.id) }
        return updated
    }

    func merge(from source: Observation, into observation: inout Observation) { observation.appSchema = source.appSchema }

    func assume(_ write: PlannedWrite, into state: inout Observation) {
        let custom = SchemaWrite.merging(write.body, into: state.appSchema?.customProperties ?? [:])
        state.appSchema = UserSchema(id: state.appSchema?.id, name: state.appSchema?.name, lastUpdated: nil,
                                     definitions: .init(base: state.appSchema?.definitions?.base, custom: .init(properties: custom)))
    }
}

/// The Dialpad app user -> Okta user mapping (the default type's, or a custom type's).
struct ProfileMappingResource: ResourceKind {
    let name = "profileMapping"
    let writeOperationId = "updateProfileMapping"
    let perUserType = true

    func path(_ observation: Observation) -> String? {
        observation.inboundMapping.map { "/api/v1/mappings/\(OktaClient.pathSegment($0.id))" }
    }

    func observe(_ client: OktaClient, into observation: Observation) async throws -> Observation { observation }

    func reread(_ client: OktaClient, into observation: Observation) async throws -> Observation {
        var updated = observation
        if let mapping = observation.inboundMapping { updated.inboundMapping = try await client.mapping(id: mapping.id) }
        return updated
    }

    func merge(from source: Observation, into observation: inout Observation) { observation.inboundMapping = source.inboundMapping }

    func assume(_ write: PlannedWrite, into state: inout Observation) {
        guard case .object(let written)? = write.body["properties"] else { return }
        var properties = state.inboundMapping?.properties ?? [:]
        for (name, property) in written {
            properties[name] = property == .null ? nil
                : MappingProperty(expression: property["expression"]?.stringValue, pushStatus: property["pushStatus"]?.stringValue)
        }
        state.inboundMapping?.properties = properties
    }
}
