import Foundation

// MARK: - Records

struct AppRecord: Sendable {
    var id: String
    var key: String
    var name: String
    var label: String
    var signOnMode: String?
    var status: String
    var features: [String]
    var provisioning: Bool
    var created: String
    var lastUpdated: String
    var deactivationAction: String?
    var url: String?
    /// Assigned user ids, sorted.
    var assigned: [String]
    var schemaCustom: [String: JSON]
    var schemaBase: [String: JSON]
    var schemaCreated: String
    var schemaLastUpdated: String
    /// When Okta last imported from the app (Import Now, or the schedule): app users show the
    /// app's values as of then, never before (docs/REAL-ORGS.md R3).
    var lastImport: String?
    /// The custom attributes' values each app user got at the last import, by user id.
    var imported: [String: [String: JSON]] = [:]
    /// App users whose `lastSync` moved after `lastImport`, by user id: a push to the app moves
    /// it as an import does (docs/REAL-ORGS.md R20).
    var pushedSince: [String: String] = [:]

    var mastering: Bool { features.contains("PROFILE_MASTERING") }
    /// Okta imports from the app only with "To Okta" import on: recorded SCIM apps often push only (R21).
    var canImport: Bool { features.contains("IMPORT_NEW_USERS") || features.contains("IMPORT_PROFILE_UPDATES") }
    var pushesProfileUpdates: Bool { provisioning && features.contains("PUSH_PROFILE_UPDATES") }

    func isAssigned(_ userId: String) -> Bool {
        var low = 0, high = assigned.count
        while low < high {
            let middle = (low + high) / 2
            if assigned[middle] < userId { low = middle + 1 } else { high = middle }
        }
        return low < assigned.count && assigned[low] == userId
    }
}

struct UserTypeRecord: Sendable {
    var id: String
    var name: String
    var displayName: String

    /// Its user schema's id: recorded orgs give the schema the type id's tail after `osc`
    /// (`otykwukf1vbl1j1rA1d7` has `osckwukf1vbl1j1rA1d7`; VCR `TestAccDataSourceOktaUserType_read`).
    var schemaId: String { "osc" + id.dropFirst(3) }
}

/// A custom user type's own user schema (docs/REAL-ORGS.md R30): the base attributes, and
/// custom attributes of its own, written and validated as the default type's.
struct TypeSchemaRecord: Sendable {
    var base: [String: JSON] = SchemaDefs.userBase
    var custom: [String: JSON] = [:]
    var created: String
    var lastUpdated: String
    var deleted: [String: ContinuousClock.Instant] = [:]
    /// What reads show while a write to it is not visible yet (R5).
    var shown: ShownSchema?
}

struct UserRecord: Sendable {
    var id: String
    /// The user's type; the default type's id for most.
    var typeId: String = IDs.userTypeId
    var login: String
    var status: String
    var created: String
    var lastUpdated: String
    var profile: [String: JSON]
    /// Data held by the app side (e.g. Dialpad), keyed by SCIM externalName.
    var appSide: [String: JSON]
}

/// An identity provider: its inbound mapping is listed beside the apps' with a `0oa…` id
/// that `GET /api/v1/apps/{id}` does not know (docs/REAL-ORGS.md R1).
struct IdentityProviderRecord: Sendable {
    var id: String
    var key: String
    /// GOOGLE, SAML2, OIDC, …
    var type: String
    var name: String
    var profileMaster: Bool
    var created: String

    /// The source name real orgs give its mapping: `google_idp`, `saml_idp`, `oidc_idp`.
    var mappingSourceName: String {
        switch type {
        case "GOOGLE": return "google_idp"
        case "SAML2": return "saml_idp"
        default: return type.lowercased() + "_idp"
        }
    }
}

struct MappingRecord: Sendable {
    var id: String
    var sourceId: String
    var sourceType: String  // "appuser" or "user"
    var targetId: String
    var targetType: String
    var properties: [String: JSON]
}

// MARK: - Ids and time

enum IDs {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// Deterministic Okta-like id: prefix + base62 chars, 20 chars in all.
    static func make(_ prefix: String, _ key: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        var s = prefix
        var x = h
        while s.count < 20 {
            x = x &+ 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            s.append(alphabet[Int(z % 62)])
        }
        return s
    }

    static func random(prefix: String, length: Int) -> String {
        var s = prefix
        var g = SystemRandomNumberGenerator()
        while s.count < length { s.append(alphabet[Int(g.next() % 62)]) }
        return s
    }

    static func token() -> String {
        let chars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var g = SystemRandomNumberGenerator()
        return "00" + String((0..<40).map { _ in chars[Int(g.next() % UInt64(chars.count))] })
    }

    static let userTypeId = make("oty", "usertype:default")
    static let userSchemaId = make("osc", "userschema:default")
}

enum Clock {
    static func iso(_ date: Date) -> String {
        let ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        var t = time_t(ms / 1000)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        func p(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(p(tmv.tm_year + 1900, 4))-\(p(tmv.tm_mon + 1, 2))-\(p(tmv.tm_mday, 2))T\(p(tmv.tm_hour, 2)):\(p(tmv.tm_min, 2)):\(p(tmv.tm_sec, 2)).\(p(Int32(ms % 1000), 3))Z"
    }
}

// MARK: - Schema definitions

enum SchemaDefs {
    static let selfRW: JSON = [["principal": "SELF", "action": "READ_WRITE"]]

    static func baseAttr(_ title: String, required: Bool = false, extra: [String: JSON] = [:]) -> JSON {
        var o: [String: JSON] = [
            "title": .string(title), "type": "string", "mutability": "READ_WRITE", "scope": "NONE",
            "permissions": selfRW, "master": ["type": "PROFILE_MASTER"],
        ]
        if required { o["required"] = true }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    /// Okta's default user profile base attributes.
    static let userBase: [String: JSON] = [
        "login": baseAttr("Username", required: true, extra: ["minLength": 5, "maxLength": 100, "pattern": ".+"]),
        "firstName": baseAttr("First name", required: true, extra: ["minLength": 1, "maxLength": 50]),
        "lastName": baseAttr("Last name", required: true, extra: ["minLength": 1, "maxLength": 50]),
        "middleName": baseAttr("Middle name"),
        "honorificPrefix": baseAttr("Honorific prefix"),
        "honorificSuffix": baseAttr("Honorific suffix"),
        "email": baseAttr("Primary email", required: true, extra: ["format": "email"]),
        "title": baseAttr("Title"),
        "displayName": baseAttr("Display name"),
        "nickName": baseAttr("Nickname"),
        "profileUrl": baseAttr("Profile Url", extra: ["format": "uri"]),
        "secondEmail": baseAttr("Secondary email", extra: ["format": "email"]),
        "mobilePhone": baseAttr("Mobile phone", extra: ["maxLength": 100]),
        "primaryPhone": baseAttr("Primary phone", extra: ["maxLength": 100]),
        "streetAddress": baseAttr("Street address"),
        "city": baseAttr("City"),
        "state": baseAttr("State"),
        "zipCode": baseAttr("Zip code"),
        "countryCode": baseAttr("Country code", extra: ["format": "country-code"]),
        "postalAddress": baseAttr("Postal Address"),
        "preferredLanguage": baseAttr("Preferred language", extra: ["format": "language-code"]),
        "locale": baseAttr("Locale", extra: ["format": "locale"]),
        "timezone": baseAttr("Time zone", extra: ["format": "timezone"]),
        "userType": baseAttr("User type"),
        "employeeNumber": baseAttr("Employee number"),
        "costCenter": baseAttr("Cost center"),
        "organization": baseAttr("Organization"),
        "division": baseAttr("Division"),
        "department": baseAttr("Department"),
        "managerId": baseAttr("ManagerId"),
        "manager": baseAttr("Manager"),
    ]
    static let userBaseRequired: [String] = ["login", "firstName", "lastName", "email"]

    static func appBaseAttr(_ title: String, required: Bool = false, provisioning: Bool) -> JSON {
        var o: [String: JSON] = ["title": .string(title), "type": "string", "scope": "NONE"]
        if required { o["required"] = true }
        if provisioning {
            o["master"] = ["type": "PROFILE_MASTER"]
            o["mutability"] = "READ_WRITE"
        }
        return .object(o)
    }

    static func appBase(provisioning: Bool) -> [String: JSON] {
        var b: [String: JSON] = ["userName": appBaseAttr("Username", required: true, provisioning: provisioning)]
        if provisioning {
            b["givenName"] = appBaseAttr("Given name", provisioning: true)
            b["familyName"] = appBaseAttr("Family name", provisioning: true)
            b["email"] = appBaseAttr("Email", provisioning: true)
            b["displayName"] = appBaseAttr("Display name", provisioning: true)
        }
        return b
    }

    static let allowedTypes: Set<String> = ["string", "boolean", "number", "integer", "array"]
}

// MARK: - Seed format

struct SeedFile: Decodable {
    var description: String?
    var users: SeedUsers
    var apps: [SeedApp]
    var generate: SeedGenerate?
    var userSchemaCustom: [String: JSON]?
    /// App keys, highest priority first.
    var profileSourceOrder: [String]?
    /// Fill this Okta profile attribute with the user's Dialpad number for every user assigned to the `dialpad` app.
    var copyDialpadNumberTo: String?
    var identityProviders: [SeedIdentityProvider]?
    /// Custom user types beside the default one (docs/REAL-ORGS.md R7).
    var userTypes: [SeedUserType]?
}

struct SeedUserType: Decodable {
    var key: String
    var name: String
    var displayName: String
    /// Every Nth user (by number) has this type; the first type listed wins a tie.
    var every: Int
}

struct SeedIdentityProvider: Decodable {
    var key: String
    var type: String
    var name: String
    var profileMaster: Bool?
}

struct SeedUsers: Decodable {
    var count: Int
    /// Logins in place of the generated `userNNNN@example.com`, by user number: a login
    /// holding `/`, which getUser cannot fetch (docs/REAL-ORGS.md R24).
    var logins: [String: String]?
}

struct SeedGenerate: Decodable {
    var totalApps: Int?
    var provisioningEvery: Int?
    var provisioningAssign: Int?
    var userAttributes: Int?
    /// Every generated app gets an app -> Okta user mapping, as on real orgs (docs/REAL-ORGS.md R2).
    var mapEveryApp: Bool?
}

struct SeedApp: Decodable {
    var key: String
    var name: String
    var label: String
    var signOnMode: String?
    var status: String?
    var provisioning: Bool?
    var features: [String]?
    /// Assign the first N users (0 or absent: none; -1: all).
    var assign: Int?
    var customAttributes: [String: JSON]?
    var mappingToOkta: [String: JSON]?
    var mappingFromOkta: [String: JSON]?
    var deactivationAction: String?
    var url: String?
    /// When the app was added (default: the seed's time), so two apps of one label can differ by it.
    var created: String?
}

enum SeedConstants {
    static let dialpadExternalName = "phoneNumbers.^[type=='Dialpad'].value"
    static let mobileExternalName = "phoneNumbers.^[type=='mobile'].value"
    static let seedTime = "2026-01-15T10:00:00.000Z"
    static let firstNames = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Fatima", "Goro", "Hana", "Ivan", "Julia",
                             "Kenji", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomoko"]
    static let lastNames = ["Anders", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hayashi", "Ito", "Jensen",
                            "Kowalski", "Lopez", "Muller", "Nakamura", "Okafor", "Patel", "Rossi", "Sato", "Tanaka", "Weber"]

    static func pad(_ n: Int, _ w: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }

    static func dialpadNumber(_ n: Int) -> String { "+1415555" + pad(n, 4) }
    static func mobileNumber(_ n: Int) -> String { "+1650555" + pad(n, 4) }
}
