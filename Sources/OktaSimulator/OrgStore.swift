import Foundation

/// The simulated org: its state, and how a seed builds it. The endpoints live in extensions
/// by concern: OrgStore+Apps, +UserTypes, +Schemas, +SchemaValidation, +Mappings, +Console,
/// +Paging (and SchemaVisibility, IdentityProviders, AdminRoles).
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
    /// Each custom user type's own schema, by type id.
    var typeSchemas: [String: TypeSchemaRecord] = [:]
    /// How long a schema write stays invisible to reads (docs/REAL-ORGS.md R5); zero: at once.
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
        let seedTime = SeedConstants.seedTime
        // Users
        var userIdsInSeedOrder: [String] = []
        var users: [String: UserRecord] = [:]
        users.reserveCapacity(seed.users.count)
        for number in 1...max(1, seed.users.count) {
            let id = IDs.make("00u", "user:\(number)")
            let login = seed.users.logins?[String(number)] ?? "user\(SeedConstants.pad(number, 4))@example.com"
            let first = SeedConstants.firstNames[(number - 1) % 20]
            let last = SeedConstants.lastNames[((number - 1) / 20) % 20]
            users[id] = UserRecord(
                id: id, login: login, status: "ACTIVE", created: seedTime, lastUpdated: seedTime,
                profile: ["login": .string(login), "email": .string(login), "firstName": .string(first), "lastName": .string(last)],
                appSide: [
                    SeedConstants.dialpadExternalName: .string(SeedConstants.dialpadNumber(number)),
                    SeedConstants.mobileExternalName: .string(SeedConstants.mobileNumber(number)),
                ])
            userIdsInSeedOrder.append(id)
        }
        func firstUserIds(_ count: Int?) -> [String] {
            guard let count, count != 0 else { return [] }
            let taken = count < 0 ? userIdsInSeedOrder.count : min(count, userIdsInSeedOrder.count)
            return Array(userIdsInSeedOrder[0..<taken]).sorted()
        }

        var apps: [String: AppRecord] = [:]
        var mappings: [String: MappingRecord] = [:]
        var appIdByKey: [String: String] = [:]
        let defaultProvisioningFeatures = ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES",
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
        let provisioningSchemaBase = SchemaDefs.appBase(provisioning: true)
        let ssoSchemaBase = SchemaDefs.appBase(provisioning: false)

        func addApp(_ seedApp: SeedApp) {
            let id = IDs.make("0oa", "app:" + seedApp.key)
            appIdByKey[seedApp.key] = id
            let provisioning = seedApp.provisioning ?? false
            let features = seedApp.features ?? (provisioning ? defaultProvisioningFeatures : [])
            var custom: [String: JSON] = [:]
            for (name, attribute) in seedApp.customAttributes ?? [:] { custom[name] = OrgStore.withDefaults(attribute, isApp: true) }
            let mastering = features.contains("PROFILE_MASTERING")
            apps[id] = AppRecord(
                id: id, key: seedApp.key, name: seedApp.name, label: seedApp.label, signOnMode: seedApp.signOnMode,
                status: seedApp.status ?? "ACTIVE",
                features: features, provisioning: provisioning, created: seedApp.created ?? seedTime, lastUpdated: max(seedApp.created ?? seedTime, seedTime),
                deactivationAction: mastering ? (seedApp.deactivationAction ?? "DEACTIVATE") : nil,
                url: seedApp.url, assigned: firstUserIds(seedApp.assign), schemaCustom: custom,
                schemaBase: provisioning ? provisioningSchemaBase : ssoSchemaBase,
                schemaCreated: seedTime, schemaLastUpdated: seedTime)
            if let seededProperties = seedApp.mappingToOkta {
                let mappingId = IDs.make("prm", "map:\(seedApp.key):toOkta")
                var properties: [String: JSON] = [:]
                for (name, property) in seededProperties {
                    var fields = property.objectValue ?? [:]
                    if fields["pushStatus"] == nil { fields["pushStatus"] = .string(mastering ? "PUSH" : "DONT_PUSH") }
                    properties[name] = .object(fields)
                }
                mappings[mappingId] = MappingRecord(id: mappingId, sourceId: id, sourceType: "appuser", targetId: IDs.userTypeId,
                                                    targetType: "user", properties: properties)
            }
            if provisioning {
                let mappingId = IDs.make("prm", "map:\(seedApp.key):fromOkta")
                mappings[mappingId] = MappingRecord(id: mappingId, sourceId: IDs.userTypeId, sourceType: "user", targetId: id,
                                                    targetType: "appuser", properties: seedApp.mappingFromOkta ?? defaultFromOkta)
            }
        }
        for seedApp in seed.apps { addApp(seedApp) }
        if let generation = seed.generate, let total = generation.totalApps {
            var fillerNumber = 0
            while apps.count < total {
                fillerNumber += 1
                let padded = SeedConstants.pad(fillerNumber, 5)
                if let every = generation.provisioningEvery, every > 0, fillerNumber % every == 0 {
                    addApp(SeedApp(key: "filler\(padded)", name: "scimapp\(padded)", label: "SCIM App \(padded)", signOnMode: "SAML_2_0",
                                   provisioning: true, assign: generation.provisioningAssign, mappingToOkta: defaultToOkta))
                } else if fillerNumber % 2 == 1 {
                    addApp(SeedApp(key: "filler\(padded)", name: "bookmark", label: "Bookmark \(padded)", signOnMode: "BOOKMARK",
                                   mappingToOkta: generation.mapEveryApp == true ? [:] : nil,
                                   url: "https://intranet.example.com/b/\(padded)"))
                } else {
                    addApp(SeedApp(key: "filler\(padded)", name: "samlapp\(padded)", label: "SAML App \(padded)", signOnMode: "SAML_2_0",
                                   mappingToOkta: generation.mapEveryApp == true ? [:] : nil))
                }
            }
        }
        var custom: [String: JSON] = [:]
        for (name, attribute) in seed.userSchemaCustom ?? [:] {
            var attribute = attribute
            // seeds may refer to apps by key in OVERRIDE priorities: "app:<key>"
            if case .object(var fields) = attribute, case .object(var master) = fields["master"] ?? .null,
               let priority = master["priority"]?.arrayValue {
                master["priority"] = .array(priority.map { entry in
                    guard case .object(var entryFields) = entry, let value = entryFields["value"]?.stringValue, value.hasPrefix("app:") else {
                        return entry
                    }
                    entryFields["value"] = .string(appIdByKey[String(value.dropFirst(4))] ?? value)
                    return .object(entryFields)
                })
                fields["master"] = .object(master)
                attribute = .object(fields)
            }
            custom[name] = OrgStore.withDefaults(attribute, isApp: false)
        }
        if let count = seed.generate?.userAttributes, count > 0 {
            for number in 1...count {
                let name = "attr" + SeedConstants.pad(number, 4)
                custom[name] = OrgStore.withDefaults(["title": .string("Attribute \(SeedConstants.pad(number, 4))"), "type": "string"],
                                                     isApp: false)
            }
        }
        if let attributeName = seed.copyDialpadNumberTo, let dialpadId = appIdByKey["dialpad"], let app = apps[dialpadId] {
            for userId in app.assigned {
                if let dialpadNumber = users[userId]?.appSide[SeedConstants.dialpadExternalName] { users[userId]!.profile[attributeName] = dialpadNumber }
            }
        }
        var order: [String] = []
        if let seededOrder = seed.profileSourceOrder {
            order = seededOrder.compactMap { appIdByKey[$0] }
        } else {
            order = seed.apps.compactMap { appIdByKey[$0.key] }.filter { apps[$0]?.mastering == true }
        }

        var identityProviders: [String: IdentityProviderRecord] = [:]
        for seedProvider in seed.identityProviders ?? [] {
            let id = IDs.make("0oa", "idp:" + seedProvider.key)
            identityProviders[id] = IdentityProviderRecord(id: id, key: seedProvider.key, type: seedProvider.type, name: seedProvider.name,
                                                           profileMaster: seedProvider.profileMaster ?? false, created: seedTime)
            let mappingId = IDs.make("prm", "map:idp:\(seedProvider.key):toOkta")
            mappings[mappingId] = MappingRecord(id: mappingId, sourceId: id, sourceType: "appuser", targetId: IDs.userTypeId, targetType: "user",
                                                properties: ["email": ["expression": "idpuser.email", "pushStatus": "DONT_PUSH"]])
        }
        self.identityProviders = identityProviders
        var customUserTypes: [UserTypeRecord] = []
        var typeSchemas: [String: TypeSchemaRecord] = [:]
        // Every source maps into every user type (R30): each inbound mapping of the default type
        // has its twin for each custom type.
        let inboundToDefault = mappings.values.filter { $0.sourceType == "appuser" && $0.targetType == "user" && $0.targetId == IDs.userTypeId }
        for type in seed.userTypes ?? [] {
            let record = UserTypeRecord(id: IDs.make("oty", "usertype:" + type.key), name: type.name, displayName: type.displayName)
            customUserTypes.append(record)
            typeSchemas[record.id] = TypeSchemaRecord(created: seedTime, lastUpdated: seedTime)
            for mapping in inboundToDefault {
                let id = IDs.make("prm", "\(mapping.id):type:\(type.key)")
                mappings[id] = MappingRecord(id: id, sourceId: mapping.sourceId, sourceType: "appuser", targetId: record.id,
                                             targetType: "user", properties: mapping.properties)
            }
            for (index, id) in userIdsInSeedOrder.enumerated()
            where type.every > 0 && (index + 1) % type.every == 0 && users[id]?.typeId == IDs.userTypeId {
                users[id]?.typeId = record.id
            }
        }
        self.customUserTypes = customUserTypes
        self.typeSchemas = typeSchemas
        self.identityProviderIds = identityProviders.keys.sorted()

        // Seeded orgs have been imported from where import is on: app users hold the app's values as of the seed.
        for (id, app) in apps where app.provisioning && app.canImport {
            for userId in app.assigned { if let user = users[userId] { apps[id]!.imported[userId] = OrgStore.valuesFromApp(app, user) } }
            apps[id]!.lastImport = seedTime
        }
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

    /// A `lastUpdated` timestamp, each one later than the one before.
    func stamp() -> String {
        var milliseconds = Int((Date().timeIntervalSince1970 * 1000).rounded(.down))
        if milliseconds <= lastStampMs { milliseconds = lastStampMs + 1 }
        lastStampMs = milliseconds
        return Clock.iso(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
