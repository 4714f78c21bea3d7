import Foundation

/// The Okta user schema and the app user schemas: `GET` and `POST /api/v1/meta/schemas/user/{id}`
/// and `/api/v1/meta/schemas/apps/{id}/default`. A write is validated in OrgStore+SchemaValidation;
/// a removed attribute leaves the users' profiles and the mappings that name it.
extension OrgStore {
    static let profileProps: JSON = ["profile": ["allOf": [["$ref": "#/definitions/custom"], ["$ref": "#/definitions/base"]]]]

    func userSchemaJSON() -> JSON {
        return [
            "id": .string("\(baseURL)/meta/schemas/user/\(IDs.userSchemaId)"),
            "$schema": "http://json-schema.org/draft-04/schema#",
            "name": "user", "title": "User", "description": "User",
            "created": .string(userSchemaCreated), "lastUpdated": .string(userSchemaLastUpdated), "type": "object",
            "definitions": [
                "custom": ["id": "#custom", "type": "object", "properties": .object(userSchemaCustom), "required": []],
                "base": ["id": "#base", "type": "object", "properties": .object(userSchemaBase),
                         "required": .array(SchemaDefs.userBaseRequired.map { .string($0) })],
            ],
            "properties": OrgStore.profileProps,
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(IDs.userSchemaId)"), "method": "GET", "rel": "self"],
                "type": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(IDs.userTypeId)"), "method": "GET"],
            ],
        ]
    }

    func appSchemaJSON(_ app: AppRecord) -> JSON {
        return [
            "id": .string("\(baseURL)/meta/schemas/apps/\(app.id)/default"),
            "$schema": "http://json-schema.org/draft-04/schema#",
            // Real app schemas' names carry a suffix (`oidc_client_ige9i80`, R11).
            "name": .string(app.name + "_" + IDs.make("", "schema:" + app.id).prefix(7).lowercased()),
            "title": .string("\(app.label) User"), "description": .string("\(app.label) User"),
            "created": .string(app.schemaCreated), "lastUpdated": .string(app.schemaLastUpdated), "type": "object",
            "definitions": [
                "custom": ["id": "#custom", "type": "object", "properties": .object(app.schemaCustom), "required": []],
                "base": ["id": "#base", "type": "object", "properties": .object(app.schemaBase), "required": ["userName"]],
            ],
            "properties": OrgStore.profileProps,
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/schemas/apps/\(app.id)/default"), "method": "GET", "rel": "self"],
                "type": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)/user/types/\(IDs.make("oty", "apptype:" + app.id))"), "method": "GET"],
            ],
        ]
    }

    /// The default schema (`default` or its id) or a custom type's (R30); anything else is 404.
    func checkUserSchemaId(_ id: String) throws {
        _ = try userTypeOfSchema(id)
    }

    func getUserSchema(_ id: String) throws -> APIResult {
        if let type = try userTypeOfSchema(id) { return APIResult(body: typeSchemaAsShown(type)) }
        return APIResult(body: userSchemaAsShown())
    }

    func updateUserSchema(_ id: String, _ body: JSON) throws -> APIResult {
        if let type = try userTypeOfSchema(id) { return try updateTypeSchema(type, body) }
        beginUserSchemaWrite()
        let outcome = try computeSchemaUpdate(body: body, base: userSchemaBase, custom: userSchemaCustom,
                                              deleted: deletedUserAttrs, isApp: false)
        userSchemaBase = outcome.base
        userSchemaCustom = outcome.custom
        let now = ContinuousClock.now
        let timestamp = stamp()
        for name in outcome.removed {
            deletedUserAttrs[name.lowercased()] = now
            for userId in userIds where users[userId]!.profile[name] != nil {
                users[userId]!.profile[name] = nil
                users[userId]!.lastUpdated = timestamp
            }
            for mappingId in mappingIds {
                let mapping = mappings[mappingId]!
                if mapping.targetType == "user" && mapping.properties[name] != nil { mappings[mappingId]!.properties[name] = nil }
                if mapping.sourceType == "user" {
                    for (targetName, property) in mapping.properties where property["expression"]?.stringValue == "user.\(name)" {
                        mappings[mappingId]!.properties[targetName] = nil
                    }
                }
            }
        }
        userSchemaLastUpdated = timestamp
        return APIResult(body: userSchemaJSON())
    }

    /// Everything a write can change, so a write can be answered without being kept.
    private struct Snapshot {
        var apps: [String: AppRecord], users: [String: UserRecord], mappings: [String: MappingRecord]
        var userSchemaBase: [String: JSON], userSchemaCustom: [String: JSON], userSchemaLastUpdated: String
        var deletedUserAttrs: [String: ContinuousClock.Instant], deletedAppAttrs: [String: [String: ContinuousClock.Instant]]
        var typeSchemas: [String: TypeSchemaRecord]
    }

    /// Runs a write and answers as Okta would, then forgets it: Okta acknowledges one of two
    /// concurrent schema writes with 200 and silently drops it.
    func answeringWithoutApplying(_ write: @Sendable (isolated OrgStore) throws -> APIResult) rethrows -> APIResult {
        let saved = Snapshot(apps: apps, users: users, mappings: mappings, userSchemaBase: userSchemaBase,
                             userSchemaCustom: userSchemaCustom, userSchemaLastUpdated: userSchemaLastUpdated,
                             deletedUserAttrs: deletedUserAttrs, deletedAppAttrs: deletedAppAttrs, typeSchemas: typeSchemas)
        defer {
            typeSchemas = saved.typeSchemas
            apps = saved.apps
            users = saved.users
            mappings = saved.mappings
            userSchemaBase = saved.userSchemaBase
            userSchemaCustom = saved.userSchemaCustom
            userSchemaLastUpdated = saved.userSchemaLastUpdated
            deletedUserAttrs = saved.deletedUserAttrs
            deletedAppAttrs = saved.deletedAppAttrs
        }
        return try write(self)
    }

    func getAppSchema(_ appId: String) throws -> APIResult { APIResult(body: appSchemaJSON(appAsShown(try app(appId)))) }

    func updateAppSchema(_ appId: String, _ body: JSON) throws -> APIResult {
        beginAppSchemaWrite(try self.app(appId))
        var app = try self.app(appId)
        let outcome = try computeSchemaUpdate(body: body, base: app.schemaBase, custom: app.schemaCustom,
                                              deleted: deletedAppAttrs[appId] ?? [:], isApp: true)
        app.schemaBase = outcome.base
        app.schemaCustom = outcome.custom
        app.schemaLastUpdated = stamp()
        apps[appId] = app
        let now = ContinuousClock.now
        for name in outcome.removed {
            deletedAppAttrs[appId, default: [:]][name.lowercased()] = now
            for mappingId in mappingIds {
                let mapping = mappings[mappingId]!
                if mapping.sourceId == appId && mapping.sourceType == "appuser" {
                    for (targetName, property) in mapping.properties where property["expression"]?.stringValue == "appuser.\(name)" {
                        mappings[mappingId]!.properties[targetName] = nil
                    }
                }
                if mapping.targetId == appId && mapping.properties[name] != nil { mappings[mappingId]!.properties[name] = nil }
            }
        }
        return APIResult(body: appSchemaJSON(app))
    }
}
