import OktaClient

/// Step 6: the mapping applies on user create and update (`PUSH`), which Okta accepts only
/// once the app sources Okta users.
package struct PushStatusStep: WritableStep {
    package init() {}

    package let id = StepID.pushStatus
    package let phase = Phase.sourcing
    package let title = Words("Apply mapping on create and update", ja: "作成時と更新時のマッピング適用")
    package let restsOn = [MappingStep().id]
    package let resource = WrittenResource.profileMapping
    package let needsProfileSourcing = true
    /// The property's expression is the mapping step's: this step changes when it applies, nothing else.
    package let restorableFields: Set<String> = ["pushStatus"]

    package func judge(_ judgement: Judgement) -> StepReport {
        let app = judgement.app
        guard judgement.report(MappingStep().id).status == .ok,
              let property = judgement.observation.inboundMapping?.properties?[judgement.desired.attributeName] else {
            return StepReport(id: id, status: .blocked, why: .waitsForMapping)
        }
        if property.pushStatus == "PUSH" {
            return StepReport(id: id, status: .ok, why: .pushOnCreateAndUpdate)
        }
        if !app.isProfileSource {
            return StepReport(id: id, status: .blocked, why: .pushWaitsForProfileSource(app: app.displayName))
        }
        // The article's gate: never PUSH or override while the app is the only profile source.
        // profile-source is judged before (Steps.all), though not a step this one's write rests on.
        if judgement.earlier[StepID.profileSource].map({ ProfileSourceStep().gateShut($0) }) == true {
            return StepReport(id: id, status: .blocked, why: .onlySourceGate(app: app.displayName))
        }
        return StepReport(id: id, status: .differs, why: .pushOnCreateOnly(found: property.pushStatus))
    }

    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] {
        let property = observation.inboundMapping?.properties?[desired.attributeName]
        return [StepField(name: "pushStatus", wanted: "PUSH", found: property?.pushStatus)]
    }

    package func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        guard let body = MappingStep.body(observation, desired), let path = path(observation) else { return nil }
        return PlannedWrite(step: id, method: "POST", path: path, body: body, purpose: .applyMappingOnUpdate)
    }

    package func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        MappingStep().owned(observation, desired)
    }

    package func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        MappingStep().restoreBody(before, observation, desired)
    }

    package func describe(owned: JSONValue) -> Words { MappingStep.describe(property: owned) }
}
