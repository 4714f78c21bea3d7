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
        pushProfileUpdates(outcome.changedUsers)
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
        // The Admin Console shows no Import tab for an app without "To Okta" import (R21).
        guard app.canImport else {
            throw APIError.validation("import", ["Import is not enabled for the app: turn on \"Import New Users and Profile Updates\" (Provisioning > Integration) first."])
        }
        // One mapping into each user type (R30): a user takes the one into their type.
        var inbound: [String: MappingRecord] = [:]
        for mapping in mappingIds.lazy.compactMap({ self.mappings[$0] }) where mapping.sourceId == appId && mapping.targetType == "user" {
            if inbound[mapping.targetId] == nil { inbound[mapping.targetId] = mapping }
        }
        var outcome = MappingOutcome()
        var appUsersUpdated = 0
        for userId in app.assigned {
            guard let user = users[userId] else { continue }
            let values = OrgStore.valuesFromApp(app, user)
            guard app.imported[userId] != values else { continue }
            app.imported[userId] = values
            appUsersUpdated += 1
            if let mapping = inbound[user.typeId] { apply(mapping, from: app, to: userId, pushOnly: true, into: &outcome) }
        }
        app.lastImport = stamp()
        app.pushedSince = [:]
        apps[appId] = app
        pushProfileUpdates(outcome.changedUsers)
        return APIResult(body: ["appId": .string(appId), "lastImport": .string(app.lastImport!), "appUsersUpdated": .int(appUsersUpdated),
                                "usersUpdated": .int(outcome.usersUpdated), "valuesWritten": .int(outcome.valuesWritten),
                                "notSourced": .int(outcome.notSourced)])
    }

    /// Okta's import schedule, where the admin set one (`--import-every`; off by default, as
    /// recorded apps show it, R22): every app with import on is imported from.
    func importEveryProvisioningApp() {
        for id in appIds where apps[id]?.provisioning == true && apps[id]?.canImport == true { _ = try? importFromApp(id) }
    }

    /// The Admin Console's "Import New Users and Profile Updates" (Provisioning > Integration):
    /// turns "To Okta" import on or off (R21).
    func setImportEnabled(_ appId: String, _ body: JSON) throws -> APIResult {
        var app = try self.app(appId)
        guard case .object(let fields) = body, let enabled = fields["enabled"]?.boolValue else {
            throw APIError.validation("importSettings", ["enabled: The field must be true or false."])
        }
        guard app.provisioning else {
            throw APIError.validation("importSettings", ["Provisioning is not enabled for the app instance."])
        }
        let importFeatures = ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES"]
        app.features.removeAll { importFeatures.contains($0) }
        if enabled { app.features.append(contentsOf: importFeatures) }
        app.lastUpdated = stamp()
        apps[appId] = app
        return APIResult(body: ["appId": .string(appId), "features": .array(app.features.map { .string($0) })])
    }

    /// An admin edits a user's Okta profile (Directory > People): Okta pushes the change to the
    /// user's apps with profile push on, which moves their app users' `lastSync` (R20).
    func editUserProfile(_ userId: String, _ body: JSON) throws -> APIResult {
        guard var user = users[userId] else { throw APIError.notFound("\(userId) (User)") }
        guard case .object(let fields) = body, case .object(let profile) = fields["profile"] ?? .null else {
            throw APIError.validation("profile", ["profile: The field cannot be left blank."])
        }
        let attributes = userAttributes(ofType: user.typeId)
        for (name, value) in profile {
            guard attributes.custom[name] != nil || attributes.base[name] != nil else {
                throw APIError.validation("profile", ["\(name): Property name '\(name)' is not defined in profile"])
            }
            user.profile[name] = value
        }
        user.lastUpdated = stamp()
        users[userId] = user
        let pushedTo = pushProfileUpdates([userId])
        return APIResult(body: ["userId": .string(userId), "pushedTo": .array(pushedTo.map { .string($0) })])
    }

    /// Okta pushes changed users' profiles to each app with profile push on that they are
    /// assigned to; the app users' `lastSync` moves (the spec's AppUser `lastSync`, R20).
    @discardableResult
    func pushProfileUpdates(_ userIds: [String]) -> [String] {
        guard !userIds.isEmpty else { return [] }
        var pushedTo: [String] = []
        for id in appIds {
            guard var app = apps[id], app.pushesProfileUpdates else { continue }
            var pushed = false
            for userId in userIds where app.isAssigned(userId) {
                app.pushedSince[userId] = stamp()
                pushed = true
            }
            if pushed {
                apps[id] = app
                pushedTo.append(id)
            }
        }
        return pushedTo
    }

    struct MappingOutcome {
        var usersUpdated = 0
        var valuesWritten = 0
        /// Values the app holds that Okta did not take: another source owns the attribute for the user.
        var notSourced = 0
        var skipped: [JSON] = []
        /// Okta users whose profile changed: Okta pushes them to their apps.
        var changedUsers: [String] = []
    }

    /// Applies an app -> Okta mapping to one user: each property from the app user's profile,
    /// where the app sources that attribute for the user; `pushOnly`: properties set to PUSH only
    /// (an update from the app), not DONT_PUSH (create only).
    func apply(_ mapping: MappingRecord, from app: AppRecord, to userId: String, pushOnly: Bool = false, into outcome: inout MappingOutcome) {
        // A mapping goes into one user type (R7): users of another type are not touched.
        guard var user = users[userId], user.typeId == mapping.targetId else { return }
        let appUserValues = appUserProfile(app, user)
        let attributes = userAttributes(ofType: user.typeId)
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
            let targetType = (attributes.custom[name] ?? attributes.base[name])?["type"]?.stringValue
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
            outcome.changedUsers.append(userId)
        }
    }

    /// Whether `app` is the source of `attribute` for the user (R4): the attribute's OVERRIDE
    /// names the first of its sources the user has; otherwise the user's profile source is the
    /// highest-ranked profile-sourcing app the user is assigned to (none: Okta itself).
    /// The attribute is read on the user's type's schema: each type has its own override (R30).
    func appSources(_ app: AppRecord, attribute name: String, for userId: String) -> Bool {
        let master = userAttributes(ofType: users[userId]?.typeId ?? IDs.userTypeId).custom[name]?["master"]
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
