import OktaClient

/// Gives each of the seven steps a state: a pure function of what was observed and
/// what the procedure wants, so every state can be tested without an org.
public enum Planner {
    public static func plan(_ observation: Observation, desired: DesiredConfiguration = DesiredConfiguration(),
                            confirmations: [Confirmation] = []) -> [StepReport] {
        func latest(_ step: StepID) -> Confirmation? { confirmations.last { $0.step == step } }
        let name = desired.attributeName
        let okta = oktaAttribute(observation.userSchema, desired)
        guard let app = observation.app else {
            let noApp = "No Dialpad app in this org: add Dialpad from the Okta Integration Network with SCIM provisioning, or pass --app-id."
            return [okta, StepReport(id: .appAttribute, status: .blocked, reason: noApp)]
                + StepID.allCases.dropFirst(2).map { StepReport(id: $0, status: .blocked, reason: "Waits for a Dialpad app.") }
        }
        let appAttr = appAttribute(observation.appSchema, app: app, desired)
        let mapping = mappingStep(observation, app: app, okta: okta, appAttr: appAttr, desired)
        var existing = existingUsers(observation.userSample, mapping: mapping, name: name, confirmation: latest(.existingUsers))
        if let shares = otherUserTypes(observation), !shares.isEmpty {
            existing.otherUserTypes = shares
            let listed = shares.map { "\($0.users) of type \($0.name)" }.joined(separator: ", ")
            existing.reason += " \(listed) among the sampled users will not get the number: the mapping goes into the default user type only. Map it for their type too in the Admin Console: Directory > Profile Editor > \(app.displayName) > Mappings, tab \"\(app.displayName) to <type>\"."
        }
        let source = profileSource(app: app, others: observation.otherProfileSources, uncounted: observation.uncountedSources,
                                   confirmation: latest(.profileSource))
        let push = pushStatus(observation.inboundMapping?.properties?[name], app: app, mapping: mapping)
        let priority = sourcePriority(observation.userSchema.customProperties[name], app: app, okta: okta)
        return [okta, appAttr, mapping, existing, source, push, priority]
    }

    /// Sampled users of a custom user type, with the type's name.
    public static func otherUserTypes(_ observation: Observation) -> [UserTypeShare]? {
        guard let counts = observation.userSample?.otherTypes, !counts.isEmpty else { return nil }
        return counts.map { id, users in
            let type = observation.userTypes.first { $0.id == id }
            return UserTypeShare(typeId: id, name: type?.displayName ?? type?.name ?? id, users: users)
        }.sorted { $0.typeId < $1.typeId }
    }

    static func oktaAttribute(_ schema: UserSchema, _ desired: DesiredConfiguration) -> StepReport {
        let name = desired.attributeName
        guard let attribute = schema.customProperties[name] else {
            if let clash = caseClash(name, in: schema) {
                return StepReport(id: .oktaAttribute, status: .conflict,
                                  reason: "The Okta profile already has \"\(clash)\", which differs from \(name) only in case; Okta refuses both.")
            }
            return StepReport(id: .oktaAttribute, status: .missing, reason: "The Okta user profile has no \(name) attribute yet.")
        }
        if attribute.type != desired.type {
            return StepReport(id: .oktaAttribute, status: .conflict,
                              reason: "\(name) exists as \(attribute.type ?? "an untyped attribute"), not a string; changing its type would delete every user's value, so resolve it in the Admin Console.")
        }
        var differences: [String] = []
        if attribute.title != desired.title { differences.append("title \"\(attribute.title ?? "")\"") }
        if attribute.description != desired.description { differences.append("description \"\(attribute.description ?? "")\"") }
        if !differences.isEmpty {
            return StepReport(id: .oktaAttribute, status: .differs,
                              reason: "\(name) exists with \(differences.joined(separator: " and ")); the procedure names it \"\(desired.title)\".")
        }
        return StepReport(id: .oktaAttribute, status: .ok, reason: "\(name) is a string attribute titled \"\(desired.title)\".")
    }

    static func appAttribute(_ schema: UserSchema?, app: OktaApp, _ desired: DesiredConfiguration) -> StepReport {
        let name = desired.attributeName
        guard let schema, let attribute = schema.customProperties[name] else {
            if let schema, let clash = caseClash(name, in: schema) {
                return StepReport(id: .appAttribute, status: .conflict,
                                  reason: "The \(app.displayName) profile already has \"\(clash)\", which differs from \(name) only in case.")
            }
            return StepReport(id: .appAttribute, status: .missing, reason: "The \(app.displayName) app profile has no \(name) attribute yet.")
        }
        if attribute.type != desired.type {
            return StepReport(id: .appAttribute, status: .conflict,
                              reason: "\(name) exists on the app profile as \(attribute.type ?? "an untyped attribute"), not a string; resolve it in the Admin Console.")
        }
        var differences: [String] = []
        if attribute.externalName != desired.externalName { differences.append("external name \"\(attribute.externalName ?? "none")\"") }
        if attribute.externalNamespace != desired.externalNamespace {
            differences.append(attribute.externalNamespace == nil ? "no external namespace (Okta never sends it over SCIM)" : "external namespace \"\(attribute.externalNamespace!)\"")
        }
        if attribute.title != desired.title { differences.append("title \"\(attribute.title ?? "")\"") }
        if !differences.isEmpty {
            return StepReport(id: .appAttribute, status: .differs, reason: "\(name) on the app has \(differences.joined(separator: ", ")).")
        }
        return StepReport(id: .appAttribute, status: .ok, reason: "\(name) reads Dialpad's \(desired.externalName).")
    }

    static func mappingStep(_ observation: Observation, app: OktaApp, okta: StepReport, appAttr: StepReport,
                            _ desired: DesiredConfiguration) -> StepReport {
        let name = desired.attributeName
        guard let mapping = observation.inboundMapping else {
            return StepReport(id: .mapping, status: .blocked,
                              reason: "Okta has no \(app.displayName) → Okta user mapping: enable provisioning To Okta for the app first.")
        }
        if let property = mapping.properties?[name] {
            if property.expression == desired.mappingExpression {
                return StepReport(id: .mapping, status: .ok, reason: "\(mapping.id) maps \(desired.mappingExpression) to \(name).")
            }
            return StepReport(id: .mapping, status: .conflict,
                              reason: "\(name) is already mapped from \"\(property.expression ?? "")\" (someone else's mapping); it is left alone.")
        }
        let waiting = [okta, appAttr].filter { $0.status != .ok }.map(\.id.rawValue)
        if !waiting.isEmpty {
            return StepReport(id: .mapping, status: .blocked, reason: "Waits for \(waiting.joined(separator: " and ")).")
        }
        return StepReport(id: .mapping, status: .missing, reason: "\(mapping.id) does not map \(desired.mappingExpression) to \(name) yet.")
    }

    static func existingUsers(_ sample: Observation.UserSample?, mapping: StepReport, name: String,
                              confirmation: Confirmation? = nil) -> StepReport {
        guard mapping.status == .ok else {
            return StepReport(id: .existingUsers, status: .blocked, reason: "Waits for the mapping.")
        }
        guard let sample else {
            return StepReport(id: .existingUsers, status: .manual, reason: "Choose in the Admin Console: apply the mapping to existing users now, or to new users only.")
        }
        let scope = sample.truncated ? "of the first \(sample.checked) assigned users" : "of \(sample.checked) assigned users"
        if sample.withNumber == 0 {
            return StepReport(id: .existingUsers, status: .ok, reason: "None \(scope) has a Dialpad number yet: nothing to update.")
        }
        if sample.synced == sample.withNumber {
            return StepReport(id: .existingUsers, status: .ok,
                              reason: "All \(sample.withNumber) users with a Dialpad number (\(scope)) have it in Okta.")
        }
        if confirmation?.choice == .newUsersOnly {
            return StepReport(id: .existingUsers, status: .ok,
                              reason: "The admin chose new and changed users only (confirmed \(confirmation!.at)); \(sample.withNumber - sample.synced) existing users keep no number until their next update.")
        }
        return StepReport(id: .existingUsers, status: .manual,
                          reason: "\(sample.withNumber - sample.synced) of \(sample.withNumber) users with a Dialpad number (\(scope)) lack it in Okta: Apply updates now in the Admin Console, or choose new users only.")
    }

    static func profileSource(app: OktaApp, others: [ProfileSource], uncounted: [ProfileSource.Kind] = [],
                              confirmation: Confirmation? = nil) -> StepReport {
        var report = profileSourceJudgement(app: app, others: others, uncounted: uncounted, confirmation: confirmation)
        report.otherProfileSources = others
        report.uncountedSources = uncounted.isEmpty ? nil : uncounted
        return report
    }

    private static func profileSourceJudgement(app: OktaApp, others: [ProfileSource], uncounted: [ProfileSource.Kind],
                                               confirmation: Confirmation?) -> StepReport {
        let otherNames = others.map(\.displayName).joined(separator: ", ")
        let notCounted = uncounted.contains(.identityProvider)
            ? " Identity providers were not counted: this credential may not read them (an API token's admin role, or a service app without okta.idps.read)."
            : ""
        guard app.isProfileSource else {
            let warning = others.isEmpty && uncounted.isEmpty ? " Note: nothing else sources Okta users, so Dialpad would be the only profile source." : ""
            return StepReport(id: .profileSource, status: .manual,
                              reason: "\(app.displayName) does not source Okta users yet: allow it under Provisioning > To Okta in the Admin Console.\(warning)\(notCounted)")
        }
        if others.isEmpty && uncounted.isEmpty {
            return StepReport(id: .profileSource, status: .conflict,
                              reason: "\(app.displayName) is the org's only profile source; the procedure needs another source ranked above it.")
        }
        if others.isEmpty {
            let unknown = "\(app.displayName) sources Okta users and no other app does; whether an identity provider ranks above it is unknown.\(notCounted)"
            if let confirmation, confirmation.choice == .doNothingLowestPriority {
                return StepReport(id: .profileSource, status: .ok,
                                  reason: unknown + " \"Do nothing\" on deactivation and lowest priority confirmed by the admin on \(confirmation.at).",
                                  unverified: ["another profile source ranked above Dialpad"])
            }
            return StepReport(id: .profileSource, status: .manual, reason: unknown)
        }
        let counted = "\(app.displayName) sources Okta users beside \(others.count) other source\(others.count == 1 ? "" : "s") (\(otherNames))"
        if let confirmation, confirmation.choice == .doNothingLowestPriority {
            return StepReport(id: .profileSource, status: .ok,
                              reason: counted + "; \"Do nothing\" on deactivation and lowest priority confirmed by the admin on \(confirmation.at) (not readable through the API).\(notCounted)")
        }
        return StepReport(id: .profileSource, status: .ok, reason: counted + ".\(notCounted)",
                          unverified: ["deactivation action (Do nothing)", "lowest priority among profile sources"])
    }

    static func pushStatus(_ property: MappingProperty?, app: OktaApp, mapping: StepReport) -> StepReport {
        guard mapping.status == .ok, let property else {
            return StepReport(id: .pushStatus, status: .blocked, reason: "Waits for the mapping.")
        }
        if property.pushStatus == "PUSH" {
            return StepReport(id: .pushStatus, status: .ok, reason: "The mapping applies on user create and update (PUSH).")
        }
        if !app.isProfileSource {
            return StepReport(id: .pushStatus, status: .blocked,
                              reason: "Okta accepts PUSH only once \(app.displayName) sources Okta users: waits for profile-source.")
        }
        return StepReport(id: .pushStatus, status: .differs,
                          reason: "The mapping applies on create only (\(property.pushStatus ?? "no push status")); it should apply on create and update (PUSH).")
    }

    static func sourcePriority(_ attribute: SchemaAttribute?, app: OktaApp, okta: StepReport) -> StepReport {
        guard okta.status == .ok, let attribute else {
            return StepReport(id: .sourcePriority, status: .blocked, reason: "Waits for okta-attribute.")
        }
        let master = attribute.master
        if master?.type == "OVERRIDE", let first = master?.priority?.first, first.type == "APP", first.value == app.id {
            return StepReport(id: .sourcePriority, status: .ok, reason: "dialpadPhone takes its value from \(app.displayName) first (override).")
        }
        guard app.isProfileSource else {
            return StepReport(id: .sourcePriority, status: .blocked, reason: "Waits for \(app.displayName) to be a profile source.")
        }
        let now: String
        switch master?.type {
        case "OVERRIDE": now = "is overridden to \(master?.priority?.first?.value ?? "another source")"
        case "OKTA": now = "inherits from Okta"
        default: now = "inherits from the profile source"
        }
        return StepReport(id: .sourcePriority, status: .differs, reason: "dialpadPhone \(now); it should be overridden to \(app.displayName).")
    }

    static func caseClash(_ name: String, in schema: UserSchema) -> String? {
        let lower = name.lowercased()
        return (Array(schema.customProperties.keys) + Array(schema.baseProperties.keys)).first { $0 != name && $0.lowercased() == lower }
    }
}
