import Foundation

/// An org built from a support bundle's answers (issue 24, `simulator --replay FILE`): the
/// apps, user types, schemas, mappings, identity providers, app users and users as the
/// customer's org answered them, on which the simulator then plays its own rules. The first
/// answer for a resource wins: what a run read before it wrote is the org as it was.
/// The simulator shares no code with the client: it reads the bundle as wire JSON, and a
/// bundle is untrusted input, bounded in size, nesting and counts.
struct ReplayOrg: Sendable {
    var apps: [AppRecord] = []
    var users: [String: UserRecord] = [:]
    var mappings: [String: MappingRecord] = [:]
    var identityProviders: [IdentityProviderRecord] = []
    var customUserTypes: [UserTypeRecord] = []
    var typeSchemas: [String: TypeSchemaRecord] = [:]
    var userSchemaBase: [String: JSON]?
    var userSchemaCustom: [String: JSON] = [:]
    /// What the bundle could not tell, for the simulator's log ("not in the bundle").
    var notInBundle: [String] = []

    enum Limits {
        static let fileBytes = 32 * 1024 * 1024
        static let nesting = 48
        static let exchanges = 50_000
        static let apps = 20_000
        static let users = 200_000
        static let mappings = 20_000
        static let attributes = 2_000
        static let userTypes = 100
    }

    static func failure(_ path: String, _ why: String) -> SimulatorError {
        SimulatorError(code: "bundle-invalid", message: "Cannot replay the support bundle \(path): \(why).")
    }

    static func load(path: String) throws -> ReplayOrg {
        let url = URL(fileURLWithPath: path)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int else {
            throw failure(path, "it does not exist or cannot be read")
        }
        guard size <= Limits.fileBytes else { throw failure(path, "it is larger than \(Limits.fileBytes / 1_048_576) MB") }
        guard let data = try? Data(contentsOf: url) else { throw failure(path, "it cannot be read") }
        return try parse(data, path: path)
    }

    /// The deepest nesting of arrays and objects, counted before any parser recurses into it.
    static func nesting(_ data: Data) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    static func parse(_ data: Data, path: String) throws -> ReplayOrg {
        guard nesting(data) <= Limits.nesting else { throw failure(path, "it nests deeper than \(Limits.nesting) levels") }
        guard let document = try? JSON.parse(data) else { throw failure(path, "it is not JSON") }
        guard document["format"]?.stringValue == "dialpad-okta-support-bundle", let exchanges = document["exchanges"]?.arrayValue else {
            throw failure(path, "it is not a dialpad-okta support bundle (no format or exchanges)")
        }
        guard exchanges.count <= Limits.exchanges else { throw failure(path, "it holds more than \(Limits.exchanges) exchanges") }
        var builder = Builder()
        for (index, exchange) in exchanges.enumerated() {
            // A re-read that found what an earlier exchange did holds a reference to that one's
            // body (only backwards, so a reference never loops).
            var exchange = exchange
            if case .int(let earlier)? = exchange["sameAs"], exchange["body"] == nil, case .object(var fields) = exchange {
                guard earlier >= 0, earlier < index, let body = exchanges[earlier]["body"] else {
                    throw failure(path, "exchange \(index): sameAs names no earlier exchange with a body")
                }
                fields["body"] = body
                exchange = .object(fields)
            }
            do { try builder.take(exchange) } catch let error as BuildError { throw failure(path, "exchange \(index): \(error.why)") }
        }
        var org = try builder.finish(path: path)
        // A bundle cut at its size limit holds the run's beginning: what the rest read is not known.
        if case .int(let dropped)? = document["header"]?["droppedExchanges"], dropped > 0 {
            org.notInBundle.append("the run's last \(dropped) exchanges, left out past the bundle's size limit")
        }
        return org
    }

    struct BuildError: Error { var why: String }

    /// Reads each answer once, in the bundle's order.
    struct Builder {
        var apps: [String: JSON] = [:]
        var appOrder: [String] = []
        var appSchemas: [String: JSON] = [:]
        var appUsers: [String: [String: JSON]] = [:]
        var appUsersTruncated: Set<String> = []
        var users: [String: JSON] = [:]
        var userTypes: [JSON]?
        var schemas: [String: JSON] = [:]
        var mappings: [String: JSON] = [:]
        var mappingOrder: [String] = []
        var identityProviders: [String: JSON] = [:]
        var providerOrder: [String] = []

        mutating func take(_ exchange: JSON) throws {
            guard exchange["method"]?.stringValue == "GET", case .int(let status)? = exchange["status"], (200..<300).contains(status),
                  let path = exchange["path"]?.stringValue, let body = exchange["body"] else { return }
            let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return }
            let rest = Array(parts.dropFirst(2))
            let items = body.arrayValue ?? [body]
            switch (rest[0], rest.count) {
            case ("apps", 1), ("apps", 2):
                for app in items { try keepApp(app) }
            case ("apps", 3) where rest[2] == "users", ("apps", 4) where rest[2] == "users":
                try keepApp(nil, id: rest[1])
                for appUser in items { try keepAppUser(appUser, appId: rest[1]) }
                if rest.count == 3, let link = exchange["headers"]?["Link"]?.stringValue, link.contains("rel=\"next\"") { appUsersTruncated.insert(rest[1]) }
            case ("users", 1), ("users", 2):
                for user in items { try keepUser(user) }
            case ("mappings", _):
                for mapping in items {
                    guard let id = try identifier(mapping) else { continue }
                    if mappings[id] == nil { mappingOrder.append(id); guard mappings.count < Limits.mappings else { throw BuildError(why: "more than \(Limits.mappings) mappings") } }
                    // A listing leaves the properties out; the mapping read by its id has them.
                    if mappings[id]?["properties"] == nil { mappings[id] = mapping }
                }
            case ("idps", 1):
                for provider in items {
                    guard let id = try identifier(provider), identityProviders[id] == nil else { continue }
                    identityProviders[id] = provider
                    providerOrder.append(id)
                }
            case ("meta", 3) where rest[1] == "types":
                if userTypes == nil { userTypes = items }
            case ("meta", 4) where rest[1] == "schemas" && rest[2] == "user":
                if schemas[rest[3]] == nil { schemas[rest[3]] = body }
            case ("meta", 5) where rest[1] == "schemas" && rest[2] == "apps":
                if appSchemas[rest[3]] == nil { appSchemas[rest[3]] = body }
            default:
                break
            }
        }

        /// Okta's ids: a three-character kind and base62 (`00u…`, `oty…`), 15 to 24 long.
        static func isOktaId(_ id: String) -> Bool {
            (15...24).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }

        func identifier(_ value: JSON) throws -> String? {
            guard let id = value["id"]?.stringValue else { return nil }
            guard (1...64).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw BuildError(why: "an id that is not an Okta id")
            }
            return id
        }

        mutating func keepApp(_ app: JSON?, id given: String? = nil) throws {
            let id: String
            if let app { guard let found = try identifier(app) else { return }; id = found } else if let given { id = given } else { return }
            if apps[id] == nil {
                guard apps.count < Limits.apps else { throw BuildError(why: "more than \(Limits.apps) apps") }
                appOrder.append(id)
                apps[id] = app ?? .null
            } else if apps[id] == .null, let app {
                apps[id] = app
            }
        }

        mutating func keepAppUser(_ appUser: JSON, appId: String) throws {
            guard let id = try identifier(appUser) else { return }
            guard users.count < Limits.users else { throw BuildError(why: "more than \(Limits.users) users") }
            if appUsers[appId]?[id] == nil { appUsers[appId, default: [:]][id] = appUser }
            if let user = appUser["_embedded"]?["user"] { try keepUser(user) }
        }

        mutating func keepUser(_ user: JSON) throws {
            guard let id = try identifier(user), users[id] == nil else { return }
            guard users.count < Limits.users else { throw BuildError(why: "more than \(Limits.users) users") }
            users[id] = user
        }

        static func properties(_ schema: JSON?, _ part: String) throws -> [String: JSON]? {
            guard let properties = schema?["definitions"]?[part]?["properties"]?.objectValue else { return nil }
            guard properties.count <= Limits.attributes else { throw BuildError(why: "a schema with more than \(Limits.attributes) attributes") }
            return properties
        }

        func finish(path: String) throws -> ReplayOrg {
            var org = ReplayOrg()
            let seedTime = SeedConstants.seedTime
            // The default type: the simulator's own id stands for the recorded one everywhere.
            let types = userTypes ?? []
            guard types.count <= Limits.userTypes else { throw failure(path, "more than \(Limits.userTypes) user types") }
            // As Okta's: each type's id its own and id-shaped, and one default.
            var typeIds: Set<String> = []
            for type in types {
                guard let id = type["id"]?.stringValue else { throw failure(path, "a user type without an id") }
                guard Self.isOktaId(id) else { throw failure(path, "a user type's id that is not an Okta id") }
                guard typeIds.insert(id).inserted else { throw failure(path, "two user types with the id \(id)") }
            }
            guard types.filter({ $0["default"]?.boolValue == true }).count <= 1 else { throw failure(path, "two default user types") }
            let recordedDefault = types.first { $0["default"]?.boolValue == true }?["id"]?.stringValue
            func typeId(_ id: String?) -> String { id == nil || id == recordedDefault ? IDs.userTypeId : id! }
            let recordedDefaultSchema = types.first { $0["default"]?.boolValue == true }?["_links"]?["schema"]?["href"]?.stringValue
                .flatMap { $0.split(separator: "/").last.map(String.init) }
            if userTypes == nil { org.notInBundle.append("user types") }
            for type in types where type["default"]?.boolValue != true {
                guard let id = type["id"]?.stringValue else { continue }
                let record = UserTypeRecord(id: id, name: type["name"]?.stringValue ?? id, displayName: type["displayName"]?.stringValue ?? id)
                org.customUserTypes.append(record)
                let schemaId = type["_links"]?["schema"]?["href"]?.stringValue.flatMap { $0.split(separator: "/").last.map(String.init) } ?? record.schemaId
                var schema = TypeSchemaRecord(created: seedTime, lastUpdated: seedTime)
                if let recorded = schemas[schemaId] {
                    if let base = try Self.properties(recorded, "base") { schema.base = base }
                    schema.custom = try Self.properties(recorded, "custom") ?? [:]
                } else {
                    org.notInBundle.append("the schema of user type \(id)")
                }
                org.typeSchemas[id] = schema
            }
            let defaultSchema = schemas["default"] ?? recordedDefaultSchema.flatMap { schemas[$0] }
            if defaultSchema == nil { org.notInBundle.append("the default user schema") }
            org.userSchemaBase = try Self.properties(defaultSchema, "base")
            org.userSchemaCustom = try Self.properties(defaultSchema, "custom") ?? [:]

            // Users, as their profiles were recorded.
            for (id, user) in users {
                let profile = user["profile"]?.objectValue ?? [:]
                org.users[id] = UserRecord(id: id, typeId: typeId(user["type"]?["id"]?.stringValue), login: profile["login"]?.stringValue ?? id,
                                           status: user["status"]?.stringValue ?? "ACTIVE", created: seedTime, lastUpdated: seedTime,
                                           profile: profile, appSide: [:])
            }

            let provisioningFeatures: Set<String> = ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PROFILE_MASTERING"]
            for id in appOrder {
                let app = apps[id] ?? .null
                if app == .null { org.notInBundle.append("app \(id) (only its users were read)") }
                let features = (app["features"]?.arrayValue ?? []).compactMap(\.stringValue)
                let provisioning = !provisioningFeatures.isDisjoint(with: features)
                let schema = appSchemas[id]
                let custom = try Self.properties(schema, "custom") ?? [:]
                // An app user whose user the bundle never held (listed without expand=user, or
                // cut short) is left out and named: the org cannot serve a user it does not have.
                var recordedUsers = appUsers[id] ?? [:]
                let orphans = recordedUsers.keys.filter { org.users[$0] == nil }.sorted()
                for orphan in orphans {
                    recordedUsers[orphan] = nil
                    org.notInBundle.append("user \(orphan), assigned to app \(id)")
                }
                var assigned = recordedUsers.keys.sorted()
                // A listing that had more pages than the run read: one stand-in user keeps the
                // first page's `next` link, so a replayed run reads the same pages.
                if appUsersTruncated.contains(id) {
                    let standIn = "00u" + String(repeating: "z", count: 17)
                    if org.users[standIn] == nil {
                        org.users[standIn] = UserRecord(id: standIn, login: "not-in-bundle@example.com", status: "ACTIVE", created: seedTime,
                                                        lastUpdated: seedTime, profile: ["login": "not-in-bundle@example.com"], appSide: [:])
                    }
                    assigned.append(standIn)
                    org.notInBundle.append("app \(id)'s users after the first page")
                }
                var record = AppRecord(
                    id: id, key: id, name: app["name"]?.stringValue ?? id, label: app["label"]?.stringValue ?? id,
                    signOnMode: app["signOnMode"]?.stringValue, status: app["status"]?.stringValue ?? "ACTIVE", features: features,
                    provisioning: provisioning, created: seedTime, lastUpdated: app["lastUpdated"]?.stringValue ?? seedTime,
                    deactivationAction: features.contains("PROFILE_MASTERING") ? "DEACTIVATE" : nil, url: nil, assigned: assigned,
                    schemaCustom: custom, schemaBase: try Self.properties(schema, "base") ?? SchemaDefs.appBase(provisioning: provisioning),
                    schemaCreated: seedTime, schemaLastUpdated: seedTime)
                if schema == nil { org.notInBundle.append("app \(id)'s user schema") }
                // App users hold what the app had at the last import: the recorded values.
                var lastSync: String?
                for (userId, appUser) in recordedUsers {
                    let profile = appUser["profile"]?.objectValue ?? [:]
                    var imported: [String: JSON] = [:]
                    for name in custom.keys { if let value = profile[name], !value.isNull { imported[name] = value } }
                    if !imported.isEmpty { record.imported[userId] = imported }
                    for (name, attribute) in custom {
                        if let external = attribute["externalName"]?.stringValue, let value = profile[name], !value.isNull {
                            org.users[userId]?.appSide[external] = value
                        }
                    }
                    if let synced = appUser["lastSync"]?.stringValue { lastSync = max(lastSync ?? synced, synced) }
                }
                record.lastImport = lastSync
                for (userId, appUser) in recordedUsers {
                    if let synced = appUser["lastSync"]?.stringValue, synced != lastSync { record.pushedSince[userId] = synced }
                }
                org.apps.append(record)
            }

            for id in mappingOrder {
                let mapping = mappings[id] ?? .null
                guard let sourceId = mapping["source"]?["id"]?.stringValue, let targetId = mapping["target"]?["id"]?.stringValue else { continue }
                let sourceType = mapping["source"]?["type"]?.stringValue ?? "appuser"
                let targetType = mapping["target"]?["type"]?.stringValue ?? "user"
                if mapping["properties"] == nil { org.notInBundle.append("mapping \(id)'s properties") }
                org.mappings[id] = MappingRecord(id: id, sourceId: sourceType == "user" ? typeId(sourceId) : sourceId, sourceType: sourceType,
                                                 targetId: targetType == "user" ? typeId(targetId) : targetId, targetType: targetType,
                                                 properties: mapping["properties"]?.objectValue ?? [:])
            }
            for id in providerOrder {
                let provider = identityProviders[id] ?? .null
                org.identityProviders.append(IdentityProviderRecord(
                    id: id, key: id, type: provider["type"]?.stringValue ?? "SAML2", name: provider["name"]?.stringValue ?? id,
                    profileMaster: provider["policy"]?["provisioning"]?["profileMaster"]?.boolValue ?? false, created: seedTime))
            }
            return org
        }
    }
}

extension OrgStore {
    /// The org becomes the bundle's, whole: nothing of the seed stays.
    func replace(with org: ReplayOrg) {
        apps = Dictionary(uniqueKeysWithValues: org.apps.map { ($0.id, $0) })
        appIds = apps.keys.sorted()
        users = org.users
        userIds = users.keys.sorted()
        mappings = org.mappings
        mappingIds = mappings.keys.sorted()
        identityProviders = Dictionary(uniqueKeysWithValues: org.identityProviders.map { ($0.id, $0) })
        identityProviderIds = identityProviders.keys.sorted()
        customUserTypes = org.customUserTypes
        typeSchemas = org.typeSchemas
        if let base = org.userSchemaBase { userSchemaBase = base }
        userSchemaCustom = org.userSchemaCustom
        sourceOrder = org.apps.filter(\.mastering).map(\.id)
    }
}

extension OktaSimulator {
    /// What a support bundle does not tell of its org (a schema never read, a mapping only
    /// listed): there the replayed org answers by the simulator's own rules.
    package static func notInBundle(_ path: String) throws -> [String] { try ReplayOrg.load(path: path).notInBundle }
}
