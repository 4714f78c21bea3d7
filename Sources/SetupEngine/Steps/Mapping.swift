import OktaClient

/// Step 3: the Dialpad app user -> Okta user mapping carries `appuser.dialpadPhone` into
/// `dialpadPhone`.
package struct MappingStep: WritableStep {
    package init() {}

    package let id = StepID.mapping
    package let phase = Phase.mappings
    package let title = Words("Mapping Dialpad → Okta user", ja: "マッピング Dialpad → Okta ユーザー")
    package let restsOn = [OktaAttributeStep().id, AppAttributeStep().id]
    package let resource = WrittenResource.profileMapping
    /// PUSH or DONT_PUSH, as Okta accepts them now.
    package let bodyDependsOnSourcing = true
    /// The mapping property it adds, whole.
    package let restorableFields: Set<String> = ["expression", "pushStatus"]

    /// A mapping written while Dialpad sources users carries PUSH, which the gate holds back.
    package func heldByTheOnlySourceGate(_ written: JSONValue?) -> Bool { written?["pushStatus"]?.stringValue == "PUSH" }

    package func judge(_ judgement: Judgement) -> StepReport {
        let desired = judgement.desired, name = desired.attributeName, app = judgement.app
        guard let mapping = judgement.observation.inboundMapping else {
            return StepReport(id: id, status: .blocked, why: .noInboundMapping(app: app.displayName))
        }
        if let property = mapping.properties?[name] {
            if property.expression == desired.mappingExpression {
                return StepReport(id: id, status: .ok, why: .mapped(mappingId: mapping.id, expression: desired.mappingExpression, attribute: name))
            }
            return StepReport(id: id, status: .conflict, why: .mappedFromElsewhere(attribute: name, expression: property.expression ?? ""))
        }
        let waiting = restsOn.filter { judgement.report($0).status != .ok }
        if !waiting.isEmpty {
            return StepReport(id: id, status: .blocked, why: .waitsFor(waiting))
        }
        // Okta takes only PUSH from an app that sources users, and PUSH is what the article's
        // only-source gate holds back: while Dialpad sources users and nothing else does (or
        // the others are still being counted), no mapping write keeps the rule.
        if Self.heldByOnlySourceGate(judgement) {
            return StepReport(id: id, status: .blocked, why: .onlySourceGate(app: app.displayName))
        }
        return StepReport(id: id, status: .missing, why: .notMappedYet(mappingId: mapping.id, expression: desired.mappingExpression, attribute: name))
    }

    static func heldByOnlySourceGate(_ judgement: Judgement) -> Bool {
        let observation = judgement.observation
        guard observation.app?.isProfileSource == true, !judgement.allChoices.contains(.otherSourceUnseen) else { return false }
        // While the other sources are still being counted, Dialpad may be the only one.
        return observation.appSourceCount == .reading
            || ProfileSourceStep.soleSource(others: observation.otherProfileSources, uncounted: observation.uncountedSources,
                                            choices: judgement.allChoices)
    }

    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] {
        let property = observation.inboundMapping?.properties?[desired.attributeName]
        return [StepField(name: desired.attributeName, wanted: desired.mappingExpression, found: property?.expression)]
    }

    package func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        guard let body = Self.body(observation, desired), let path = path(observation) else { return nil }
        let onUpdateToo = observation.app?.isProfileSource == true
        return PlannedWrite(step: id, method: "POST", path: path, body: body,
                            purpose: .map(expression: desired.mappingExpression, attribute: desired.attributeName, onUpdateToo: onUpdateToo))
    }

    /// The mapping's one property, with the push status Okta accepts now: it refuses PUSH
    /// until the app sources users, and DONT_PUSH once it does.
    static func body(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue? {
        guard let app = observation.app, observation.inboundMapping != nil else { return nil }
        let push = app.isProfileSource ? "PUSH" : "DONT_PUSH"
        return .object(["properties": .object([desired.attributeName: .object([
            "expression": .string(desired.mappingExpression), "pushStatus": .string(push)])])])
    }

    package func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        observation.inboundMapping?.properties?[desired.attributeName].map { JSONValue(encoding: $0) } ?? .null
    }

    package func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        .object(["properties": .object([desired.attributeName: before])])
    }

    package func describe(owned: JSONValue) -> Words { Self.describe(property: owned) }

    /// A mapping property as an admin reads it: its expression and when it applies.
    static func describe(property: JSONValue) -> Words {
        guard case .object(let fields) = property, case .string(let expression)? = fields["expression"] else {
            return Words("no mapping", ja: "マッピングなし")
        }
        if fields["pushStatus"] == .string("PUSH") {
            return Words("\(expression), applied on create and update", ja: "\(expression)（作成時と更新時に適用）")
        }
        return Words("\(expression), applied on create only", ja: "\(expression)（作成時のみ適用）")
    }
}
