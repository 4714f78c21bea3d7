import Foundation
import OktaClient

/// A custom user type the setup is done for as well as the default one (`--user-type`,
/// docs/REAL-ORGS.md R30): Okta gives each type its own user schema and its own mapping from
/// each source, so the steps that write the Okta user profile (the attribute, the mapping, its
/// PUSH, the override) are done once per type. A step's meaning stays in its one file: the
/// planner and executor hand it the org as that type sees it (`Observation.scoped(to:)`).
package struct UserTypeProfile: Sendable, Equatable {
    package var userType: UserType
    /// The type's own schema (`_links.schema`), written at `/api/v1/meta/schemas/user/{schemaId}`.
    package var schemaId: String
    package var userSchema: UserSchema
    /// The Dialpad app -> this type mapping, with its properties; nil without one.
    package var inboundMapping: ProfileMapping?

    package init(userType: UserType, schemaId: String, userSchema: UserSchema, inboundMapping: ProfileMapping?) {
        self.userType = userType; self.schemaId = schemaId; self.userSchema = userSchema; self.inboundMapping = inboundMapping
    }
}

extension Observation {
    /// The custom types the setup is done for, in the org's order of its types.
    package var scopedUserTypes: [String] {
        let listed = userTypes.map(\.id).filter { userTypeProfiles[$0] != nil }
        return listed + userTypeProfiles.keys.filter { !listed.contains($0) }.sorted()
    }

    /// The org as the steps of one user type see it: its schema and its mapping in place of the
    /// default type's; nil: the default type, the observation itself.
    package func scoped(to userType: String?) -> Observation {
        guard let userType, let profile = userTypeProfiles[userType] else { return self }
        var scoped = self
        // The type's view has no types of its own: what judges it never plans another type.
        scoped.userTypeProfiles = [:]
        scoped.userType = profile.userType
        scoped.userSchema = profile.userSchema
        scoped.userSchemaId = profile.schemaId
        scoped.inboundMapping = profile.inboundMapping
        return scoped
    }

    /// The observation with what `scoped` (from `scoped(to: userType)`) shows of the type taken
    /// back in: the type's schema and mapping, and the app and its schema, which all types share.
    package func absorbing(_ scoped: Observation, for userType: String?) -> Observation {
        guard let userType, userTypeProfiles[userType] != nil else { return scoped }
        var whole = self
        whole.userTypeProfiles[userType]?.userSchema = scoped.userSchema
        whole.userTypeProfiles[userType]?.inboundMapping = scoped.inboundMapping
        whole.app = scoped.app
        whole.appSchema = scoped.appSchema
        whole.resources = scoped.resources
        return whole
    }
}

extension Observation {
    /// Whether every step of the type's own (attribute, mapping, PUSH, override) shows done in
    /// the org as read: its Dialpad users get the number as the default type's do.
    package func isSetUp(userType: String) -> Bool {
        guard userTypeProfiles[userType] != nil else { return false }
        return Planner.plan(scoped(to: userType)).allSatisfy { $0.status == .ok || $0.id.definition.writable?.perUserType != true }
    }
}

/// How far one custom type asked for (`--user-type`) is set up: its own steps (attribute,
/// mapping, PUSH, override) as that type's view of the org shows them, so a conflict on the
/// type's schema is named as the default type's is, never left out of the plan unsaid.
package struct UserTypeStatus: Sendable, Encodable, Equatable {
    package var id: String
    /// The type's display name, as Okta gives it (filtered where shown).
    package var name: String
    package var steps: [StepReport]

    package init(id: String, name: String, steps: [StepReport]) {
        self.id = id; self.name = name; self.steps = steps
    }

    package var complete: Bool { steps.allSatisfy { $0.status == .ok } }
}

extension UserType {
    /// The name an admin knows the type by.
    package var label: String { displayName ?? name ?? id }
}

extension Observation {
    /// Each custom type asked for, with its own steps' reports, in `scopedUserTypes` order.
    package func userTypeStatuses(desired: DesiredConfiguration = DesiredConfiguration(), confirmations: [Confirmation] = []) -> [UserTypeStatus] {
        scopedUserTypes.compactMap { id in
            guard let profile = userTypeProfiles[id] else { return nil }
            let steps = Planner.plan(scoped(to: id), desired: desired, confirmations: confirmations)
                .filter { $0.id.definition.writable?.perUserType == true }
            return UserTypeStatus(id: id, name: profile.userType.label, steps: steps)
        }
    }

    /// A custom type's name as the org lists it (its id when the org does not).
    package func userTypeName(_ id: String) -> String {
        userTypeProfiles[id]?.userType.label ?? userTypes.first { $0.id == id }?.label ?? id
    }
}

extension WritableStep {
    /// Whether the step writes something each user type has its own of (its schema, its
    /// mapping): the app's schema is one for all types.
    package var perUserType: Bool { resource.kind.perUserType }
}

/// `--user-type` named a type the org does not have: nothing was read further, nothing written.
package struct UserTypeLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: Sendable, Equatable {
        /// `known`: the org's custom types, as the admin may name them.
        case unknownUserType(id: String, known: [UserTypeShare])
        /// The type lists no schema link, so its schema cannot be read or written.
        case noSchemaLink(id: String)
        /// The journal (`journal`), not the admin, names a type the org does not have: it was
        /// deleted in Okta, or the journal edited by hand.
        case journalNamesUnknownUserType(id: String, known: [UserTypeShare], journal: String)
    }

    package let reason: Reason
    package init(_ reason: Reason) { self.reason = reason }

    /// The org's custom types, where the error lists them.
    package var known: [UserTypeShare]? {
        switch reason {
        case .unknownUserType(_, let known), .journalNamesUnknownUserType(_, let known, _): known
        case .noSchemaLink: nil
        }
    }

    /// Worded by the front end's error text (`ErrorText`), as every error of the engine.
    package var description: String {
        switch reason {
        case .unknownUserType(let id, _): return "unknown-user-type \(id)"
        case .noSchemaLink(let id): return "user-type-without-schema-link \(id)"
        case .journalNamesUnknownUserType(let id, _, _): return "journal-names-unknown-user-type \(id)"
        }
    }

    /// Runs `body`, in which a type of `types` came from the journal at `journal`: a lookup that
    /// finds no such type says so, since --user-type is not what the admin gave (resume, rollback).
    package static func namingTheJournal<T>(_ types: [String], journal: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as UserTypeLookupError {
            guard case .unknownUserType(let id, let known) = error.reason, types.contains(id) else { throw error }
            throw UserTypeLookupError(.journalNamesUnknownUserType(id: id, known: known, journal: journal))
        }
    }
}

extension Observer {
    /// Each requested custom type's schema and mapping: in two waves of their own, read beside
    /// the default type's second and third waves; no request when none is asked for.
    func typeProfiles(_ requested: [String], listed: [UserType], defaultType: UserType, app: OktaApp?) async throws -> [String: UserTypeProfile] {
        let wanted = requested.filter { $0 != defaultType.id && $0 != "default" }
        guard !wanted.isEmpty else { return [:] }
        var types: [UserType] = []
        for id in wanted where !types.contains(where: { $0.id == id }) {
            guard let type = listed.first(where: { $0.id == id }) else {
                let known = listed.filter { $0.id != defaultType.id }.map { UserTypeShare(typeId: $0.id, name: $0.displayName ?? $0.name ?? $0.id, users: 0) }
                throw UserTypeLookupError(.unknownUserType(id: id, known: known))
            }
            guard type.schemaId != nil else { throw UserTypeLookupError(.noSchemaLink(id: id)) }
            types.append(type)
        }
        let client = self.client
        return try await withThrowingTaskGroup(of: UserTypeProfile.self) { group in
            for type in types {
                group.addTask {
                    let schemaId = type.schemaId!
                    async let schema = client.get(UserSchema.self, "/api/v1/meta/schemas/user/\(OktaClient.pathSegment(schemaId))")
                    async let listedMapping: ProfileMapping? = app == nil ? nil : client.mapping(sourceId: app!.id, targetId: type.id)
                    let (userSchema, found) = try await (schema, listedMapping)
                    var mapping: ProfileMapping?
                    if let found { mapping = try await client.mapping(id: found.id) }
                    return UserTypeProfile(userType: type, schemaId: schemaId, userSchema: userSchema, inboundMapping: mapping)
                }
            }
            var profiles: [String: UserTypeProfile] = [:]
            for try await profile in group { profiles[profile.userType.id] = profile }
            return profiles
        }
    }
}

/// A custom user type as a run's progress names it: its id and the name the org gives it.
package struct UserTypeLabel: Sendable, Equatable {
    package var id: String
    package var name: String
    package init(id: String, name: String) { self.id = id; self.name = name }
}

extension Executor {
    /// The org observed with those of `userTypes` it has, and the others: a type deleted in
    /// Okta (or a journal edited by hand), whose journalled writes are left as they are.
    func observeKnownTypes(appId: String?, userTypes: [String]) async throws -> (observation: Observation, gone: [String]) {
        var asked = userTypes, gone: [String] = []
        while true {
            do {
                // The journal's app is checked by rollback's own rule (checkJournal), which names the journal.
                var observer = Observer(client: client, desired: desired)
                observer.acceptsAnyApp = true
                return (try await observer.observe(appId: appId, userTypes: asked), gone)
            } catch let error as UserTypeLookupError {
                guard case .unknownUserType(let id, _) = error.reason, asked.contains(id) else { throw error }
                asked.removeAll { $0 == id }
                gone.append(id)
            }
        }
    }

    /// Tells `progress` of a write for `userType` (nil: the default type), named as `observation` lists it.
    func tell(_ progress: ApplyProgress, _ userType: String?, _ observation: Observation) {
        guard let progressNamingTypes else { return self.progress(progress) }
        progressNamingTypes(progress, userType.map { UserTypeLabel(id: $0, name: observation.userTypeName($0)) })
    }

    /// Reads again the one resource `step` writes for `userType` (nil: the default type).
    func reread(_ step: StepID, _ userType: String?, into observation: Observation) async throws -> Observation {
        guard userType != nil else { return try await reread(step, into: observation) }
        return observation.absorbing(try await reread(step, into: observation.scoped(to: userType)), for: userType)
    }

    /// What `step` owns for `userType`.
    func owned(_ step: StepID, _ userType: String?, in observation: Observation) -> JSONValue {
        owned(step, in: observation.scoped(to: userType))
    }

    /// Whether `step` shows done for `userType`.
    func shows(_ step: StepID, _ userType: String?, in observation: Observation) -> Bool {
        shows(step, in: observation.scoped(to: userType))
    }

    /// Takes into `observation` the resource `step` writes for `userType`, as `source` has it.
    static func merge(_ step: StepID, _ userType: String?, from source: Observation, into observation: inout Observation) {
        guard userType != nil else { return merge(step, from: source, into: &observation) }
        var scoped = observation.scoped(to: userType)
        merge(step, from: source.scoped(to: userType), into: &scoped)
        observation = observation.absorbing(scoped, for: userType)
    }

    /// The planner's reports for `userType`'s view of the org.
    func reports(_ observation: Observation, _ userType: String?) -> [StepReport] {
        Planner.plan(observation.scoped(to: userType), desired: desired)
    }
}

extension Journal {
    /// The custom user types the journalled writes concern (entries without one: the default type).
    package static func userTypes(of entries: [Entry]) -> [String] {
        var types: [String] = []
        for entry in entries { if let type = entry.userType, !types.contains(type) { types.append(type) } }
        return types
    }
}

/// The custom types an apply is for: those given (`--user-type`), then those its journal set
/// up earlier and were not given, carried on so that a plain apply finishes them too (R30).
package struct UserTypeCarry: Sendable, Equatable {
    /// The journal's types not given this time.
    package let types: [String]
    package let all: [String]

    package init(journal: Journal?, given: [String]) {
        types = (journal?.userTypes ?? []).filter { !given.contains($0) }
        all = given + types
    }
}
