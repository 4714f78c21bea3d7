import OktaClient

/// Step 1: the custom string attribute `dialpadPhone` on the Okta default user profile.
package struct OktaAttributeStep: WritableStep {
    package init() {}

    package let id = StepID.oktaAttribute
    package let phase = Phase.attributes
    package let title = Words("Okta user attribute dialpadPhone", ja: "Okta ユーザー属性 dialpadPhone")
    package let restsOn: [StepID] = []
    package let needsApp = false
    package let resource = WrittenResource.userSchema
    package let addsAttribute = true
    /// The write sets the title and description; a type that differs is a conflict it never
    /// writes (changing it deletes every user's value), the permissions and `master` are not its.
    package let restorableFields: Set<String> = ["title", "description"]

    package func judge(_ judgement: Judgement) -> StepReport {
        let desired = judgement.desired, schema = judgement.observation.userSchema, name = desired.attributeName
        guard let attribute = schema.customProperties[name] else {
            if let clash = SchemaWrite.caseClash(name, in: schema) {
                return StepReport(id: id, status: .conflict, why: .userAttributeCaseClash(existing: clash, name: name))
            }
            return StepReport(id: id, status: .missing, why: .userAttributeMissing(name: name))
        }
        if attribute.type != desired.type {
            return StepReport(id: id, status: .conflict, why: .userAttributeWrongType(name: name, type: attribute.type))
        }
        var differences: [StepReason.Difference] = []
        if attribute.title != desired.title { differences.append(.title(attribute.title ?? "")) }
        if attribute.description != desired.description { differences.append(.description(attribute.description ?? "")) }
        if !differences.isEmpty {
            return StepReport(id: id, status: .differs, why: .userAttributeDiffers(name: name, differences: differences, wantedTitle: desired.title))
        }
        return StepReport(id: id, status: .ok, why: .userAttributeDone(name: name, title: desired.title))
    }

    package func comparison(_ observation: Observation, _ desired: DesiredConfiguration) -> [StepField] {
        let attribute = observation.userSchema.customProperties[desired.attributeName]
        return [
            StepField(name: "type", wanted: desired.type, found: attribute?.type),
            StepField(name: "title", wanted: desired.title, found: attribute?.title),
            StepField(name: "description", wanted: desired.description, found: attribute?.description),
        ]
    }

    package func write(_ observation: Observation, _ desired: DesiredConfiguration) -> PlannedWrite? {
        let name = desired.attributeName
        var attribute = observation.userSchema.customProperties[name] ?? SchemaAttribute(
            required: false, permissions: [.object(["principal": .string("SELF"), "action": .string("READ_ONLY")])])
        attribute.title = desired.title
        attribute.description = desired.description
        attribute.type = desired.type
        return PlannedWrite(step: id, method: "POST", path: path(observation)!, body: SchemaWrite.body(name, attribute),
                            purpose: .addUserAttribute(name: name, type: desired.type, title: desired.title))
    }

    /// An absent `master` is read as what it means, `PROFILE_MASTER` (R27), so undoing the
    /// override (which writes that) does not look like another admin's change to the attribute.
    package func owned(_ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        guard var attribute = observation.userSchema.customProperties[desired.attributeName] else { return .null }
        if attribute.master == nil { attribute.master = SchemaMaster(type: "PROFILE_MASTER") }
        return JSONValue(encoding: attribute)
    }

    package func describe(owned: JSONValue) -> Words { describeAttribute(owned) }

    package func restoreBody(_ before: JSONValue, _ observation: Observation, _ desired: DesiredConfiguration) -> JSONValue {
        SchemaWrite.body(desired.attributeName, SchemaWrite.restoring(before, over: observation.userSchema.customProperties[desired.attributeName], fields: restorableFields))
    }
}
