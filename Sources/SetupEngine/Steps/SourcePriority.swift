import OktaClient

/// Step 7: `dialpadPhone`'s source priority is overridden to the Dialpad app, so the
/// attribute takes Dialpad's value whoever sources the rest of the profile.
package struct SourcePriorityStep: WritableStep {
    package init() {}

    package let id = StepID.sourcePriority
    package let phase = Phase.sourcing
    package let title = Words("dialpadPhone sourced from Dialpad", ja: "dialpadPhone のソース（Dialpad）")
    package let restsOn = [OktaAttributeStep().id]
    package let resource = WrittenResource.userSchema
    package let needsProfileSourcing = true
    /// The attribute's `master`, which is all it owns.
    package let restorableFields: Set<String> = ["type", "priority"]

    package func judge(_ judgement: Judgement) -> StepReport {
        let app = judgement.app
        guard judgement.report(OktaAttributeStep().id).status == .ok,
              let attribute = judgement.observation.userSchema.customProperties[judgement.desired.attributeName] else {
            return StepReport(id: id, status: .blocked, why: .waitsForUserAttribute)
        }
        let master = attribute.master
        if master?.type == "OVERRIDE", let first = master?.priority?.first, first.type == "APP", first.value == app.id {
            return StepReport(id: id, status: .ok, why: .overriddenToApp(app: app.displayName))
        }
        guard app.isProfileSource else {
            return StepReport(id: id, status: .blocked, why: .waitsForProfileSource(app: app.displayName))
        }
        // The article's gate: never PUSH or override while the app is the only profile source.
        // profile-source is judged before (Steps.all), though not a step this one's write rests on.
        if judgement.earlier[StepID.profileSource].map({ ProfileSourceStep().gateShut($0) }) == true {
            return StepReport(id: id, status: .blocked, why: .onlySourceGate(app: app.displayName))
        }
        let now: StepReason.Source
        switch master?.type {
        case "OVERRIDE": now = .overriddenTo(master?.priority?.first?.value)
        case "OKTA": now = .okta
        default: now = .profileSource
        }
        return StepReport(id: id, status: .differs, why: .notOverridden(now: now, app: app.displayName))
    }

    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] {
        let master = observation.userSchema.customProperties[desired.attributeName]?.master
        let priority = master?.priority?.map { "\($0.type ?? "?") \($0.value ?? "?")" }.joined(separator: ", ")
        return [
            StepField(name: "master.type", wanted: "OVERRIDE", found: master?.type),
            StepField(name: "master.priority", wanted: "APP \(observation.app?.id ?? "<app id>")", found: priority),
        ]
    }

    package func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        let name = desired.attributeName
        guard let app = observation.app, var attribute = observation.userSchema.customProperties[name], let path = path(observation) else { return nil }
        attribute.master = SchemaMaster(type: "OVERRIDE", priority: [.init(type: "APP", value: app.id)])
        return PlannedWrite(step: id, method: "POST", path: path, body: SchemaWrite.body(name, attribute),
                            purpose: .overrideSource(attribute: name, app: app.displayName))
    }

    /// The attribute's `master` only: the rest of the attribute is the Okta attribute step's.
    package func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        observation.userSchema.customProperties[desired.attributeName]?.master.map { JSONValue(encoding: $0) } ?? .null
    }

    package func describe(owned: JSONValue) -> Words {
        guard case .object(let master) = owned, master["type"] == .string("OVERRIDE") else {
            return Words("from the profile sources in their order (Okta's default)", ja: "プロファイルソースの優先順位に従う（Okta の既定）")
        }
        let first = master["priority"].flatMap { if case .array(let items) = $0 { items.first } else { nil } }
        let source: String
        if case .object(let item)? = first, case .string(let id)? = item["value"] { source = id } else { source = first?.displayText ?? "" }
        return Words("overridden to the app \(source)", ja: "アプリ \(source) に上書き")
    }

    /// The attribute as it is now with its `master` put back (absence restores the default).
    package func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        let name = desired.attributeName
        var attribute = JSONValue(encoding: observation.userSchema.customProperties[name])
        if case .object(var fields) = attribute {
            fields["master"] = before == .null ? .object(["type": .string("PROFILE_MASTER")]) : before
            attribute = .object(fields)
        }
        return SchemaWrite.body(name, attribute)
    }
}
