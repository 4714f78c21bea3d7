import Foundation

/// An Okta-style API error.
struct APIError: Error, Sendable {
    var status: Int
    var code: String
    var summary: String
    var causes: [String] = []

    static func validation(_ what: String, _ causes: [String]) -> APIError {
        APIError(status: 400, code: "E0000001", summary: "Api validation failed: \(what)", causes: causes)
    }

    static func notFound(_ what: String) -> APIError {
        APIError(status: 404, code: "E0000007", summary: "Not found: Resource not found: \(what)")
    }

    static let malformed = APIError(status: 400, code: "E0000003", summary: "The request body was not well-formed.")
}

/// A successful API answer; `page` set when the endpoint paginates.
struct APIResult: Sendable {
    var body: JSON
    var page: Page? = nil

    struct Page: Sendable {
        var nextAfter: String?
    }
}

/// Parsed query string (first value wins).
struct Query: Sendable {
    var items: [(String, String)]

    init(_ raw: String?) {
        items = []
        guard let raw, !raw.isEmpty else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func dec(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            items.append((dec(kv[0]), kv.count > 1 ? dec(kv[1]) : ""))
        }
    }

    subscript(_ key: String) -> String? { items.first { $0.0 == key }?.1 }
}

actor OrgStore {
    let cleanupSeconds: Double
    var baseURL: String = "http://127.0.0.1"

    var apps: [String: AppRecord] = [:]
    var appIds: [String] = []
    var users: [String: UserRecord] = [:]
    var userIds: [String] = []
    var mappings: [String: MappingRecord] = [:]
    var mappingIds: [String] = []
    var identityProviders: [String: IdentityProviderRecord] = [:]
    var identityProviderIds: [String] = []
    /// Custom user types, beside the default one.
    var customUserTypes: [UserTypeRecord] = []
    /// How long a schema write stays invisible to reads (OKTA-API.md R5); zero: at once.
    var consistencyDelay: Duration = .zero
    /// What reads show of a schema while a write to it is not yet visible.
    var shownUserSchema: ShownSchema?
    var shownAppSchemas: [String: ShownSchema] = [:]
    var userSchemaBase: [String: JSON] = SchemaDefs.userBase
    var userSchemaCustom: [String: JSON] = [:]
    var userSchemaCreated = SeedConstants.seedTime
    var userSchemaLastUpdated = SeedConstants.seedTime
    var sourceOrder: [String] = []
    var deletedUserAttrs: [String: ContinuousClock.Instant] = [:]
    var deletedAppAttrs: [String: [String: ContinuousClock.Instant]] = [:]
    var lastStampMs: Int = 0

    init(seed: SeedFile, cleanupSeconds: Double) {
        self.cleanupSeconds = cleanupSeconds
        let t = SeedConstants.seedTime
        // Users
        var byIndex: [String] = []
        var users: [String: UserRecord] = [:]
        users.reserveCapacity(seed.users.count)
        for n in 1...max(1, seed.users.count) {
            let id = IDs.make("00u", "user:\(n)")
            let login = "user\(SeedConstants.pad(n, 4))@example.com"
            let first = SeedConstants.firstNames[(n - 1) % 20]
            let last = SeedConstants.lastNames[((n - 1) / 20) % 20]
            users[id] = UserRecord(
                id: id, login: login, status: "ACTIVE", created: t, lastUpdated: t,
                profile: ["login": .string(login), "email": .string(login), "firstName": .string(first), "lastName": .string(last)],
                appSide: [
                    SeedConstants.dialpadExternalName: .string(SeedConstants.dialpadNumber(n)),
                    SeedConstants.mobileExternalName: .string(SeedConstants.mobileNumber(n)),
                ])
            byIndex.append(id)
        }
        func firstN(_ n: Int?) -> [String] {
            guard let n, n != 0 else { return [] }
            let k = n < 0 ? byIndex.count : min(n, byIndex.count)
            return Array(byIndex[0..<k]).sorted()
        }

        var apps: [String: AppRecord] = [:]
        var mappings: [String: MappingRecord] = [:]
        var keyToId: [String: String] = [:]
        let defaultProvFeatures = ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES",
                                   "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"]
        let defaultToOkta: [String: JSON] = [
            "firstName": ["expression": "appuser.givenName"], "lastName": ["expression": "appuser.familyName"],
            "email": ["expression": "appuser.email"],
        ]
        let defaultFromOkta: [String: JSON] = [
            "userName": ["expression": "user.login", "pushStatus": "PUSH"],
            "givenName": ["expression": "user.firstName", "pushStatus": "PUSH"],
            "familyName": ["expression": "user.lastName", "pushStatus": "PUSH"],
            "email": ["expression": "user.email", "pushStatus": "PUSH"],
        ]
        let provBase = SchemaDefs.appBase(provisioning: true)
        let ssoBase = SchemaDefs.appBase(provisioning: false)

        func addApp(_ s: SeedApp) {
            let id = IDs.make("0oa", "app:" + s.key)
            keyToId[s.key] = id
            let prov = s.provisioning ?? false
            let features = s.features ?? (prov ? defaultProvFeatures : [])
            var custom: [String: JSON] = [:]
            for (k, v) in s.customAttributes ?? [:] { custom[k] = OrgStore.withDefaults(v, isApp: true) }
            let mastering = features.contains("PROFILE_MASTERING")
            apps[id] = AppRecord(
                id: id, key: s.key, name: s.name, label: s.label, signOnMode: s.signOnMode, status: s.status ?? "ACTIVE",
                features: features, provisioning: prov, created: t, lastUpdated: t,
                deactivationAction: mastering ? (s.deactivationAction ?? "DEACTIVATE") : nil,
                url: s.url, assigned: firstN(s.assign), schemaCustom: custom, schemaBase: prov ? provBase : ssoBase,
                schemaCreated: t, schemaLastUpdated: t)
            if let props = s.mappingToOkta {
                let mid = IDs.make("prm", "map:\(s.key):toOkta")
                var p: [String: JSON] = [:]
                for (k, v) in props {
                    var o = v.objectValue ?? [:]
                    if o["pushStatus"] == nil { o["pushStatus"] = .string(mastering ? "PUSH" : "DONT_PUSH") }
                    p[k] = .object(o)
                }
                mappings[mid] = MappingRecord(id: mid, sourceId: id, sourceType: "appuser", targetId: IDs.userTypeId, targetType: "user", properties: p)
            }
            if prov {
                let mid = IDs.make("prm", "map:\(s.key):fromOkta")
                mappings[mid] = MappingRecord(id: mid, sourceId: IDs.userTypeId, sourceType: "user", targetId: id, targetType: "appuser",
                                              properties: s.mappingFromOkta ?? defaultFromOkta)
            }
        }
        for s in seed.apps { addApp(s) }
        if let g = seed.generate, let total = g.totalApps {
            var i = 0
            while apps.count < total {
                i += 1
                let num = SeedConstants.pad(i, 5)
                if let every = g.provisioningEvery, every > 0, i % every == 0 {
                    addApp(SeedApp(key: "filler\(num)", name: "scimapp\(num)", label: "SCIM App \(num)", signOnMode: "SAML_2_0",
                                   provisioning: true, assign: g.provisioningAssign, mappingToOkta: defaultToOkta))
                } else if i % 2 == 1 {
                    addApp(SeedApp(key: "filler\(num)", name: "bookmark", label: "Bookmark \(num)", signOnMode: "BOOKMARK",
                                   mappingToOkta: g.mapEveryApp == true ? [:] : nil, url: "https://intranet.example.com/b/\(num)"))
                } else {
                    addApp(SeedApp(key: "filler\(num)", name: "samlapp\(num)", label: "SAML App \(num)", signOnMode: "SAML_2_0",
                                   mappingToOkta: g.mapEveryApp == true ? [:] : nil))
                }
            }
        }
        var custom: [String: JSON] = [:]
        for (k, v) in seed.userSchemaCustom ?? [:] {
            var v = v
            // seeds may refer to apps by key in OVERRIDE priorities: "app:<key>"
            if case .object(var o) = v, case .object(var m) = o["master"] ?? .null, let pr = m["priority"]?.arrayValue {
                m["priority"] = .array(pr.map { p in
                    guard case .object(var po) = p, let val = po["value"]?.stringValue, val.hasPrefix("app:") else { return p }
                    po["value"] = .string(keyToId[String(val.dropFirst(4))] ?? val)
                    return .object(po)
                })
                o["master"] = .object(m)
                v = .object(o)
            }
            custom[k] = OrgStore.withDefaults(v, isApp: false)
        }
        if let n = seed.generate?.userAttributes, n > 0 {
            for i in 1...n {
                let name = "attr" + SeedConstants.pad(i, 4)
                custom[name] = OrgStore.withDefaults(["title": .string("Attribute \(SeedConstants.pad(i, 4))"), "type": "string"], isApp: false)
            }
        }
        if let attr = seed.copyDialpadNumberTo, let dp = keyToId["dialpad"], let app = apps[dp] {
            for uid in app.assigned {
                if let v = users[uid]?.appSide[SeedConstants.dialpadExternalName] { users[uid]!.profile[attr] = v }
            }
        }
        var order: [String] = []
        if let o = seed.profileSourceOrder {
            order = o.compactMap { keyToId[$0] }
        } else {
            order = seed.apps.compactMap { keyToId[$0.key] }.filter { apps[$0]?.mastering == true }
        }

        var identityProviders: [String: IdentityProviderRecord] = [:]
        for s in seed.identityProviders ?? [] {
            let id = IDs.make("0oa", "idp:" + s.key)
            identityProviders[id] = IdentityProviderRecord(id: id, key: s.key, type: s.type, name: s.name,
                                                           profileMaster: s.profileMaster ?? false, created: t)
            let mid = IDs.make("prm", "map:idp:\(s.key):toOkta")
            mappings[mid] = MappingRecord(id: mid, sourceId: id, sourceType: "appuser", targetId: IDs.userTypeId, targetType: "user",
                                          properties: ["email": ["expression": "idpuser.email", "pushStatus": "DONT_PUSH"]])
        }
        self.identityProviders = identityProviders
        var customUserTypes: [UserTypeRecord] = []
        for type in seed.userTypes ?? [] {
            let record = UserTypeRecord(id: IDs.make("oty", "usertype:" + type.key), name: type.name, displayName: type.displayName)
            customUserTypes.append(record)
            for (index, id) in byIndex.enumerated() where type.every > 0 && (index + 1) % type.every == 0 && users[id]?.typeId == IDs.userTypeId {
                users[id]?.typeId = record.id
            }
        }
        self.customUserTypes = customUserTypes
        self.identityProviderIds = identityProviders.keys.sorted()

        self.users = users
        self.userIds = users.keys.sorted()
        self.apps = apps
        self.appIds = apps.keys.sorted()
        self.mappings = mappings
        self.mappingIds = mappings.keys.sorted()
        self.userSchemaCustom = custom
        self.sourceOrder = order
    }

    func setBaseURL(_ url: String) { baseURL = url }

    // MARK: helpers

    static func withDefaults(_ v: JSON, isApp: Bool) -> JSON {
        guard case .object(var o) = v else { return v }
        if o["scope"] == nil || o["scope"] == .null { o["scope"] = "NONE" }
        if !isApp {
            if o["mutability"] == nil || o["mutability"] == .null { o["mutability"] = "READ_WRITE" }
            if o["permissions"] == nil || o["permissions"] == .null { o["permissions"] = SchemaDefs.selfRW }
            if o["master"] == nil || o["master"] == .null { o["master"] = ["type": "PROFILE_MASTER"] }
        }
        return .object(o)
    }

    func stamp() -> String {
        var ms = Int((Date().timeIntervalSince1970 * 1000).rounded(.down))
        if ms <= lastStampMs { ms = lastStampMs + 1 }
        lastStampMs = ms
        return Clock.iso(Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    static func upperBound(_ sorted: [String], _ key: String) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func parseLimit(_ raw: String?, default def: Int, max mx: Int) throws -> Int {
        guard let raw else { return def }
        guard let n = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw APIError.validation("limit", ["limit: The value '\(raw)' is not a valid integer."])
        }
        if n <= 0 { return def }
        return min(n, mx)
    }

    /// Collects up to `limit` ids after the cursor that pass `match`; reports the next cursor if more exist.
    static func page(_ sorted: [String], after: String?, limit: Int, match: (String) -> Bool) -> ([String], String?) {
        var i = after.map { upperBound(sorted, $0) } ?? 0
        var out: [String] = []
        while i < sorted.count {
            let id = sorted[i]
            i += 1
            if match(id) {
                if out.count == limit { return (out, out.last) }
                out.append(id)
            }
        }
        return (out, nil)
    }

    func app(_ id: String) throws -> AppRecord {
        guard let a = apps[id] else { throw APIError.notFound("\(id) (AppInstance)") }
        return a
    }

    // MARK: JSON views

    func appJSON(_ a: AppRecord) -> JSON {
        let b = baseURL
        let linkName = a.name + "_link"
        var settings: [String: JSON] = [
            "app": a.signOnMode == "BOOKMARK" ? ["url": .string(a.url ?? "https://example.com"), "requestIntegration": false] : [:],
            "implicitAssignment": false,
        ]
        if a.signOnMode == "SAML_2_0" {
            settings["signOn"] = [
                "defaultRelayState": "",
                "ssoAcsUrl": .string("https://\(a.name).example.com/saml/acs"),
                "idpIssuer": "http://www.okta.com/${org.externalKey}",
                "audience": .string("https://\(a.name).example.com/saml/metadata"),
                "recipient": .string("https://\(a.name).example.com/saml/acs"),
                "destination": .string("https://\(a.name).example.com/saml/acs"),
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
        if a.signOnMode == "SAML_2_0" { credentials["signing"] = ["kid": .string(IDs.make("", "kid:" + a.id))] }
        return [
            "id": .string(a.id), "name": .string(a.name), "label": .string(a.label), "status": .string(a.status),
            "created": .string(a.created), "lastUpdated": .string(a.lastUpdated),
            // Directory apps (active_directory, csv_directory_v2) have no sign-on mode: null (R11).
            "signOnMode": a.signOnMode.map { .string($0) } ?? .null,
            "features": .array(a.features.map { .string($0) }),
            "accessibility": ["selfService": false],
            "visibility": ["autoSubmitToolbar": false, "autoLaunch": false, "hide": ["iOS": false, "web": false],
                           "appLinks": .object([linkName: true])],
            "credentials": .object(credentials),
            "settings": .object(settings),
            "_links": [
                "self": ["href": .string("\(b)/api/v1/apps/\(a.id)")],
                "users": ["href": .string("\(b)/api/v1/apps/\(a.id)/users")],
                "groups": ["href": .string("\(b)/api/v1/apps/\(a.id)/groups")],
                "metadata": ["href": .string("\(b)/api/v1/apps/\(a.id)/sso/saml/metadata"), "type": "application/xml"],
                "deactivate": ["href": .string("\(b)/api/v1/apps/\(a.id)/lifecycle/deactivate")],
                "appLinks": [["name": .string(linkName), "href": .string("\(b)/home/\(a.name)/\(a.id)/aln1"), "type": "text/html"]],
                "logo": [["name": "medium", "href": .string("\(b)/assets/img/logos/default.png"), "type": "image/png"]],
            ],
        ]
    }

    func appUserProfile(_ a: AppRecord, _ u: UserRecord) -> [String: JSON] {
        var p: [String: JSON] = [:]
        if a.provisioning {
            let first = u.profile["firstName"] ?? .null
            let last = u.profile["lastName"] ?? .null
            p["userName"] = .string(u.login)
            p["givenName"] = first
            p["familyName"] = last
            p["email"] = u.profile["email"] ?? .null
            p["displayName"] = .string("\(first.stringValue ?? "") \(last.stringValue ?? "")")
        }
        for (name, attr) in a.schemaCustom {
            if let ext = attr["externalName"]?.stringValue, let v = u.appSide[ext] { p[name] = v }
        }
        return p
    }

    func userJSON(_ u: UserRecord) -> JSON {
        let b = baseURL
        return [
            "id": .string(u.id), "status": .string(u.status), "created": .string(u.created), "activated": .string(u.created),
            "statusChanged": .string(u.created), "lastLogin": .null, "lastUpdated": .string(u.lastUpdated),
            "passwordChanged": .string(u.created), "type": ["id": .string(u.typeId)],
            "profile": .object(u.profile),
            "credentials": ["provider": ["type": "OKTA", "name": "OKTA"]],
            "_links": [
                "self": ["href": .string("\(b)/api/v1/users/\(u.id)")],
                "type": ["href": .string("\(b)/api/v1/meta/types/user/\(u.typeId)")],
                "schema": ["href": .string("\(b)/api/v1/meta/schemas/user/\(IDs.userSchemaId)")],
            ],
        ]
    }

    /// Real provisioning apps have app users not only ACTIVE but PROVISIONED or STAGED (R11):
    /// a few, picked by id so every run sees the same.
    static func appUserStatus(_ a: AppRecord, _ u: UserRecord) -> String {
        guard a.provisioning, let last = u.id.last else { return "ACTIVE" }
        switch last {
        case "A": return "STAGED"
        case "B", "C": return "PROVISIONED"
        default: return "ACTIVE"
        }
    }

    func appUserJSON(_ a: AppRecord, _ u: UserRecord, expand: Bool) -> JSON {
        let b = baseURL
        var o: [String: JSON] = [
            "id": .string(u.id), "scope": "USER", "status": .string(Self.appUserStatus(a, u)), "created": .string(a.created),
            "lastUpdated": .string(max(a.lastUpdated, u.lastUpdated, a.schemaLastUpdated)), "statusChanged": .string(a.created),
            "passwordChanged": .null,
            "syncState": a.mastering ? "SYNCHRONIZED" : "DISABLED",
            "credentials": ["userName": .string(u.login)],
            "profile": .object(appUserProfile(a, u)),
            "_links": [
                "app": ["href": .string("\(b)/api/v1/apps/\(a.id)")],
                "user": ["href": .string("\(b)/api/v1/users/\(u.id)")],
            ],
        ]
        if a.provisioning {
            o["externalId"] = .string(IDs.make("", "ext:\(a.id):\(u.id)"))
            o["lastSync"] = .string(a.created)
        }
        if expand { o["_embedded"] = ["user": userJSON(u)] }
        return .object(o)
    }

    func userTypeJSON() -> JSON {
        let b = baseURL
        return [
            "id": .string(IDs.userTypeId), "name": "user", "displayName": "User",
            "description": "Okta user profile template with default permission settings",
            "default": true, "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
            "createdBy": "00u1admin000000000001", "lastUpdatedBy": "00u1admin000000000001",
            "_links": [
                "self": ["href": .string("\(b)/api/v1/meta/types/user/\(IDs.userTypeId)"), "method": "GET", "rel": "self"],
                "schema": ["href": .string("\(b)/api/v1/meta/schemas/user/\(IDs.userSchemaId)"), "method": "GET", "rel": "schema"],
            ],
        ]
    }

    static let profileProps: JSON = ["profile": ["allOf": [["$ref": "#/definitions/custom"], ["$ref": "#/definitions/base"]]]]

    func userSchemaJSON() -> JSON {
        let b = baseURL
        return [
            "id": .string("\(b)/meta/schemas/user/\(IDs.userSchemaId)"),
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
                "self": ["href": .string("\(b)/api/v1/meta/schemas/user/\(IDs.userSchemaId)"), "method": "GET", "rel": "self"],
                "type": ["href": .string("\(b)/api/v1/meta/types/user/\(IDs.userTypeId)"), "method": "GET"],
            ],
        ]
    }

    func appSchemaJSON(_ a: AppRecord) -> JSON {
        let b = baseURL
        return [
            "id": .string("\(b)/meta/schemas/apps/\(a.id)/default"),
            "$schema": "http://json-schema.org/draft-04/schema#",
            // Real app schemas' names carry a suffix (`oidc_client_ige9i80`, R11).
            "name": .string(a.name + "_" + IDs.make("", "schema:" + a.id).prefix(7).lowercased()),
            "title": .string("\(a.label) User"), "description": .string("\(a.label) User"),
            "created": .string(a.schemaCreated), "lastUpdated": .string(a.schemaLastUpdated), "type": "object",
            "definitions": [
                "custom": ["id": "#custom", "type": "object", "properties": .object(a.schemaCustom), "required": []],
                "base": ["id": "#base", "type": "object", "properties": .object(a.schemaBase), "required": ["userName"]],
            ],
            "properties": OrgStore.profileProps,
            "_links": [
                "self": ["href": .string("\(b)/api/v1/meta/schemas/apps/\(a.id)/default"), "method": "GET", "rel": "self"],
                "type": ["href": .string("\(b)/api/v1/apps/\(a.id)/user/types/\(IDs.make("oty", "apptype:" + a.id))"), "method": "GET"],
            ],
        ]
    }

    func endpointJSON(id: String, type: String) -> JSON {
        let b = baseURL
        if type == "user" {
            return [
                "id": .string(id), "name": "user", "type": "user",
                "_links": [
                    "self": ["href": .string("\(b)/api/v1/meta/types/user/\(id)")],
                    "schema": ["href": .string("\(b)/api/v1/meta/schemas/user/\(IDs.userSchemaId)")],
                ],
            ]
        }
        // An identity provider's mapping names it as an app user source, linking to /api/v1/apps/{id} (R1).
        return [
            "id": .string(id), "name": .string(apps[id]?.name ?? identityProviders[id]?.mappingSourceName ?? ""), "type": "appuser",
            "_links": [
                "self": ["href": .string("\(b)/api/v1/apps/\(id)")],
                "schema": ["href": .string("\(b)/api/v1/meta/schemas/apps/\(id)/default")],
            ],
        ]
    }

    func mappingJSON(_ m: MappingRecord, withProperties: Bool) -> JSON {
        var o: [String: JSON] = [
            "id": .string(m.id),
            "source": endpointJSON(id: m.sourceId, type: m.sourceType),
            "target": endpointJSON(id: m.targetId, type: m.targetType),
            "_links": ["self": ["href": .string("\(baseURL)/api/v1/mappings/\(m.id)")]],
        ]
        if withProperties { o["properties"] = .object(m.properties) }
        return .object(o)
    }

    // MARK: apps

    func listApps(_ q: Query) throws -> APIResult {
        let limit = try OrgStore.parseLimit(q["limit"], default: 200, max: 200)
        var filterField: String?
        var filterValue: String?
        if let f = q["filter"], !f.trimmingCharacters(in: .whitespaces).isEmpty {
            let parsed = OrgStore.parseEqFilter(f)
            guard let parsed, ["id", "status", "name", "credentials.signing.kid", "settings.slo.enabled"].contains(parsed.0) else {
                throw APIError.validation("filter", ["filter: Invalid filter expression '\(f)'. Use one 'eq' expression on id, status, name, credentials.signing.kid or settings.slo.enabled."])
            }
            filterField = parsed.0
            filterValue = parsed.1
        }
        let prefix = q["q"].map { $0.lowercased() }
        let apps = self.apps
        let match: (String) -> Bool = { id in
            guard let a = apps[id] else { return false }
            if let prefix, !prefix.isEmpty, !(a.name.lowercased().hasPrefix(prefix) || a.label.lowercased().hasPrefix(prefix)) {
                return false
            }
            if let filterField, let filterValue {
                switch filterField {
                case "id": return a.id == filterValue
                case "status": return a.status == filterValue
                case "name": return a.name == filterValue
                case "credentials.signing.kid": return a.signOnMode == "SAML_2_0" && IDs.make("", "kid:" + a.id) == filterValue
                default: return filterValue == "false"
                }
            }
            return true
        }
        let (ids, next): ([String], String?)
        if filterField == "id", let v = filterValue {
            let single = apps[v] != nil && match(v) && (q["after"].map { v > $0 } ?? true) ? [v] : []
            (ids, next) = (single, nil)
        } else {
            (ids, next) = OrgStore.page(appIds, after: q["after"], limit: limit, match: match)
        }
        return APIResult(body: .array(ids.map { appJSON(apps[$0]!) }), page: .init(nextAfter: next))
    }

    /// Parses `field eq "value"` (value may also be unquoted true/false).
    static func parseEqFilter(_ f: String) -> (String, String)? {
        let s = f.trimmingCharacters(in: .whitespaces)
        let parts = s.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, parts[1] == "eq" else { return nil }
        let field = String(parts[0])
        var value = String(parts[2]).trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast())
            if value.contains("\"") { return nil }
        } else if value != "true" && value != "false" {
            return nil
        }
        return (field, value)
    }

    func getApp(_ id: String) throws -> APIResult { APIResult(body: appJSON(try app(id))) }

    func listAppUsers(_ appId: String, _ q: Query) throws -> APIResult {
        let a = try app(appId)
        let limit = try OrgStore.parseLimit(q["limit"], default: 50, max: 500)
        let expand = q["expand"] == "user"
        let prefix = q["q"]?.lowercased()
        let users = self.users
        let (ids, next) = OrgStore.page(a.assigned, after: q["after"], limit: limit) { id in
            guard let prefix, !prefix.isEmpty else { return true }
            guard let u = users[id] else { return false }
            for k in ["login", "firstName", "lastName", "email"] {
                if let v = u.profile[k]?.stringValue, v.lowercased().hasPrefix(prefix) { return true }
            }
            return false
        }
        return APIResult(body: .array(ids.map { appUserJSON(a, users[$0]!, expand: expand) }), page: .init(nextAfter: next))
    }

    // MARK: user types

    func listUserTypes() -> APIResult { APIResult(body: .array([userTypeJSON()] + customUserTypes.map(customUserTypeJSON))) }

    func getUserType(_ id: String) throws -> APIResult {
        if let custom = customUserTypes.first(where: { $0.id == id }) { return APIResult(body: customUserTypeJSON(custom)) }
        guard id == "default" || id == IDs.userTypeId else { throw APIError.notFound("\(id) (UserType)") }
        return APIResult(body: userTypeJSON())
    }

    /// A custom user type: its own schema and mappings (OKTA-API.md R7); the simulator serves
    /// the type and which users have it.
    func customUserTypeJSON(_ type: UserTypeRecord) -> JSON {
        let b = baseURL
        let schemaId = IDs.make("osc", "userschema:" + type.id)
        return [
            "id": .string(type.id), "name": .string(type.name), "displayName": .string(type.displayName),
            "description": .string(type.displayName), "default": false,
            "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
            "createdBy": "00u1admin000000000001", "lastUpdatedBy": "00u1admin000000000001",
            "_links": [
                "self": ["href": .string("\(b)/api/v1/meta/types/user/\(type.id)"), "method": "GET", "rel": "self"],
                "schema": ["href": .string("\(b)/api/v1/meta/schemas/user/\(schemaId)"), "method": "GET", "rel": "schema"],
            ],
        ]
    }

    // MARK: schemas

    func checkUserSchemaId(_ id: String) throws {
        guard id == "default" || id == IDs.userSchemaId else { throw APIError.notFound("\(id) (Schema)") }
    }

    func getUserSchema(_ id: String) throws -> APIResult {
        try checkUserSchemaId(id)
        return APIResult(body: userSchemaAsShown())
    }

    func updateUserSchema(_ id: String, _ body: JSON) throws -> APIResult {
        try checkUserSchemaId(id)
        beginUserSchemaWrite()
        let out = try computeSchemaUpdate(body: body, base: userSchemaBase, custom: userSchemaCustom,
                                          deleted: deletedUserAttrs, isApp: false)
        userSchemaBase = out.base
        userSchemaCustom = out.custom
        let now = ContinuousClock.now
        let ts = stamp()
        for name in out.removed {
            deletedUserAttrs[name.lowercased()] = now
            for uid in userIds where users[uid]!.profile[name] != nil {
                users[uid]!.profile[name] = nil
                users[uid]!.lastUpdated = ts
            }
            for mid in mappingIds {
                let m = mappings[mid]!
                if m.targetType == "user" && m.properties[name] != nil { mappings[mid]!.properties[name] = nil }
                if m.sourceType == "user" {
                    for (k, v) in m.properties where v["expression"]?.stringValue == "user.\(name)" { mappings[mid]!.properties[k] = nil }
                }
            }
        }
        userSchemaLastUpdated = ts
        return APIResult(body: userSchemaJSON())
    }

    /// Everything a write can change, so a write can be answered without being kept.
    private struct Snapshot {
        var apps: [String: AppRecord], users: [String: UserRecord], mappings: [String: MappingRecord]
        var userSchemaBase: [String: JSON], userSchemaCustom: [String: JSON], userSchemaLastUpdated: String
        var deletedUserAttrs: [String: ContinuousClock.Instant], deletedAppAttrs: [String: [String: ContinuousClock.Instant]]
    }

    /// Runs a write and answers as Okta would, then forgets it: Okta acknowledges one of two
    /// concurrent schema writes with 200 and silently drops it.
    func answeringWithoutApplying(_ write: @Sendable (isolated OrgStore) throws -> APIResult) rethrows -> APIResult {
        let saved = Snapshot(apps: apps, users: users, mappings: mappings, userSchemaBase: userSchemaBase,
                             userSchemaCustom: userSchemaCustom, userSchemaLastUpdated: userSchemaLastUpdated,
                             deletedUserAttrs: deletedUserAttrs, deletedAppAttrs: deletedAppAttrs)
        defer {
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
        beginAppSchemaWrite(try app(appId))
        var a = try app(appId)
        let out = try computeSchemaUpdate(body: body, base: a.schemaBase, custom: a.schemaCustom,
                                          deleted: deletedAppAttrs[appId] ?? [:], isApp: true)
        a.schemaBase = out.base
        a.schemaCustom = out.custom
        a.schemaLastUpdated = stamp()
        apps[appId] = a
        let now = ContinuousClock.now
        for name in out.removed {
            deletedAppAttrs[appId, default: [:]][name.lowercased()] = now
            for mid in mappingIds {
                let m = mappings[mid]!
                if m.sourceId == appId && m.sourceType == "appuser" {
                    for (k, v) in m.properties where v["expression"]?.stringValue == "appuser.\(name)" { mappings[mid]!.properties[k] = nil }
                }
                if m.targetId == appId && m.properties[name] != nil { mappings[mid]!.properties[name] = nil }
            }
        }
        return APIResult(body: appSchemaJSON(a))
    }

    struct SchemaOutcome {
        var base: [String: JSON]
        var custom: [String: JSON]
        var removed: [String]
    }

    func computeSchemaUpdate(body: JSON, base: [String: JSON], custom: [String: JSON],
                             deleted: [String: ContinuousClock.Instant], isApp: Bool) throws -> SchemaOutcome
    {
        guard case .object(let root) = body else { throw APIError.malformed }
        var causes: [String] = []
        var newBase = base
        var newCustom = custom
        var removed: [String] = []
        let defs = root["definitions"] ?? .null
        if !defs.isNull && defs.objectValue == nil { causes.append("definitions: must be an object") }
        func props(_ section: String) -> [String: JSON] {
            guard let sec = defs[section], !sec.isNull else { return [:] }
            guard let p = sec["properties"], !p.isNull else { return [:] }
            guard let o = p.objectValue else {
                causes.append("definitions.\(section).properties: must be an object")
                return [:]
            }
            return o
        }
        let baseProps = props("base")
        let customProps = props("custom")
        let now = ContinuousClock.now
        let baseLower = Dictionary(base.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let customLower = Dictionary(custom.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })

        for name in baseProps.keys.sorted() {
            let v = baseProps[name]!
            guard let existing = base[name] else {
                causes.append("Base attribute '\(name)' does not exist; base attributes cannot be added.")
                continue
            }
            guard case .object(let o) = v else {
                causes.append("Base attribute '\(name)' cannot be removed.")
                continue
            }
            if let t = o["type"]?.stringValue, t != existing["type"]?.stringValue {
                causes.append("The type of base attribute '\(name)' cannot be changed.")
                continue
            }
            var merged = existing.objectValue ?? [:]
            for k in ["title", "description", "master", "permissions"] { if let nv = o[k] { merged[k] = nv } }
            if let m = merged["master"], !m.isNull { validateMaster(m, name: name, causes: &causes) }
            newBase[name] = .object(merged)
        }

        for name in customProps.keys.sorted() {
            let v = customProps[name]!
            if v.isNull {
                if custom[name] != nil {
                    newCustom[name] = nil
                    removed.append(name)
                }
                continue
            }
            guard case .object(let attr) = v else {
                causes.append("Property '\(name)' must be an object or null.")
                continue
            }
            let existing = custom[name]
            guard let t = attr["type"]?.stringValue, !t.isEmpty else {
                causes.append("type: The field cannot be left blank (property '\(name)').")
                continue
            }
            guard SchemaDefs.allowedTypes.contains(t) else {
                causes.append("type: Invalid type '\(t)' for property '\(name)'; use string, boolean, number, integer or array.")
                continue
            }
            if (attr["title"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                causes.append("title: The field cannot be left blank (property '\(name)').")
            }
            if let existing {
                if let et = existing["type"]?.stringValue, et != t {
                    causes.append("Cannot change the type of existing attribute '\(name)' from '\(et)' to '\(t)'.")
                    continue
                }
            } else {
                let lower = name.lowercased()
                if let other = baseLower[lower] ?? customLower[lower] {
                    causes.append("Property name '\(name)' conflicts with the existing attribute '\(other)' (names are case-insensitive).")
                    continue
                }
                if let when = deleted[lower], now - when < .milliseconds(Int64(cleanupSeconds * 1000)) {
                    causes.append("Wait until the data clean up process finishes and then try again.")
                    continue
                }
            }
            if let s = attr["scope"], !s.isNull, s != "NONE", s != "SELF" {
                causes.append("scope: Invalid value for property '\(name)'; use NONE or SELF.")
            }
            if let m = attr["master"], !m.isNull { validateMaster(m, name: name, causes: &causes) }
            newCustom[name] = OrgStore.withDefaults(.object(attr), isApp: isApp)
        }
        if !causes.isEmpty { throw APIError.validation("newSchema", causes) }
        // Okta leaves `required: false` out of custom attributes in its answers (OKTA-API.md R11).
        for (name, attribute) in newCustom {
            if case .object(var fields) = attribute, fields["required"] == .bool(false) {
                fields["required"] = nil
                newCustom[name] = .object(fields)
            }
        }
        return SchemaOutcome(base: newBase, custom: newCustom, removed: removed)
    }

    func validateMaster(_ m: JSON, name: String, causes: inout [String]) {
        guard case .object(let mo) = m, let mt = mo["type"]?.stringValue else {
            causes.append("master.type: The field cannot be left blank (property '\(name)').")
            return
        }
        guard ["PROFILE_MASTER", "OKTA", "OVERRIDE"].contains(mt) else {
            causes.append("master.type: Invalid value '\(mt)' for property '\(name)'; use PROFILE_MASTER, OKTA or OVERRIDE.")
            return
        }
        if mt == "OVERRIDE" {
            let pr = mo["priority"]?.arrayValue ?? []
            if pr.isEmpty {
                causes.append("master.priority: OVERRIDE requires at least one priority entry (property '\(name)').")
            }
            for p in pr {
                guard p["type"]?.stringValue == "APP" else {
                    causes.append("master.priority: Invalid priority type for property '\(name)'; use APP.")
                    continue
                }
                guard let v = p["value"]?.stringValue, apps[v] != nil else {
                    causes.append("master.priority: '\(p["value"]?.stringValue ?? "")' is not a valid app instance id (property '\(name)').")
                    continue
                }
            }
        } else if let pr = mo["priority"]?.arrayValue, !pr.isEmpty {
            causes.append("master.priority: priority is allowed only with master type OVERRIDE (property '\(name)').")
        }
    }

    // MARK: mappings

    func listMappings(_ q: Query) throws -> APIResult {
        let limit = try OrgStore.parseLimit(q["limit"], default: 20, max: 200)
        let src = q["sourceId"].flatMap { $0.isEmpty ? nil : $0 }
        let tgt = q["targetId"].flatMap { $0.isEmpty ? nil : $0 }
        let mappings = self.mappings
        let (ids, next) = OrgStore.page(mappingIds, after: q["after"], limit: limit) { id in
            guard let m = mappings[id] else { return false }
            if let src, m.sourceId != src { return false }
            if let tgt, m.targetId != tgt { return false }
            return true
        }
        return APIResult(body: .array(ids.map { mappingJSON(mappings[$0]!, withProperties: false) }), page: .init(nextAfter: next))
    }

    func mapping(_ id: String) throws -> MappingRecord {
        guard let m = mappings[id] else { throw APIError.notFound("\(id) (Mapping)") }
        return m
    }

    func getMapping(_ id: String) throws -> APIResult { APIResult(body: mappingJSON(try mapping(id), withProperties: true)) }

    func schemaNames(type: String, id: String) -> Set<String> {
        if type == "user" { return Set(userSchemaBase.keys).union(userSchemaCustom.keys) }
        guard let a = apps[id] else { return [] }
        return Set(a.schemaBase.keys).union(a.schemaCustom.keys)
    }

    func updateMapping(_ id: String, _ body: JSON) throws -> APIResult {
        var m = try mapping(id)
        guard case .object(let root) = body else { throw APIError.malformed }
        guard let props = root["properties"]?.objectValue else {
            throw APIError.validation("updateMapping", ["properties: The field cannot be left blank."])
        }
        let targetNames = schemaNames(type: m.targetType, id: m.targetId)
        let sourceNames = schemaNames(type: m.sourceType, id: m.sourceId)
        let fromApp = m.sourceType == "appuser"
        let mastering = fromApp && (apps[m.sourceId]?.mastering ?? false)
        let sourcePrefix = fromApp ? "appuser." : "user."
        var causes: [String] = []
        var newProps = m.properties
        for name in props.keys.sorted() {
            let v = props[name]!
            if v.isNull {
                newProps[name] = nil
                continue
            }
            guard case .object(let po) = v else {
                causes.append("Property '\(name)' must be an object or null.")
                continue
            }
            guard let expr = po["expression"]?.stringValue, !expr.trimmingCharacters(in: .whitespaces).isEmpty else {
                causes.append("expression: The field cannot be left blank (property '\(name)').")
                continue
            }
            guard targetNames.contains(name) else {
                causes.append("Invalid property '\(name)': it does not exist in the target schema.")
                continue
            }
            if let ref = OrgStore.simpleReference(expr) {
                if ref.prefix != sourcePrefix {
                    causes.append("Invalid expression '\(expr)': the source is referenced as '\(sourcePrefix.dropLast())'.")
                    continue
                }
                if !sourceNames.contains(ref.attribute) {
                    causes.append("Invalid expression '\(expr)': '\(ref.attribute)' does not exist in the source schema.")
                    continue
                }
            }
            var status: String
            if let ps = po["pushStatus"], !ps.isNull {
                guard let s = ps.stringValue, s == "PUSH" || s == "DONT_PUSH" else {
                    causes.append("pushStatus: Invalid value for property '\(name)'; use PUSH or DONT_PUSH.")
                    continue
                }
                status = s
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
            newProps[name] = ["expression": .string(expr), "pushStatus": .string(status)]
        }
        if !causes.isEmpty { throw APIError.validation("updateMapping", causes) }
        m.properties = newProps
        mappings[id] = m
        return APIResult(body: mappingJSON(m, withProperties: true))
    }

    /// `appuser.x` / `user.x` with a plain attribute name.
    static func simpleReference(_ expr: String) -> (prefix: String, attribute: String)? {
        let e = expr.trimmingCharacters(in: .whitespaces)
        for p in ["appuser.", "user."] where e.hasPrefix(p) {
            let attr = String(e.dropFirst(p.count))
            if !attr.isEmpty, attr.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return (p, attr) }
        }
        return nil
    }

    // MARK: console

    func setProfileSourcing(_ appId: String, _ body: JSON) throws -> APIResult {
        var a = try app(appId)
        guard case .object(let o) = body else { throw APIError.malformed }
        guard let enabled = o["enabled"]?.boolValue else {
            throw APIError.validation("profileSourcing", ["enabled: The field must be true or false."])
        }
        guard a.provisioning else {
            throw APIError.validation("profileSourcing", ["Provisioning is not enabled for the app instance."])
        }
        let action = o["deactivationAction"]?.stringValue ?? "DEACTIVATE"
        guard ["NONE", "DEACTIVATE", "SUSPEND"].contains(action) else {
            throw APIError.validation("profileSourcing", ["deactivationAction: use NONE, DEACTIVATE or SUSPEND."])
        }
        if enabled {
            if !a.features.contains("PROFILE_MASTERING") { a.features.append("PROFILE_MASTERING") }
            a.deactivationAction = action
            if !sourceOrder.contains(appId) { sourceOrder.append(appId) }
        } else {
            a.features.removeAll { $0 == "PROFILE_MASTERING" }
            a.deactivationAction = nil
            sourceOrder.removeAll { $0 == appId }
        }
        a.lastUpdated = stamp()
        apps[appId] = a
        return APIResult(body: consoleJSON())
    }

    func setSourceOrder(_ body: JSON) throws -> APIResult {
        guard case .object(let o) = body else { throw APIError.malformed }
        guard let arr = o["order"]?.arrayValue else {
            throw APIError.validation("profileSources", ["order: The field cannot be left blank."])
        }
        let ids = arr.compactMap { $0.stringValue }
        guard ids.count == arr.count, Set(ids).count == ids.count, Set(ids) == Set(sourceOrder) else {
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
        let m = try mapping(mappingId)
        guard m.sourceType == "appuser", m.targetType == "user", let a = apps[m.sourceId] else {
            throw APIError.validation("applyUpdates", ["Apply updates now is available for app-to-Okta mappings only."])
        }
        let ts = stamp()
        var updated = 0
        var written = 0
        var skipped: [JSON] = []
        for uid in a.assigned {
            guard var u = users[uid] else { continue }
            let prof = appUserProfile(a, u)
            var changed = false
            for name in m.properties.keys.sorted() {
                guard let expr = m.properties[name]?["expression"]?.stringValue,
                      let ref = OrgStore.simpleReference(expr), ref.prefix == "appuser.",
                      let value = prof[ref.attribute], !value.isNull else { continue }
                let targetType = (userSchemaCustom[name] ?? userSchemaBase[name])?["type"]?.stringValue
                if let targetType, targetType != value.typeName && !(targetType == "number" && value.typeName == "integer") {
                    skipped.append(["userId": .string(uid), "property": .string(name), "reason": .string("type mismatch: \(value.typeName) into \(targetType)")])
                    continue
                }
                if u.profile[name] != value {
                    u.profile[name] = value
                    changed = true
                    written += 1
                }
            }
            if changed {
                u.lastUpdated = ts
                users[uid] = u
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
            let a = apps[id]!
            var o: [String: JSON] = [
                "id": .string(a.id), "name": .string(a.name), "label": .string(a.label), "status": .string(a.status),
                "signOnMode": a.signOnMode.map { .string($0) } ?? .null, "features": .array(a.features.map { .string($0) }),
                "provisioning": .bool(a.provisioning), "created": .string(a.created), "lastUpdated": .string(a.lastUpdated),
                "deactivationAction": a.deactivationAction.map { .string($0) } ?? .null,
                "assignedUserIds": .array(a.assigned.map { .string($0) }),
                "schema": ["lastUpdated": .string(a.schemaLastUpdated), "custom": .object(a.schemaCustom)],
            ]
            if a.schemaBase.count != (a.provisioning ? 5 : 1) || a.schemaBase != SchemaDefs.appBase(provisioning: a.provisioning) {
                o["schema"] = ["lastUpdated": .string(a.schemaLastUpdated), "custom": .object(a.schemaCustom), "base": .object(a.schemaBase)]
            }
            appsOut.append(.object(o))
        }
        return [
            "apps": .array(appsOut),
            "mappings": .array(mappingIds.map { id in
                let m = mappings[id]!
                return ["id": .string(m.id), "sourceId": .string(m.sourceId), "sourceType": .string(m.sourceType),
                        "targetId": .string(m.targetId), "targetType": .string(m.targetType), "properties": .object(m.properties)]
            }),
            "profileSourceOrder": .array(sourceOrder.map { .string($0) }),
            "userSchema": ["id": .string(IDs.userSchemaId), "created": .string(userSchemaCreated),
                           "lastUpdated": .string(userSchemaLastUpdated), "base": .object(userSchemaBase), "custom": .object(userSchemaCustom)],
            "userTypes": [["id": .string(IDs.userTypeId), "name": "user", "default": true]],
            "users": .array(userIds.map { id in
                let u = users[id]!
                return ["id": .string(u.id), "login": .string(u.login), "status": .string(u.status),
                        "lastUpdated": .string(u.lastUpdated), "profile": .object(u.profile), "appSideData": .object(u.appSide)]
            }),
        ]
    }
}
