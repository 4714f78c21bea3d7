import Foundation

/// Profile mappings: `GET /api/v1/mappings`, `GET` and `POST /api/v1/mappings/{id}`. An update
/// is checked against both ends' schemas and the push status the source allows.
extension OrgStore {
    func endpointJSON(id: String, type: String) -> JSON {
        if type == "user" {
            // A user type end names the type and links its own schema (VCR `TestAccResourceOktaIdpSaml_crud`, R30).
            return [
                "id": .string(id), "name": .string(customUserTypes.first { $0.id == id }?.name ?? "user"), "type": "user",
                "_links": [
                    "self": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(id)")],
                    "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(schemaId(ofType: id))")],
                ],
            ]
        }
        // An identity provider's mapping names it as an app user source, linking to /api/v1/apps/{id} (R1).
        return [
            "id": .string(id), "name": .string(apps[id]?.name ?? identityProviders[id]?.mappingSourceName ?? ""), "type": "appuser",
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/apps/\(id)")],
                "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/apps/\(id)/default")],
            ],
        ]
    }

    func mappingJSON(_ mapping: MappingRecord, withProperties: Bool) -> JSON {
        var fields: [String: JSON] = [
            "id": .string(mapping.id),
            "source": endpointJSON(id: mapping.sourceId, type: mapping.sourceType),
            "target": endpointJSON(id: mapping.targetId, type: mapping.targetType),
            "_links": ["self": ["href": .string("\(baseURL)/api/v1/mappings/\(mapping.id)")]],
        ]
        if withProperties { fields["properties"] = .object(mapping.properties) }
        return .object(fields)
    }

    func listMappings(_ query: Query) throws -> APIResult {
        let limit = try OrgStore.parseLimit(query["limit"], default: 20, max: 200)
        let sourceId = query["sourceId"].flatMap { $0.isEmpty ? nil : $0 }
        let targetId = query["targetId"].flatMap { $0.isEmpty ? nil : $0 }
        let mappings = self.mappings
        let (ids, next) = OrgStore.page(mappingIds, after: query["after"], limit: limit) { id in
            guard let mapping = mappings[id] else { return false }
            if let sourceId, mapping.sourceId != sourceId { return false }
            if let targetId, mapping.targetId != targetId { return false }
            return true
        }
        return APIResult(body: .array(ids.map { mappingJSON(mappings[$0]!, withProperties: false) }), page: .init(nextAfter: next))
    }

    func mapping(_ id: String) throws -> MappingRecord {
        guard let mapping = mappings[id] else { throw APIError.notFound("\(id) (Mapping)") }
        return mapping
    }

    func getMapping(_ id: String) throws -> APIResult { APIResult(body: mappingJSON(try mapping(id), withProperties: true)) }

    /// The attribute names of one end of a mapping: the Okta user schema or an app's.
    func schemaNames(type: String, id: String) -> Set<String> {
        if type == "user" {
            let attributes = userAttributes(ofType: id)
            return Set(attributes.base.keys).union(attributes.custom.keys)
        }
        guard let app = apps[id] else { return [] }
        return Set(app.schemaBase.keys).union(app.schemaCustom.keys)
    }

    func updateMapping(_ id: String, _ body: JSON) throws -> APIResult {
        var mapping = try self.mapping(id)
        guard case .object(let root) = body else { throw APIError.malformed }
        guard let props = root["properties"]?.objectValue else {
            throw APIError.validation("updateMapping", ["properties: The field cannot be left blank."])
        }
        let targetNames = schemaNames(type: mapping.targetType, id: mapping.targetId)
        let sourceNames = schemaNames(type: mapping.sourceType, id: mapping.sourceId)
        let fromApp = mapping.sourceType == "appuser"
        let mastering = fromApp && (apps[mapping.sourceId]?.mastering ?? false)
        let sourcePrefix = fromApp ? "appuser." : "user."
        var causes: [String] = []
        var newProps = mapping.properties
        for name in props.keys.sorted() {
            let property = props[name]!
            if property.isNull {
                newProps[name] = nil
                continue
            }
            guard case .object(let propertyFields) = property else {
                causes.append("Property '\(name)' must be an object or null.")
                continue
            }
            guard let expression = propertyFields["expression"]?.stringValue,
                  !expression.trimmingCharacters(in: .whitespaces).isEmpty else {
                causes.append("expression: The field cannot be left blank (property '\(name)').")
                continue
            }
            guard targetNames.contains(name) else {
                causes.append("Invalid property '\(name)': it does not exist in the target schema.")
                continue
            }
            if let reference = OrgStore.simpleReference(expression) {
                if reference.prefix != sourcePrefix {
                    causes.append("Invalid expression '\(expression)': the source is referenced as '\(sourcePrefix.dropLast())'.")
                    continue
                }
                if !sourceNames.contains(reference.attribute) {
                    causes.append("Invalid expression '\(expression)': '\(reference.attribute)' does not exist in the source schema.")
                    continue
                }
            }
            var status: String
            if let pushStatus = propertyFields["pushStatus"], !pushStatus.isNull {
                guard let requested = pushStatus.stringValue, requested == "PUSH" || requested == "DONT_PUSH" else {
                    causes.append("pushStatus: Invalid value for property '\(name)'; use PUSH or DONT_PUSH.")
                    continue
                }
                status = requested
            } else {
                status = fromApp ? (mastering ? "PUSH" : "DONT_PUSH") : "PUSH"
            }
            if fromApp {
                if status == "PUSH" && !mastering {
                    causes.append("Push status is allowed for profile mastering enabled apps only.")
                    continue
                }
                if status == "DONT_PUSH" && mastering {
                    causes.append("Profile mastering enabled apps support push status only")
                    continue
                }
            }
            newProps[name] = ["expression": .string(expression), "pushStatus": .string(status)]
        }
        if !causes.isEmpty { throw APIError.validation("updateMapping", causes) }
        mapping.properties = newProps
        mappings[id] = mapping
        return APIResult(body: mappingJSON(mapping, withProperties: true))
    }

    /// `appuser.x` / `user.x` with a plain attribute name.
    static func simpleReference(_ expression: String) -> (prefix: String, attribute: String)? {
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        for prefix in ["appuser.", "user."] where trimmed.hasPrefix(prefix) {
            let attribute = String(trimmed.dropFirst(prefix.count))
            if !attribute.isEmpty, attribute.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return (prefix, attribute) }
        }
        return nil
    }
}
