import Foundation

/// User types: `GET /api/v1/meta/types/user` and `/api/v1/meta/types/user/{id}`, the default
/// type and the seed's custom ones.
extension OrgStore {
    func listUserTypes() -> APIResult { APIResult(body: .array([userTypeJSON()] + customUserTypes.map(customUserTypeJSON))) }

    func getUserType(_ id: String) throws -> APIResult {
        if let custom = customUserTypes.first(where: { $0.id == id }) { return APIResult(body: customUserTypeJSON(custom)) }
        guard id == "default" || id == IDs.userTypeId else { throw APIError.notFound("\(id) (UserType)") }
        return APIResult(body: userTypeJSON())
    }

    /// A custom user type: its own schema and mappings (docs/REAL-ORGS.md R7, R30); its schema
    /// link is served (`GET`/`POST /api/v1/meta/schemas/user/{schemaId}`).
    func customUserTypeJSON(_ type: UserTypeRecord) -> JSON {
        let schemaId = type.schemaId
        return [
            "id": .string(type.id), "name": .string(type.name), "displayName": .string(type.displayName),
            "description": .string(type.displayName), "default": false,
            "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
            "createdBy": "00u1admin000000000001", "lastUpdatedBy": "00u1admin000000000001",
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(type.id)"), "method": "GET", "rel": "self"],
                "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(schemaId)"), "method": "GET", "rel": "schema"],
            ],
        ]
    }

    func userTypeJSON() -> JSON {
        return [
            "id": .string(IDs.userTypeId), "name": "user", "displayName": "User",
            "description": "Okta user profile template with default permission settings",
            "default": true, "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
            "createdBy": "00u1admin000000000001", "lastUpdatedBy": "00u1admin000000000001",
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(IDs.userTypeId)"), "method": "GET", "rel": "self"],
                "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(IDs.userSchemaId)"), "method": "GET", "rel": "schema"],
            ],
        ]
    }

    // MARK: each type's schema

    /// The type whose schema `schemaId` names: nil for the default type (`default` or its id).
    func userTypeOfSchema(_ schemaId: String) throws -> UserTypeRecord? {
        if schemaId == "default" || schemaId == IDs.userSchemaId { return nil }
        guard let type = customUserTypes.first(where: { $0.schemaId == schemaId }) else { throw APIError.notFound("\(schemaId) (Schema)") }
        return type
    }

    /// The schema id of a user type: the default one's, or the custom type's own.
    func schemaId(ofType typeId: String) -> String {
        customUserTypes.first { $0.id == typeId }?.schemaId ?? IDs.userSchemaId
    }

    /// The attribute definitions users of type `typeId` are held to: its own schema's, or the default one's.
    func userAttributes(ofType typeId: String) -> (base: [String: JSON], custom: [String: JSON]) {
        if let schema = typeSchemas[typeId] { return (schema.base, schema.custom) }
        return (userSchemaBase, userSchemaCustom)
    }

    func typeSchemaJSON(_ type: UserTypeRecord, _ schema: TypeSchemaRecord) -> JSON {
        return [
            "id": .string("\(baseURL)/meta/schemas/user/\(type.schemaId)"),
            "$schema": "http://json-schema.org/draft-04/schema#",
            "name": .string(type.name), "title": .string(type.displayName), "description": .string(type.displayName),
            "created": .string(schema.created), "lastUpdated": .string(schema.lastUpdated), "type": "object",
            "definitions": [
                "custom": ["id": "#custom", "type": "object", "properties": .object(schema.custom), "required": []],
                "base": ["id": "#base", "type": "object", "properties": .object(schema.base),
                         "required": .array(SchemaDefs.userBaseRequired.map { .string($0) })],
            ],
            "properties": OrgStore.profileProps,
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(type.schemaId)"), "method": "GET", "rel": "self"],
                "type": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(type.id)"), "method": "GET"],
            ],
        ]
    }

    /// A custom type's schema as reads show it: late while a write to it is not visible yet (R5).
    func typeSchemaAsShown(_ type: UserTypeRecord) -> JSON {
        guard var schema = typeSchemas[type.id] else { return .null }
        if let shown = schema.shown, ContinuousClock.now < shown.until {
            (schema.base, schema.custom, schema.lastUpdated) = (shown.base, shown.custom, shown.lastUpdated)
        }
        return typeSchemaJSON(type, schema)
    }

    /// A write to a custom type's schema, validated as the default type's; a removed attribute
    /// leaves the type's users' profiles and the mappings into the type.
    func updateTypeSchema(_ type: UserTypeRecord, _ body: JSON) throws -> APIResult {
        guard var schema = typeSchemas[type.id] else { throw APIError.notFound("\(type.schemaId) (Schema)") }
        let now = ContinuousClock.now
        if consistencyDelay > .zero {
            // As on the default schema (R6): a write built on what reads show loses one still invisible.
            if let shown = schema.shown, now < shown.until { (schema.base, schema.custom, schema.lastUpdated) = (shown.base, shown.custom, shown.lastUpdated) }
            schema.shown = ShownSchema(base: schema.base, custom: schema.custom, lastUpdated: schema.lastUpdated, until: now + consistencyDelay)
        }
        let outcome = try computeSchemaUpdate(body: body, base: schema.base, custom: schema.custom, deleted: schema.deleted, isApp: false)
        schema.base = outcome.base
        schema.custom = outcome.custom
        let timestamp = stamp()
        for name in outcome.removed {
            schema.deleted[name.lowercased()] = now
            for userId in userIds where users[userId]!.typeId == type.id && users[userId]!.profile[name] != nil {
                users[userId]!.profile[name] = nil
                users[userId]!.lastUpdated = timestamp
            }
            for mappingId in mappingIds where mappings[mappingId]!.targetId == type.id && mappings[mappingId]!.properties[name] != nil {
                mappings[mappingId]!.properties[name] = nil
            }
        }
        schema.lastUpdated = timestamp
        typeSchemas[type.id] = schema
        return APIResult(body: typeSchemaJSON(type, schema))
    }
}
