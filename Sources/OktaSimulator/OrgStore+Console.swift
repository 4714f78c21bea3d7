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

    /// "Apply updates now": the app -> Okta mapping applied to every assigned user, only where
    /// the app is the attribute's source for the user (docs/REAL-ORGS.md R4).
    func applyUpdates(_ mappingId: String) throws -> APIResult {
        let mapping = try self.mapping(mappingId)
        guard mapping.sourceType == "appuser", mapping.targetType == "user", let app = apps[mapping.sourceId] else {
            throw APIError.validation("applyUpdates", ["Apply updates now is available for app-to-Okta mappings only."])
        }
        var outcome = MappingOutcome()
        for userId in app.assigned { apply(mapping, from: app, to: userId, into: &outcome) }
        return APIResult(body: ["mappingId": .string(mappingId), "usersUpdated": .int(outcome.usersUpdated), "valuesWritten": .int(outcome.valuesWritten),
                                "notSourced": .int(outcome.notSourced), "skipped": .array(outcome.skipped)])
    }

    /// "Import Now": app users take the app's values (R3); where one changed, the app -> Okta
    /// mapping applies to the user's attributes the app sources, for properties set to PUSH.
    func importFromApp(_ appId: String) throws -> APIResult {
        var app = try self.app(appId)
        guard app.provisioning else {
            throw APIError.validation("import", ["Import is available for provisioning apps only."])
        }
        let inbound = mappingIds.lazy.compactMap { self.mappings[$0] }.first { $0.sourceId == appId && $0.targetType == "user" }
        var outcome = MappingOutcome()
        var appUsersUpdated = 0
        for userId in app.assigned {
            guard let user = users[userId] else { continue }
            let values = OrgStore.valuesFromApp(app, user)
            guard app.imported[userId] != values else { continue }
            app.imported[userId] = values
            appUsersUpdated += 1
            if let inbound { apply(inbound, from: app, to: userId, pushOnly: true, into: &outcome) }
        }
        app.lastImport = stamp()
        apps[appId] = app
        return APIResult(body: ["appId": .string(appId), "lastImport": .string(app.lastImport!), "appUsersUpdated": .int(appUsersUpdated),
                                "usersUpdated": .int(outcome.usersUpdated), "valuesWritten": .int(outcome.valuesWritten),
                                "notSourced": .int(outcome.notSourced)])
    }

    /// Okta's import schedule: every provisioning app imported from.
    func importEveryProvisioningApp() {
        for id in appIds where apps[id]?.provisioning == true { _ = try? importFromApp(id) }
    }

    struct MappingOutcome {
        var usersUpdated = 0
        var valuesWritten = 0
        /// Values the app holds that Okta did not take: another source owns the attribute for the user.
        var notSourced = 0
        var skipped: [JSON] = []
    }

    /// Applies an app -> Okta mapping to one user: each property from the app user's profile,
    /// where the app sources that attribute for the user; `pushOnly`: properties set to PUSH only
    /// (an update from the app), not DONT_PUSH (create only).
    func apply(_ mapping: MappingRecord, from app: AppRecord, to userId: String, pushOnly: Bool = false, into outcome: inout MappingOutcome) {
        // A mapping goes into one user type (R7): users of another type are not touched.
        guard var user = users[userId], user.typeId == mapping.targetId else { return }
        let appUserValues = appUserProfile(app, user)
        var changed = false
        for name in mapping.properties.keys.sorted() {
            guard let property = mapping.properties[name], let expression = property["expression"]?.stringValue,
                  let reference = OrgStore.simpleReference(expression), reference.prefix == "appuser.",
                  let value = appUserValues[reference.attribute], !value.isNull else { continue }
            if pushOnly && property["pushStatus"]?.stringValue != "PUSH" { continue }
            guard appSources(app, attribute: name, for: userId) else {
                if user.profile[name] != value { outcome.notSourced += 1 }
                continue
            }
            let targetType = (userSchemaCustom[name] ?? userSchemaBase[name])?["type"]?.stringValue
            if let targetType, targetType != value.typeName && !(targetType == "number" && value.typeName == "integer") {
                outcome.skipped.append(["userId": .string(userId), "property": .string(name),
                                        "reason": .string("type mismatch: \(value.typeName) into \(targetType)")])
                continue
            }
            if user.profile[name] != value {
                user.profile[name] = value
                changed = true
                outcome.valuesWritten += 1
            }
        }
        if changed {
            user.lastUpdated = stamp()
            users[userId] = user
            outcome.usersUpdated += 1
        }
    }

    /// Whether `app` is the source of `attribute` for the user (R4): the attribute's OVERRIDE
    /// names the first of its sources the user has; otherwise the user's profile source is the
    /// highest-ranked profile-sourcing app the user is assigned to (none: Okta itself).
    func appSources(_ app: AppRecord, attribute name: String, for userId: String) -> Bool {
        let master = userSchemaCustom[name]?["master"]
        if master?["type"]?.stringValue == "OVERRIDE" {
            for entry in master?["priority"]?.arrayValue ?? [] {
                if entry["type"]?.stringValue == "OKTA" { return false }
                guard let id = entry["value"]?.stringValue, let source = apps[id], source.isAssigned(userId) else { continue }
                return id == app.id
            }
            return false
        }
        for id in sourceOrder {
            guard let source = apps[id], source.mastering, source.isAssigned(userId) else { continue }
            return id == app.id
        }
        return false
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
