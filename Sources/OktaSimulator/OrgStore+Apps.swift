import Foundation

/// Apps and their users: `GET /api/v1/apps`, `/api/v1/apps/{id}`, `/api/v1/apps/{id}/users`,
/// and the JSON Okta answers for an app, a user and an app user.
extension OrgStore {
    func app(_ id: String) throws -> AppRecord {
        guard let app = apps[id] else { throw APIError.notFound("\(id) (AppInstance)") }
        return app
    }

    func appJSON(_ app: AppRecord) -> JSON {
        let linkName = app.name + "_link"
        var settings: [String: JSON] = [
            "app": app.signOnMode == "BOOKMARK" ? ["url": .string(app.url ?? "https://example.com"), "requestIntegration": false] : [:],
            "implicitAssignment": false,
        ]
        if app.signOnMode == "SAML_2_0" {
            settings["signOn"] = [
                "defaultRelayState": "",
                "ssoAcsUrl": .string("https://\(app.name).example.com/saml/acs"),
                "idpIssuer": "http://www.okta.com/${org.externalKey}",
                "audience": .string("https://\(app.name).example.com/saml/metadata"),
                "recipient": .string("https://\(app.name).example.com/saml/acs"),
                "destination": .string("https://\(app.name).example.com/saml/acs"),
                "subjectNameIdTemplate": "${user.userName}",
                "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                "responseSigned": true,
                "assertionSigned": true,
                "signatureAlgorithm": "RSA_SHA256",
                "digestAlgorithm": "SHA256",
                "honorForceAuthn": true,
                "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                "requestCompressed": false,
                "allowMultipleAcsEndpoints": false,
                "acsEndpoints": [],
                "attributeStatements": [],
            ]
        }
        var credentials: [String: JSON] = ["userNameTemplate": ["template": "${source.login}", "type": "BUILT_IN"]]
        if app.signOnMode == "SAML_2_0" { credentials["signing"] = ["kid": .string(IDs.make("", "kid:" + app.id))] }
        return [
            "id": .string(app.id), "name": .string(app.name), "label": .string(app.label), "status": .string(app.status),
            "created": .string(app.created), "lastUpdated": .string(app.lastUpdated),
            // Directory apps (active_directory, csv_directory_v2) have no sign-on mode: null (R11).
            "signOnMode": app.signOnMode.map { .string($0) } ?? .null,
            "features": .array(app.features.map { .string($0) }),
            "accessibility": ["selfService": false],
            "visibility": ["autoSubmitToolbar": false, "autoLaunch": false, "hide": ["iOS": false, "web": false],
                           "appLinks": .object([linkName: true])],
            "credentials": .object(credentials),
            "settings": .object(settings),
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)")],
                "users": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)/users")],
                "groups": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)/groups")],
                "metadata": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)/sso/saml/metadata"), "type": "application/xml"],
                "deactivate": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)/lifecycle/deactivate")],
                "appLinks": [["name": .string(linkName), "href": .string("\(baseURL)/home/\(app.name)/\(app.id)/aln1"), "type": "text/html"]],
                "logo": [["name": "medium", "href": .string("\(baseURL)/assets/img/logos/default.png"), "type": "image/png"]],
            ],
        ]
    }

    func appUserProfile(_ app: AppRecord, _ user: UserRecord) -> [String: JSON] {
        var profile: [String: JSON] = [:]
        if app.provisioning {
            let first = user.profile["firstName"] ?? .null
            let last = user.profile["lastName"] ?? .null
            profile["userName"] = .string(user.login)
            profile["givenName"] = first
            profile["familyName"] = last
            profile["email"] = user.profile["email"] ?? .null
            profile["displayName"] = .string("\(first.stringValue ?? "") \(last.stringValue ?? "")")
        }
        // Only what the last import brought: an attribute added since shows no value until the next (R3).
        for name in app.schemaCustom.keys {
            if let value = app.imported[user.id]?[name] { profile[name] = value }
        }
        if !app.provisioning {
            // Recorded app users without provisioning carry every attribute of the app's
            // schema, null where unset (TestAccDataSourceOktaAppUserAssignments_read; R27).
            for name in app.schemaBase.keys.sorted() + app.schemaCustom.keys.sorted() where profile[name] == nil { profile[name] = .null }
        }
        return profile
    }

    /// What an import reads from the app for one user: each custom attribute's external value.
    static func valuesFromApp(_ app: AppRecord, _ user: UserRecord) -> [String: JSON] {
        var values: [String: JSON] = [:]
        for (name, attribute) in app.schemaCustom {
            if let externalName = attribute["externalName"]?.stringValue, let value = user.appSide[externalName] { values[name] = value }
        }
        return values
    }

    func userJSON(_ user: UserRecord) -> JSON {
        return [
            "id": .string(user.id), "status": .string(user.status), "created": .string(user.created), "activated": .string(user.created),
            "statusChanged": .string(user.created), "lastLogin": .null, "lastUpdated": .string(user.lastUpdated),
            "passwordChanged": .string(user.created), "type": ["id": .string(user.typeId)],
            "profile": .object(user.profile),
            "credentials": ["provider": ["type": "OKTA", "name": "OKTA"]],
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/users/\(user.id)")],
                "type": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(user.typeId)")],
                "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(schemaId(ofType: user.typeId))")],
            ],
        ]
    }

    /// Real provisioning apps have app users not only ACTIVE but PROVISIONED or STAGED (R11):
    /// a few, picked by id so every run sees the same.
    static func appUserStatus(_ app: AppRecord, _ user: UserRecord) -> String {
        guard app.provisioning, let last = user.id.last else { return "ACTIVE" }
        switch last {
        case "A": return "STAGED"
        case "B", "C": return "PROVISIONED"
        default: return "ACTIVE"
        }
    }

    func appUserJSON(_ app: AppRecord, _ user: UserRecord, expand: Bool) -> JSON {
        var fields: [String: JSON] = [
            "id": .string(user.id), "scope": "USER", "status": .string(Self.appUserStatus(app, user)), "created": .string(app.created),
            "lastUpdated": .string(max(app.lastUpdated, user.lastUpdated, app.schemaLastUpdated)), "statusChanged": .string(app.created),
            "passwordChanged": .null,
            "syncState": app.mastering ? "SYNCHRONIZED" : "DISABLED",
            "credentials": ["userName": .string(user.login)],
            "profile": .object(appUserProfile(app, user)),
            "_links": [
                "app": ["href": .string("\(baseURL)/api/v1/apps/\(app.id)")],
                "user": ["href": .string("\(baseURL)/api/v1/users/\(user.id)")],
            ],
        ]
        // Without provisioning, as recorded: `externalId: null`, no `lastSync` (R27).
        fields["externalId"] = .null
        if app.provisioning {
            fields["externalId"] = .string(IDs.make("", "ext:\(app.id):\(user.id)"))
            fields["lastSync"] = .string(app.pushedSince[user.id] ?? app.lastImport ?? app.created)
        }
        if expand { fields["_embedded"] = ["user": userJSON(user)] }
        return .object(fields)
    }

    // MARK: endpoints

    func listApps(_ query: Query) throws -> APIResult {
        let limit = try OrgStore.parseLimit(query["limit"], default: 200, max: 200)
        var filterField: String?
        var filterValue: String?
        if let filter = query["filter"], !filter.trimmingCharacters(in: .whitespaces).isEmpty {
            let parsed = OrgStore.parseEqFilter(filter)
            guard let parsed, ["id", "status", "name", "credentials.signing.kid", "settings.slo.enabled"].contains(parsed.0) else {
                throw APIError.validation("filter", ["filter: Invalid filter expression '\(filter)'. Use one 'eq' expression on id, status, name, credentials.signing.kid or settings.slo.enabled."])
            }
            filterField = parsed.0
            filterValue = parsed.1
        }
        let prefix = query["q"].map { $0.lowercased() }
        let apps = self.apps
        let match: (String) -> Bool = { id in
            guard let app = apps[id] else { return false }
            if let prefix, !prefix.isEmpty, !(app.name.lowercased().hasPrefix(prefix) || app.label.lowercased().hasPrefix(prefix)) {
                return false
            }
            if let filterField, let filterValue {
                switch filterField {
                case "id": return app.id == filterValue
                case "status": return app.status == filterValue
                case "name": return app.name == filterValue
                case "credentials.signing.kid": return app.signOnMode == "SAML_2_0" && IDs.make("", "kid:" + app.id) == filterValue
                default: return filterValue == "false"
                }
            }
            return true
        }
        let (ids, next): ([String], String?)
        if filterField == "id", let wantedId = filterValue {
            let single = apps[wantedId] != nil && match(wantedId) && (query["after"].map { wantedId > $0 } ?? true) ? [wantedId] : []
            (ids, next) = (single, nil)
        } else {
            (ids, next) = OrgStore.page(appIds, after: query["after"], limit: limit, match: match)
        }
        return APIResult(body: .array(ids.map { appJSON(apps[$0]!) }), page: .init(nextAfter: next))
    }

    func getApp(_ id: String) throws -> APIResult { APIResult(body: appJSON(try app(id))) }

    func listAppUsers(_ appId: String, _ query: Query) throws -> APIResult {
        let app = try self.app(appId)
        let limit = try OrgStore.parseLimit(query["limit"], default: 50, max: 500)
        let expand = query["expand"] == "user"
        let prefix = query["q"]?.lowercased()
        let users = self.users
        let (ids, next) = OrgStore.page(app.assigned, after: query["after"], limit: limit) { id in
            guard let prefix, !prefix.isEmpty else { return true }
            guard let user = users[id] else { return false }
            for key in ["login", "firstName", "lastName", "email"] {
                if let value = user.profile[key]?.stringValue, value.lowercased().hasPrefix(prefix) { return true }
            }
            return false
        }
        // A replayed org may assign a user it does not hold: such an id is skipped, never a trap.
        return APIResult(body: .array(ids.compactMap { id in users[id].map { appUserJSON(app, $0, expand: expand) } }), page: .init(nextAfter: next))
    }

    /// getApplicationUser: 404 when the user is not assigned to the app.
    func getAppUser(_ appId: String, _ userId: String) throws -> APIResult {
        let app = try self.app(appId)
        guard app.isAssigned(userId), let user = users[userId] else { throw APIError.notFound("\(userId) (AppUser)") }
        return APIResult(body: appUserJSON(app, user, expand: false))
    }

    /// getUser by id or login (Okta takes either). A login holding `/` can only be fetched by
    /// id (spec, getUser): Okta answers its escape with 405 (okta-sdk-nodejs#430; docs/REAL-ORGS.md R24).
    func getUser(_ idOrLogin: String) throws -> APIResult {
        if idOrLogin.range(of: "%2F", options: .caseInsensitive) != nil {
            throw APIError(status: 405, code: "E0000022", summary: "The endpoint does not support the provided HTTP method", causes: ["POST"])
        }
        if let user = users[idOrLogin] { return APIResult(body: userJSON(user)) }
        let login = idOrLogin.removingPercentEncoding ?? idOrLogin
        guard let user = users.values.first(where: { $0.login.caseInsensitiveCompare(login) == .orderedSame }) else {
            throw APIError.notFound("\(idOrLogin) (User)")
        }
        return APIResult(body: userJSON(user))
    }

    /// listUsers: every user, paged by id (default 200, at most 200); `filter` takes one `eq`
    /// on a property the spec lists for it, its value matched case-sensitively as the spec says.
    func listUsers(_ query: Query) throws -> APIResult {
        let limit = try OrgStore.parseLimit(query["limit"], default: 200, max: 200)
        var wanted: (field: String, value: String)?
        if let filter = query["filter"], !filter.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = OrgStore.parseEqFilter(filter),
                  ["id", "status", "profile.login", "profile.email", "profile.firstName", "profile.lastName"].contains(parsed.0) else {
                throw APIError(status: 400, code: "E0000031", summary: "Invalid search criteria.")
            }
            wanted = parsed
        }
        let users = self.users
        let (ids, next) = OrgStore.page(userIds, after: query["after"], limit: limit) { id in
            guard let wanted else { return true }
            guard let user = users[id] else { return false }
            switch wanted.field {
            case "id": return user.id == wanted.value
            case "status": return user.status == wanted.value
            case "profile.login": return user.login == wanted.value
            default: return user.profile[String(wanted.field.dropFirst("profile.".count))]?.stringValue == wanted.value
            }
        }
        return APIResult(body: .array(ids.map { userJSON(users[$0]!) }), page: .init(nextAfter: next))
    }
}
