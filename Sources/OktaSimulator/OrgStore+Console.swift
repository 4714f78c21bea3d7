import Foundation

/// What the simulator offers beside Okta's public API, standing in for the Admin Console:
/// an app as a profile source, the order of the profile sources, "Apply updates now" on an
/// app -> Okta mapping; and the whole org's state as JSON.
extension OrgStore {
    func setProfileSourcing(_ appId: String, _ body: JSON) throws -> APIResult {
        var app = try self.app(appId)
        guard case .object(let fields) = body else { throw APIError.malformed }
        guard let enabled = fields["enabled"]?.boolValue else {
            throw APIError.validation("profileSourcing", ["enabled: The field must be true or false."])
        }
        guard app.provisioning else {
            throw APIError.validation("profileSourcing", ["Provisioning is not enabled for the app instance."])
        }
        let action = fields["deactivationAction"]?.stringValue ?? "DEACTIVATE"
        guard ["NONE", "DEACTIVATE", "SUSPEND"].contains(action) else {
            throw APIError.validation("profileSourcing", ["deactivationAction: use NONE, DEACTIVATE or SUSPEND."])
        }
        if enabled {
            if !app.features.contains("PROFILE_MASTERING") { app.features.append("PROFILE_MASTERING") }
            app.deactivationAction = action
            if !sourceOrder.contains(appId) { sourceOrder.append(appId) }
        } else {
            app.features.removeAll { $0 == "PROFILE_MASTERING" }
            app.deactivationAction = nil
            sourceOrder.removeAll { $0 == appId }
        }
        app.lastUpdated = stamp()
        apps[appId] = app
        return APIResult(body: consoleJSON())
    }

    func setSourceOrder(_ body: JSON) throws -> APIResult {
        guard case .object(let fields) = body else { throw APIError.malformed }
        guard let requested = fields["order"]?.arrayValue else {
            throw APIError.validation("profileSources", ["order: The field cannot be left blank."])
        }
        let ids = requested.compactMap { $0.stringValue }
        guard ids.count == requested.count, Set(ids).count == ids.count, Set(ids) == Set(sourceOrder) else {
            throw APIError.validation("profileSources", ["order: must list every current profile source exactly once: \(sourceOrder)"])
        }
        sourceOrder = ids
        return APIResult(body: consoleJSON())
    }

    func consoleJSON() -> JSON {
        ["profileSourceOrder": .array(sourceOrder.map { .string($0) }),
         "profileSources": .array(sourceOrder.map { id in
             ["id": .string(id), "label": .string(apps[id]?.label ?? ""), "deactivationAction": apps[id]?.deactivationAction.map { .string($0) } ?? .null]
         })]
    }

    func applyUpdates(_ mappingId: String) throws -> APIResult {
        let mapping = try self.mapping(mappingId)
        guard mapping.sourceType == "appuser", mapping.targetType == "user", let app = apps[mapping.sourceId] else {
            throw APIError.validation("applyUpdates", ["Apply updates now is available for app-to-Okta mappings only."])
        }
        let timestamp = stamp()
        var updated = 0
        var written = 0
        var skipped: [JSON] = []
        for userId in app.assigned {
            guard var user = users[userId] else { continue }
            let appUserValues = appUserProfile(app, user)
            var changed = false
            for name in mapping.properties.keys.sorted() {
                guard let expression = mapping.properties[name]?["expression"]?.stringValue,
                      let reference = OrgStore.simpleReference(expression), reference.prefix == "appuser.",
                      let value = appUserValues[reference.attribute], !value.isNull else { continue }
                let targetType = (userSchemaCustom[name] ?? userSchemaBase[name])?["type"]?.stringValue
                if let targetType, targetType != value.typeName && !(targetType == "number" && value.typeName == "integer") {
                    skipped.append(["userId": .string(userId), "property": .string(name),
                                    "reason": .string("type mismatch: \(value.typeName) into \(targetType)")])
                    continue
                }
                if user.profile[name] != value {
                    user.profile[name] = value
                    changed = true
                    written += 1
                }
            }
            if changed {
                user.lastUpdated = timestamp
                users[userId] = user
                updated += 1
            }
        }
        return APIResult(body: ["mappingId": .string(mappingId), "usersUpdated": .int(updated), "valuesWritten": .int(written),
                                "skipped": .array(skipped)])
    }

    // MARK: state

    func stateJSON() -> JSON {
        var appsOut: [JSON] = []
        appsOut.reserveCapacity(appIds.count)
        for id in appIds {
            let app = apps[id]!
            var fields: [String: JSON] = [
                "id": .string(app.id), "name": .string(app.name), "label": .string(app.label), "status": .string(app.status),
                "signOnMode": app.signOnMode.map { .string($0) } ?? .null, "features": .array(app.features.map { .string($0) }),
                "provisioning": .bool(app.provisioning), "created": .string(app.created), "lastUpdated": .string(app.lastUpdated),
                "deactivationAction": app.deactivationAction.map { .string($0) } ?? .null,
                "assignedUserIds": .array(app.assigned.map { .string($0) }),
                "schema": ["lastUpdated": .string(app.schemaLastUpdated), "custom": .object(app.schemaCustom)],
            ]
            if app.schemaBase.count != (app.provisioning ? 5 : 1) || app.schemaBase != SchemaDefs.appBase(provisioning: app.provisioning) {
                fields["schema"] = ["lastUpdated": .string(app.schemaLastUpdated), "custom": .object(app.schemaCustom),
                                    "base": .object(app.schemaBase)]
            }
            appsOut.append(.object(fields))
        }
        return [
            "apps": .array(appsOut),
            "mappings": .array(mappingIds.map { id in
                let mapping = mappings[id]!
                return ["id": .string(mapping.id), "sourceId": .string(mapping.sourceId), "sourceType": .string(mapping.sourceType),
                        "targetId": .string(mapping.targetId), "targetType": .string(mapping.targetType),
                        "properties": .object(mapping.properties)]
            }),
            "profileSourceOrder": .array(sourceOrder.map { .string($0) }),
            "userSchema": ["id": .string(IDs.userSchemaId), "created": .string(userSchemaCreated),
                           "lastUpdated": .string(userSchemaLastUpdated), "base": .object(userSchemaBase), "custom": .object(userSchemaCustom)],
            "userTypes": [["id": .string(IDs.userTypeId), "name": "user", "default": true]],
            "users": .array(userIds.map { id in
                let user = users[id]!
                return ["id": .string(user.id), "login": .string(user.login), "status": .string(user.status),
                        "lastUpdated": .string(user.lastUpdated), "profile": .object(user.profile), "appSideData": .object(user.appSide)]
            }),
        ]
    }
}
