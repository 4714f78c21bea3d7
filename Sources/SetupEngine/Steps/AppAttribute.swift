import OktaClient

/// Step 2: `dialpadPhone` on the Dialpad app's user profile, read from Dialpad's SCIM phone
/// number of type Dialpad, titled and described "Dialpad Phone" (the article's table).
package struct AppAttributeStep: WritableStep {
    package init() {}

    package let id = StepID.appAttribute
    package let phase = Phase.attributes
    package let title = Words("Dialpad app attribute dialpadPhone", ja: "Dialpad アプリ属性 dialpadPhone")
    package let restsOn: [StepID] = []
    package let resource = WrittenResource.appSchema
    package let addsAttribute = true
    /// What the write sets beside a type it never changes; the scope and permissions are not its.
    package let restorableFields: Set<String> = ["title", "description", "externalName", "externalNamespace"]

    package func judge(_ judgement: Judgement) -> StepReport {
        let desired = judgement.desired, app = judgement.app, name = desired.attributeName
        guard let schema = judgement.observation.appSchema, let attribute = schema.customProperties[name] else {
            if let schema = judgement.observation.appSchema, let clash = SchemaWrite.caseClash(name, in: schema) {
                return StepReport(id: id, status: .conflict, why: .appAttributeCaseClash(app: app.displayName, existing: clash, name: name))
            }
            return StepReport(id: id, status: .missing, why: .appAttributeMissing(app: app.displayName, name: name))
        }
        if attribute.type != desired.type {
            return StepReport(id: id, status: .conflict, why: .appAttributeWrongType(name: name, type: attribute.type))
        }
        var differences: [StepReason.Difference] = []
        if attribute.externalName != desired.externalName { differences.append(.externalName(attribute.externalName)) }
        if attribute.externalNamespace != desired.externalNamespace { differences.append(.externalNamespace(attribute.externalNamespace)) }
        if attribute.title != desired.title { differences.append(.title(attribute.title ?? "")) }
        if attribute.description != desired.description { differences.append(.description(attribute.description ?? "")) }
        if !differences.isEmpty {
            return StepReport(id: id, status: .differs, why: .appAttributeDiffers(name: name, differences: differences))
        }
        return StepReport(id: id, status: .ok, why: .appAttributeDone(name: name, externalName: desired.externalName))
    }

    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] {
        let attribute = observation.appSchema?.customProperties[desired.attributeName]
        return [
            StepField(name: "type", wanted: desired.type, found: attribute?.type),
            StepField(name: "title", wanted: desired.title, found: attribute?.title),
            StepField(name: "description", wanted: desired.description, found: attribute?.description),
            StepField(name: "externalName", wanted: desired.externalName, found: attribute?.externalName),
            StepField(name: "externalNamespace", wanted: desired.externalNamespace, found: attribute?.externalNamespace),
        ]
    }

    package func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        guard let app = observation.app, let path = path(observation) else { return nil }
        let name = desired.attributeName
        var attribute = observation.appSchema?.customProperties[name] ?? SchemaAttribute(required: false, scope: "NONE")
        attribute.title = desired.title
        attribute.description = desired.description
        attribute.type = desired.type
        attribute.externalName = desired.externalName
        attribute.externalNamespace = desired.externalNamespace
        return PlannedWrite(step: id, method: "POST", path: path, body: SchemaWrite.body(name, attribute),
                            purpose: .addAppAttribute(name: name, app: app.displayName, externalName: desired.externalName))
    }

    package func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        observation.appSchema?.customProperties[desired.attributeName].map { JSONValue(encoding: $0) } ?? .null
    }

    package func describe(owned: JSONValue) -> Words { describeAttribute(owned) }

    package func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        SchemaWrite.body(desired.attributeName, SchemaWrite.restoring(before, over: observation.appSchema?.customProperties[desired.attributeName], fields: restorableFields))
    }
}
